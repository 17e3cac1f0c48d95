import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'pinned CLI and dind (canonical Docker-executor TLS setup)', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services:
          - name: docker:29.7.2-dind
            alias: docker
        script: [docker info]
    ` } },
    { name: 'pinned by digest (msclock / a2a-rust pattern)', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:cli@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
        services:
          - docker@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
        script: [docker info]
    ` } },
    { name: 'tag made of variables is unknown, not unpinned', files: { '.gitlab-ci.yml': y`
      variables:
        DOCKER_VERSION: "29"
      build:
        image: docker:$DOCKER_VERSION-cli
        services: ["docker:\${DOCKER_VERSION}-dind"]
        script: [docker info]
    ` } },
    { name: 'not the docker image (alpine:latest, dockerhub user image)', files: { '.gitlab-ci.yml': y`
      build:
        image: alpine:latest
        services: [jpetazzo/dind:latest]
        script: [echo hi]
    ` } },
    { name: 'runner with pinned images (real-world mixed-runner pipeline)', file: 'config.toml', files: { 'config.toml': y`
      [[runners]]
        name = "docker"
        executor = "docker"
        [runners.docker]
          image = "docker:20.10.16"
          privileged = true
          volumes = ["/certs/client", "/cache"]
    ` } },
  ],
  invalid: [
    {
      name: 'docker:latest job image and docker:dind service',
      files: { '.gitlab-ci.yml': y`
        build:
          image: docker:latest
          services:
            - docker:dind
          script:
            - docker info
      ` },
      findings: [
        { line: 2, column: 10, endLine: 2, endColumn: 23, severity: 'warning', message: /docker:29-cli/ },
        { line: 4, column: 7, severity: 'warning', message: /docker:29-dind/ },
      ],
      fixes: [
        { title: 'Pin to docker:29-cli', output: { '.gitlab-ci.yml': y`
          build:
            image: docker:29-cli
            services:
              - docker:dind
            script:
              - docker info
        ` } },
        { title: 'Pin to docker:29-dind', output: { '.gitlab-ci.yml': y`
          build:
            image: docker:latest
            services:
              - docker:29-dind
            script:
              - docker info
        ` } },
      ],
    },
    {
      name: 'docker:stable in an included template, mirror keeps its registry, quotes kept',
      files: {
        '.gitlab-ci.yml': 'include:\n  - local: ci/base.yml\nbuild:\n  extends: .base\n  script: [docker info]\n',
        'ci/base.yml': y`
          .base:
            image: "registry.example.com:5000/mirror/docker:stable"
            services:
              - name: docker:stable-dind
                alias: docker
        `,
      },
      file: 'ci/base.yml',
      findings: [
        { line: 2, column: 10, file: 'ci/base.yml', message: /stale legacy tag/ },
        { line: 4, column: 13, file: 'ci/base.yml', message: /stale legacy tag/ },
      ],
      fixes: [
        { title: 'Upgrade to registry.example.com:5000/mirror/docker:29-cli (the stable tag is Docker 19.03)', output: { 'ci/base.yml': y`
          .base:
            image: "registry.example.com:5000/mirror/docker:29-cli"
            services:
              - name: docker:stable-dind
                alias: docker
        ` } },
        { title: 'Upgrade to docker:29-dind and the job image to registry.example.com:5000/mirror/docker:29-cli (the stable-dind tag is Docker 19.03)', output: { 'ci/base.yml': y`
          .base:
            image: "registry.example.com:5000/mirror/docker:29-cli"
            services:
              - name: docker:29-dind
                alias: docker
        ` } },
      ],
    },
    {
      name: 'dependency-proxy prefix: registry unknown, tag still unpinned',
      files: { '.gitlab-ci.yml': 'build:\n  image: ${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/docker:cli\n  script: [docker info]\n' },
      findings: [{ line: 2, column: 10 }],
      fixes: [{ title: 'Pin to ${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/docker:29-cli', output: { '.gitlab-ci.yml': 'build:\n  image: ${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/docker:29-cli\n  script: [docker info]\n' } }],
    },
    {
      name: 'runner default image and runner-level dind service (config.toml)',
      file: 'config.toml',
      files: { 'config.toml': y`
        [[runners]]
          name = "dind"
          executor = "docker"
          [runners.docker]
            image = "docker:latest"
            privileged = true
          [[runners.docker.services]]
            name = 'docker:dind'
            alias = "docker"
      ` },
      findings: [
        { line: 5, column: 13, endColumn: 28, file: 'config.toml', message: /\[runners\.docker\] image/ },
        { line: 8, column: 12, file: 'config.toml', message: /runner-level service/ },
      ],
      fixes: [
        { title: 'Pin to docker:29-cli', output: { 'config.toml': y`
          [[runners]]
            name = "dind"
            executor = "docker"
            [runners.docker]
              image = "docker:29-cli"
              privileged = true
            [[runners.docker.services]]
              name = 'docker:dind'
              alias = "docker"
        ` } },
        { title: 'Pin to docker:29-dind', output: { 'config.toml': y`
          [[runners]]
            name = "dind"
            executor = "docker"
            [runners.docker]
              image = "docker:latest"
              privileged = true
            [[runners.docker.services]]
              name = 'docker:29-dind'
              alias = "docker"
        ` } },
      ],
    },
    {
      name: 'Helm values: [runners.kubernetes] image inside runners.config',
      file: 'values.yaml',
      files: { 'values.yaml': y`
        gitlabUrl: https://gitlab.example.com/
        runners:
          config: |
            [[runners]]
              [runners.kubernetes]
                namespace = "ci"
                image = "docker:cli"
                privileged = true
      ` },
      findings: [{ line: 7, column: 17, file: 'values.yaml' }],
      fixes: [{ title: 'Pin to docker:29-cli', output: { 'values.yaml': y`
        gitlabUrl: https://gitlab.example.com/
        runners:
          config: |
            [[runners]]
              [runners.kubernetes]
                namespace = "ci"
                image = "docker:29-cli"
                privileged = true
      ` } }],
    },
  ],
};
