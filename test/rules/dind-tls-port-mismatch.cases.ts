import { y, type RuleCases } from '../harness';

const job = (vars: string, svc = '- docker:29-dind') => y`
  build:
    image: docker:29-cli
    services:
      ${svc}
    variables:
${vars}
    script:
      - docker build -t app .
`;

const DOCKER_RUNNER = '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n';

export const cases: RuleCases = {
  valid: [
    { name: 'TLS on (default) with 2376 (GitLab recommended)', files: { '.gitlab-ci.yml': job('      DOCKER_HOST: tcp://docker:2376\n      DOCKER_TLS_CERTDIR: "/certs"') } },
    { name: 'TLS off with 2375 (real-world Kubernetes pipeline)', files: { '.gitlab-ci.yml': job('      DOCKER_HOST: tcp://docker:2375\n      DOCKER_TLS_CERTDIR: ""') } },
    { name: 'service-level DOCKER_TLS_CERTDIR "" overrides the job', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services:
          - name: docker:29-dind
            variables:
              DOCKER_TLS_CERTDIR: ""
        variables:
          DOCKER_HOST: tcp://docker:2375
        script: [docker info]
    ` } },
    { name: 'custom dind image: TLS default unknown', files: { '.gitlab-ci.yml': job('      DOCKER_HOST: tcp://docker:2375', '- name: registry.example.com/mydind:1\n        alias: docker') } },
    { name: 'remote include may set DOCKER_TLS_CERTDIR', files: { '.gitlab-ci.yml': 'include:\n  - remote: https://example.com/ci.yml\n' + job('      DOCKER_HOST: tcp://docker:2375') } },
    { name: 'dind 18.09 defaults to TLS off', files: { '.gitlab-ci.yml': job('      DOCKER_HOST: tcp://docker:2375', '- docker:18.09-dind') } },
  ],
  invalid: [
    {
      name: 'Docker runner that shares /certs/client: the official image sets the client variables, port 2376 alone is the safe fix',
      files: { '.gitlab-ci.yml': job('      DOCKER_HOST: tcp://docker:2375'), 'config.toml': DOCKER_RUNNER + '    volumes = ["/cache", "/certs/client"]\n' },
      findings: [{ line: 6, column: 18, endColumn: 35, severity: 'error', message: /listens on 2376 only/ }],
      fixes: [
        { title: 'Use TLS: set DOCKER_HOST to port 2376', output: { '.gitlab-ci.yml': job('      DOCKER_HOST: tcp://docker:2376') } },
        { title: 'Turn TLS off: set DOCKER_TLS_CERTDIR to "" (then reported: dind-tls-disabled, dind-tls-off-startup-delay)', output: { '.gitlab-ci.yml': job('      DOCKER_HOST: tcp://docker:2375\n      DOCKER_TLS_CERTDIR: ""') } },
      ],
    },
    {
      name: 'Docker runner that shares no certificates: the TLS fix also shares /certs/client in the runner config',
      files: { '.gitlab-ci.yml': job('      DOCKER_HOST: tcp://docker:2375'), 'config.toml': DOCKER_RUNNER + '    volumes = ["/cache"]\n' },
      findings: [{ line: 6, column: 18, endColumn: 35, severity: 'error', message: /listens on 2376 only/ }],
      fixes: [
        { title: 'Use TLS: set DOCKER_HOST to port 2376, and share /certs/client in config.toml', output: { '.gitlab-ci.yml': job('      DOCKER_HOST: tcp://docker:2376'), 'config.toml': DOCKER_RUNNER + '    volumes = ["/cache", "/certs/client"]\n' } },
        { title: 'Turn TLS off: set DOCKER_TLS_CERTDIR to "" (then reported: dind-tls-disabled, dind-tls-off-startup-delay)', output: { '.gitlab-ci.yml': job('      DOCKER_HOST: tcp://docker:2375\n      DOCKER_TLS_CERTDIR: ""') } },
      ],
    },
    {
      name: 'global DOCKER_HOST 2375 with TLS default',
      files: { '.gitlab-ci.yml': y`
        variables:
          DOCKER_HOST: tcp://docker:2375
        build:
          image: docker:29-cli
          services:
            - docker:29-dind
          script:
            - docker info
      ` },
      findings: [{ line: 2, column: 16, endLine: 2, endColumn: 33, severity: 'error', message: /listens on 2376 only/ }],
      fixes: [
        { title: 'Use TLS: set DOCKER_HOST to port 2376, with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', output: { '.gitlab-ci.yml': y`
          variables:
            DOCKER_HOST: tcp://docker:2376
            DOCKER_TLS_VERIFY: "1"
            DOCKER_CERT_PATH: /certs/client
          build:
            image: docker:29-cli
            services:
              - docker:29-dind
            script:
              - docker info
        ` } },
        { title: 'Turn TLS off: set DOCKER_TLS_CERTDIR to "" (then reported: dind-tls-disabled, dind-tls-off-startup-delay)', output: { '.gitlab-ci.yml': y`
          variables:
            DOCKER_HOST: tcp://docker:2375
            DOCKER_TLS_CERTDIR: ""
          build:
            image: docker:29-cli
            services:
              - docker:29-dind
            script:
              - docker info
        ` } },
      ],
    },
    {
      name: 'TLS off with 2376, flow map',
      files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  variables: { DOCKER_HOST: "tcp://docker:2376", DOCKER_TLS_CERTDIR: "" }\n  script: [docker info]\n' },
      findings: [{ line: 4, column: 29, severity: 'error', message: /port 2376 is closed/ }],
      fixes: [
        { title: 'Use TLS: set DOCKER_TLS_CERTDIR to "/certs", with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', output: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  variables: { DOCKER_HOST: "tcp://docker:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: $DOCKER_TLS_CERTDIR/client, DOCKER_TLS_CERTDIR: "/certs" }\n  script: [docker info]\n' } },
        { title: 'Keep TLS off: set DOCKER_HOST to port 2375', output: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  variables: { DOCKER_HOST: "tcp://docker:2375", DOCKER_TLS_CERTDIR: "" }\n  script: [docker info]\n' } },
      ],
    },
    {
      name: 'value written in an included template reached through extends',
      files: {
        '.gitlab-ci.yml': y`
          include:
            - local: ci/templates.yml
          build:
            extends: .dind
            script:
              - docker info
        `,
        'ci/templates.yml': y`
          .dind:
            image: docker:29-cli
            services:
              - docker:29-dind
            variables:
              DOCKER_HOST: tcp://docker:2375
              DOCKER_TLS_CERTDIR: /certs
        `,
      },
      file: 'ci/templates.yml',
      findings: [{ line: 6, column: 18, file: 'ci/templates.yml' }],
      fixes: [
        { title: 'Use TLS: set DOCKER_HOST to port 2376, with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', output: { 'ci/templates.yml': y`
          .dind:
            image: docker:29-cli
            services:
              - docker:29-dind
            variables:
              DOCKER_HOST: tcp://docker:2376
              DOCKER_TLS_VERIFY: "1"
              DOCKER_CERT_PATH: $DOCKER_TLS_CERTDIR/client
              DOCKER_TLS_CERTDIR: /certs
        ` } },
        { title: 'Turn TLS off: set DOCKER_TLS_CERTDIR to "" (then reported: dind-tls-disabled, dind-tls-off-startup-delay)', output: { 'ci/templates.yml': y`
          .dind:
            image: docker:29-cli
            services:
              - docker:29-dind
            variables:
              DOCKER_HOST: tcp://docker:2375
              DOCKER_TLS_CERTDIR: ""
        ` } },
      ],
    },
  ],
};
