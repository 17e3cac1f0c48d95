import { y, type RuleCases } from '../harness';

const k8s = '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = true\n';
const helm = y`
  runners:
    config: |
      [[runners]]
        [runners.kubernetes]
          privileged = true
`;
const job = y`
  build:
    image: docker:29-cli
    services:
      - docker:29-dind
    script:
      - docker build -t app .
`;

export const cases: RuleCases = {
  valid: [
    { name: 'canonical Kubernetes TLS setup', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services:
          - name: docker:29-dind
            alias: docker
        variables:
          DOCKER_HOST: tcp://docker:2376
          DOCKER_TLS_CERTDIR: "/certs"
          DOCKER_TLS_VERIFY: "1"
          DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"
        script: [docker info]
    `, 'values.yaml': helm } },
    { name: 'Docker executor: the entrypoint sets DOCKER_HOST', files: { '.gitlab-ci.yml': job, 'config.toml': '[[runners]]\n  executor = "docker"\n' } },
    { name: 'runner unknown, no Kubernetes hint', files: { '.gitlab-ci.yml': job } },
    { name: 'FF_KUBERNETES_HONOR_ENTRYPOINT in the runner', files: { '.gitlab-ci.yml': job, 'config.toml': k8s + '  [runners.feature_flags]\n    FF_KUBERNETES_HONOR_ENTRYPOINT = true\n' } },
    { name: 'runner environment sets DOCKER_HOST', files: { '.gitlab-ci.yml': job, 'config.toml': '[[runners]]\n  executor = "kubernetes"\n  environment = ["DOCKER_HOST=tcp://docker:2375"]\n' } },
    { name: 'job without docker commands (inherits the dind service)', files: { '.gitlab-ci.yml': y`
      unit_test:
        image: maven:3
        services: [docker:29-dind]
        script: [mvn test]
    `, 'config.toml': k8s } },
  ],
  invalid: [
    {
      name: 'Helm Kubernetes runner, TLS by default: error, fix adds the TLS client variables and the certificate volume',
      files: { '.gitlab-ci.yml': job, 'values.yaml': helm },
      findings: [{ line: 1, column: 1, endColumn: 6, severity: 'error', message: /does not run the image entrypoint/ }],
      fixes: [{ title: 'Set DOCKER_HOST to tcp://docker:2376 with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH (TLS), and share /certs/client in values.yaml', output: { 'values.yaml': y`
        runners:
          config: |
            [[runners]]
              [runners.kubernetes]
                privileged = true
                [[runners.kubernetes.volumes.empty_dir]]
                  name = "docker-certs"
                  mount_path = "/certs/client"
                  medium = "Memory"
      `, '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services:
            - docker:29-dind
          script:
            - docker build -t app .
          variables:
            DOCKER_HOST: tcp://docker:2376
            DOCKER_TLS_VERIFY: "1"
            DOCKER_CERT_PATH: /certs/client
      ` } }],
    },
    {
      name: 'real-world mixed-runner pipeline: tags [k8s], runner unknown, custom image: warning; TLS off adds 2375 to the own variables',
      files: { '.gitlab-ci.yml': y`
        build-image:
          image: harbor-registry.inner.yd.com/devops/docker:19.03-ydci
          services:
            - name: harbor-registry.inner.yd.com/devops/docker:19.03-dind
              alias: docker
          tags:
            - k8s
          variables:
            DOCKER_TLS_CERTDIR: ""
          script:
            - docker build -t app .
      ` },
      findings: [{ line: 1, column: 1, severity: 'warning', message: /^.{20,100}?[.!?] If this job runs on a Kubernetes executor/ }],
      fixes: [{ title: 'Set DOCKER_HOST to tcp://docker:2375 (TLS off)', output: { '.gitlab-ci.yml': y`
        build-image:
          image: harbor-registry.inner.yd.com/devops/docker:19.03-ydci
          services:
            - name: harbor-registry.inner.yd.com/devops/docker:19.03-dind
              alias: docker
          tags:
            - k8s
          variables:
            DOCKER_TLS_CERTDIR: ""
            DOCKER_HOST: tcp://docker:2375
          script:
            - docker build -t app .
      ` } }],
    },
    {
      name: 'custom dind image: TLS unknown, both fixes',
      files: { '.gitlab-ci.yml': 'build: { image: docker:29-cli, services: [{ name: my/dind:1, alias: docker }], script: [docker info] }\n', 'config.toml': k8s },
      findings: [{ line: 1, column: 1, severity: 'error' }],
      fixes: [
        { title: 'Set DOCKER_HOST to tcp://docker:2376 with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH (TLS), and share /certs/client in config.toml', output: { 'config.toml': k8s + '    [[runners.kubernetes.volumes.empty_dir]]\n      name = "docker-certs"\n      mount_path = "/certs/client"\n      medium = "Memory"\n', '.gitlab-ci.yml': 'build: { image: docker:29-cli, services: [{ name: my/dind:1, alias: docker }], script: [docker info], variables: { DOCKER_HOST: tcp://docker:2376, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: /certs/client } }\n' } },
        { title: 'Set DOCKER_HOST to tcp://docker:2375 (TLS off)', output: { '.gitlab-ci.yml': 'build: { image: docker:29-cli, services: [{ name: my/dind:1, alias: docker }], script: [docker info], variables: { DOCKER_HOST: tcp://docker:2375 } }\n' } },
      ],
    },
  ],
};
