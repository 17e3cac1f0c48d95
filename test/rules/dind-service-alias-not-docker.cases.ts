import { y, type RuleCases } from '../harness';

const dockerRunner = y`
  [[runners]]
    name = "docker"
    executor = "docker"
    [runners.docker]
      image = "docker:29-cli"
      privileged = true
      volumes = ["/certs/client", "/cache"]
`;
const k8sRunner = y`
  [[runners]]
    executor = "kubernetes"
    [runners.kubernetes]
      privileged = true
`;

export const cases: RuleCases = {
  valid: [
    { name: 'real-world mixed-runner pipeline: harbor mirror with alias docker (top-level image/services)', files: { '.gitlab-ci.yml': y`
      image: harbor-registry.inner.yd.com/devops/docker:19.03-ydci
      services:
        - name: harbor-registry.inner.yd.com/devops/docker:19.03-dind
          alias: docker
      build-image:
        script:
          - docker build -t app .
    `, 'config.toml': dockerRunner } },
    { name: 'official docker:29-dind has the default alias docker', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [docker:29-dind]
        variables:
          DOCKER_HOST: tcp://docker:2376
        script: [docker info]
    ` } },
    { name: 'dependency proxy prefix with alias docker', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services:
          - name: $CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX/docker:29-dind
            alias: docker
        script: [docker info]
    ` } },
    { name: 'DOCKER_HOST names the explicit alias', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services:
          - name: registry.example.com/docker:29-dind
            alias: dind
        variables:
          DOCKER_HOST: tcp://dind:2375
          DOCKER_TLS_CERTDIR: ""
        script: [docker info]
    ` } },
    { name: 'Kubernetes executor: localhost reaches the service', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [registry.example.com/docker:29-dind]
        variables:
          DOCKER_HOST: tcp://localhost:2375
          DOCKER_TLS_CERTDIR: ""
        script: [docker info]
    `, 'config.toml': k8sRunner } },
    { name: 'DOCKER_HOST unset on Kubernetes: another rule (k8s-dind-docker-host-unset)', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [registry.example.com/docker:29-dind]
        script: [docker info]
    `, 'config.toml': k8sRunner } },
    { name: 'DOCKER_HOST unset and a custom job image: the client host is unknown', files: { '.gitlab-ci.yml': y`
      build:
        image: registry.example.com/tools/builder:1
        services: [registry.example.com/docker:29-dind]
        script: [docker info]
    ` } },
    { name: 'a runner-level service answers to docker', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [registry.example.com/docker:29-dind]
        variables:
          DOCKER_HOST: tcp://docker:2376
        script: [docker info]
    `, 'config.toml': dockerRunner + '    [[runners.docker.services]]\n      name = "docker:29-dind"\n' } },
    { name: 'remote daemon with a dotted host name', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [registry.example.com/docker:29-dind]
        variables:
          DOCKER_HOST: tcp://docker.build.internal:2376
        script: [docker info]
    ` } },
  ],
  invalid: [
    {
      name: 'registry mirror without alias, block list, DOCKER_HOST set',
      files: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services:
            - registry.example.com/group/docker:29-dind
          variables:
            DOCKER_HOST: tcp://docker:2376
          script:
            - docker info
      ` },
      findings: [{ line: 4, column: 7, endLine: 4, endColumn: 48, severity: 'error', message: /reachable only as 'registry\.example\.com__group__docker', 'registry\.example\.com-group-docker'/ }],
      fixes: [{ title: "Add `alias: docker` to service 'registry.example.com/group/docker:29-dind', with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH", output: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services:
            - name: registry.example.com/group/docker:29-dind
              alias: docker
          variables:
            DOCKER_HOST: tcp://docker:2376
            DOCKER_TLS_VERIFY: "1"
            DOCKER_CERT_PATH: /certs/client
          script:
            - docker info
      ` } }],
    },
    {
      name: 'flow list, DOCKER_HOST unset, official job image on a known Docker runner',
      files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [library/docker:29-dind]\n  script: [docker info]\n', 'config.toml': dockerRunner },
      findings: [{ line: 3, column: 14, severity: 'error', message: /DOCKER_HOST is not set/ }],
      fixes: [{ title: "Add `alias: docker` to service 'library/docker:29-dind'", output: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [{ name: library/docker:29-dind, alias: docker }]\n  script: [docker info]\n' } }],
    },
    {
      name: 'dependency proxy name (quoted, with variables), runner unknown: conditional warning',
      files: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services:
            - "$CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX/docker:29-dind"
          script:
            - docker build -t app .
      ` },
      findings: [{ line: 4, column: 7, severity: 'warning', message: /^.{20,100}?[.!?] If this job runs on the Docker executor/ }],
      fixes: [{ title: /^Add `alias: docker`/, output: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services:
            - name: "$CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX/docker:29-dind"
              alias: docker
          script:
            - docker build -t app .
      ` } }],
    },
    {
      name: 'long form with another explicit alias',
      files: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services:
            - name: docker.io/library/docker:29-dind
              alias: dind
          variables:
            DOCKER_HOST: tcp://docker:2376
          script: [docker info]
      ` },
      findings: [{ line: 4, column: 13, severity: 'error', message: /'docker\.io__library__docker', 'docker\.io-library-docker', 'dind'/ }],
      fixes: [{ title: "Set the service's alias to 'docker', with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH", output: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services:
            - name: docker.io/library/docker:29-dind
              alias: docker
          variables:
            DOCKER_HOST: tcp://docker:2376
            DOCKER_TLS_VERIFY: "1"
            DOCKER_CERT_PATH: /certs/client
          script: [docker info]
      ` } }],
    },
    {
      name: 'long form flow map in a template of an included file, reached through extends',
      files: {
        '.gitlab-ci.yml': y`
          include:
            - local: ci/dind.yml
          build:
            extends: .dind
            script:
              - docker build -t app .
        `,
        'ci/dind.yml': y`
          .dind:
            image: docker:29-cli
            services:
              - { name: "registry.example.com/docker:29-dind" }
            variables:
              DOCKER_HOST: tcp://docker:2376
        `,
      },
      file: 'ci/dind.yml',
      findings: [{ line: 4, column: 15, file: 'ci/dind.yml', severity: 'error' }],
      fixes: [{ title: /^Add `alias: docker`/, output: { 'ci/dind.yml': y`
        .dind:
          image: docker:29-cli
          services:
            - { name: "registry.example.com/docker:29-dind", alias: docker }
          variables:
            DOCKER_HOST: tcp://docker:2376
            DOCKER_TLS_VERIFY: "1"
            DOCKER_CERT_PATH: /certs/client
      ` } }],
    },
  ],
};
