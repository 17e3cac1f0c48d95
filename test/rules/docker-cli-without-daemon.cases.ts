import { y, type RuleCases } from '../harness';

const socketRunner = y`
  [[runners]]
    name = "docker-socket"
    executor = "docker"
    [runners.docker]
      image = "docker:29-cli"
      privileged = false
      volumes = ["/var/run/docker.sock:/var/run/docker.sock", "/cache"]
`;
const plainRunner = y`
  [[runners]]
    name = "docker"
    executor = "docker"
    [runners.docker]
      image = "alpine:3.20"
      privileged = true
      volumes = ["/cache"]
`;
const build = y`
  build:
    image: docker:29-cli
    script:
      - docker build -t app .
`;

export const cases: RuleCases = {
  valid: [
    { name: 'socket binding runner (canonical socket binding)', files: { '.gitlab-ci.yml': build, 'config.toml': socketRunner } },
    { name: 'runner-level dind service', files: { '.gitlab-ci.yml': build, 'config.toml': plainRunner + '    [[runners.docker.services]]\n      name = "docker:29-dind"\n      alias = "docker"\n' } },
    { name: 'shell runner with the docker group (canonical shell executor)', files: { '.gitlab-ci.yml': build, 'config.toml': '[[runners]]\n  executor = "shell"\n' } },
    { name: 'runner environment sets DOCKER_HOST', files: { '.gitlab-ci.yml': build, 'config.toml': '[[runners]]\n  executor = "docker"\n  environment = ["DOCKER_HOST=tcp://dockerd.internal:2375"]\n  [runners.docker]\n    image = "alpine"\n' } },
    { name: 'dind service present (canonical Docker-executor TLS setup)', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services:
          - name: docker:29-dind
            alias: docker
        variables:
          DOCKER_HOST: tcp://docker:2376
          DOCKER_TLS_CERTDIR: "/certs"
        script:
          - docker build -t app .
    `, 'config.toml': plainRunner } },
    { name: 'only daemonless docker commands (login, manifest, buildx imagetools, --version)', files: { '.gitlab-ci.yml': y`
      release:
        image: docker:29-cli
        script:
          - docker --version
          - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"
          - docker manifest inspect "$CI_REGISTRY_IMAGE:latest"
          - docker buildx imagetools create -t "$CI_REGISTRY_IMAGE:latest" "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"
    `, 'config.toml': plainRunner } },
    { name: 'buildx with the kubernetes driver needs no daemon', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        script:
          - docker buildx create --driver kubernetes --name k8s --use
          - docker buildx build --push -t "$CI_REGISTRY_IMAGE" .
    `, 'config.toml': plainRunner } },
    { name: 'the script starts dockerd itself', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-dind
        script:
          - dockerd-entrypoint.sh &
          - sleep 5
          - docker build -t app .
    `, 'config.toml': plainRunner } },
    { name: 'runner unknown, DOCKER_HOST set to the socket: stays quiet', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        variables:
          DOCKER_HOST: unix:///var/run/docker.sock
        script:
          - docker build -t app .
    ` } },
    { name: 'DOCKER_HOST over TCP (a remote daemon; other rules check the host)', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        variables:
          DOCKER_HOST: tcp://dockerd.example.com:2376
        script:
          - docker build -t app .
    `, 'config.toml': plainRunner } },
    { name: 'service image with variables may be a daemon', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [$DIND_IMAGE]
        script:
          - docker build -t app .
    `, 'config.toml': plainRunner } },
    { name: 'remote include may set DOCKER_HOST', files: { '.gitlab-ci.yml': 'include:\n  - remote: https://example.com/ci.yml\n' + build } },
    { name: 'assumed shell executor', files: { '.gitlab-ci.yml': build }, options: { runner: { executor: 'shell' } } },
  ],
  invalid: [
    {
      name: 'known Docker runner without daemon: error; fix adds service, variables and the runner settings (certs volume)',
      files: { '.gitlab-ci.yml': build, 'config.toml': plainRunner },
      findings: [{ line: 4, column: 7, endLine: 4, endColumn: 13, severity: 'error', message: /lookup docker … no such host/ }],
      fixes: [{ title: 'Add a docker:29-dind service with TLS (DOCKER_HOST tcp://docker:2376), with the runner settings dind needs in config.toml (then reported: dind-registry-rate-limits, dind-mtu-not-set)', output: {
        '.gitlab-ci.yml': y`
          build:
            image: docker:29-cli
            script:
              - docker build -t app .
            services:
              - name: docker:29-dind
                alias: docker
            variables:
              DOCKER_HOST: tcp://docker:2376
              DOCKER_TLS_CERTDIR: /certs
              DOCKER_TLS_VERIFY: "1"
              DOCKER_CERT_PATH: $DOCKER_TLS_CERTDIR/client
        `,
        'config.toml': plainRunner.replace('volumes = ["/cache"]', 'volumes = ["/cache", "/certs/client"]'),
      } }],
    },
    {
      name: 'runner unknown: conditional warning; the own variables map gets the entries',
      files: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          variables:
            IMAGE: app
          script:
            - docker build -t "$IMAGE" .
      ` },
      findings: [{ line: 6, column: 7, severity: 'warning', message: /^.{20,100}?[.!?] This job runs `docker build` but the job has no dind service and DOCKER_HOST is not set\. Unless/ }],
      fixes: [{ title: 'Add a docker:29-dind service with TLS (DOCKER_HOST tcp://docker:2376) (then reported: dind-registry-rate-limits, dind-mtu-not-set)', output: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          variables:
            IMAGE: app
            DOCKER_HOST: tcp://docker:2376
            DOCKER_TLS_CERTDIR: /certs
            DOCKER_TLS_VERIFY: "1"
            DOCKER_CERT_PATH: $DOCKER_TLS_CERTDIR/client
          script:
            - docker build -t "$IMAGE" .
          services:
            - name: docker:29-dind
              alias: docker
      ` } }],
    },
    {
      name: 'known Kubernetes runner, DOCKER_HOST names the socket: the node socket is never in the pod, error',
      files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  variables: { DOCKER_HOST: "unix:///var/run/docker.sock" }\n  script: [docker build .]\n', 'config.toml': '[[runners]]\n  executor = "kubernetes"\n' },
      findings: [{ line: 4, column: 12, severity: 'error', message: /DOCKER_HOST names only the local Unix socket/ }],
      fixes: [{ title: /^Add a docker:29-dind service with TLS/, output: {} }],
    },
    {
      name: 'known Docker runner without the socket bind, DOCKER_HOST names the socket (a job written for socket binding): info only; the dind fix (not preferred) replaces it in place',
      files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  variables: { DOCKER_HOST: "unix:///var/run/docker.sock" }\n  script: [docker compose up -d]\n', 'config.toml': '[[runners]]\n  executor = "docker"\n' },
      findings: [{ line: 4, column: 12, severity: 'info', message: /expects a runner that binds the host's Docker socket; none in view does/ }],
      fixes: [{ title: "Add a docker:29-dind service with TLS (DOCKER_HOST tcp://docker:2376), with the runner settings dind needs in config.toml, instead of the host's socket (then reported: dind-registry-rate-limits, dind-mtu-not-set)", output: { 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = false\n    services_privileged = true  # dind needs a privileged service container\n    allowed_privileged_services = ["docker:*-dind"]\n    volumes = ["/certs/client", "/cache"]\n', '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  variables: { DOCKER_HOST: "tcp://docker:2376", DOCKER_TLS_CERTDIR: /certs, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: $DOCKER_TLS_CERTDIR/client }\n  script: [docker compose up -d]\n  services:\n    - name: docker:29-dind\n      alias: docker\n' } }],
    },
    {
      name: 'real-world Kubernetes pipeline: Kubernetes runner from Helm values; fix adds a readiness port and the certs and storage empty_dirs in values.yaml',
      files: {
        '.gitlab-ci.yml': y`
          build:
            image: docker:29-cli
            script:
              - docker info
              - docker build -t app .
        `,
        'values.yaml': y`
          gitlabUrl: https://gitlab.example.com/
          runners:
            config: |
              [[runners]]
                [runners.kubernetes]
                  image = "alpine:3.20"
                  privileged = true
        `,
      },
      findings: [{ line: 4, column: 7, severity: 'error', message: /Cannot connect to the Docker daemon at unix:\/\/\/var\/run\/docker\.sock/ }],
      fixes: [{ title: 'Add a docker:29-dind service with TLS (DOCKER_HOST tcp://docker:2376), with the runner settings dind needs in values.yaml (then reported: dind-registry-rate-limits)', output: {
        '.gitlab-ci.yml': y`
          build:
            image: docker:29-cli
            script:
              - docker info
              - docker build -t app .
            services:
              - name: docker:29-dind
                alias: docker
                command: [--mtu=1360]
                variables:
                  HEALTHCHECK_TCP_PORT: "2376"
            variables:
              DOCKER_HOST: tcp://docker:2376
              DOCKER_TLS_CERTDIR: /certs
              DOCKER_TLS_VERIFY: "1"
              DOCKER_CERT_PATH: $DOCKER_TLS_CERTDIR/client
        `,
        'values.yaml': y`
          gitlabUrl: https://gitlab.example.com/
          runners:
            config: |
              [[runners]]
                [runners.kubernetes]
                  image = "alpine:3.20"
                  privileged = true
                  [[runners.kubernetes.volumes.empty_dir]]
                    name = "docker-certs"
                    mount_path = "/certs/client"
                    medium = "Memory"
                  [[runners.kubernetes.volumes.empty_dir]]
                    name = "dind-storage"
                    mount_path = "/var/lib/docker"
        `,
      } }],
    },
    {
      name: 'command written in an included template; the fix goes to the job',
      files: {
        '.gitlab-ci.yml': y`
          include: ci/build.yml
          build:
            extends: .build
            image: docker:29-cli
        `,
        'ci/build.yml': y`
          .build:
            script:
              - docker push "$CI_REGISTRY_IMAGE"
        `,
      },
      file: 'ci/build.yml',
      findings: [{ line: 3, column: 7, file: 'ci/build.yml', severity: 'warning' }],
      fixes: [{ title: /^Add a docker:29-dind service/, output: { '.gitlab-ci.yml': y`
        include: ci/build.yml
        build:
          extends: .build
          image: docker:29-cli
          services:
            - name: docker:29-dind
              alias: docker
          variables:
            DOCKER_HOST: tcp://docker:2376
            DOCKER_TLS_CERTDIR: /certs
            DOCKER_TLS_VERIFY: "1"
            DOCKER_CERT_PATH: $DOCKER_TLS_CERTDIR/client
      ` } }],
    },
  ],
};
