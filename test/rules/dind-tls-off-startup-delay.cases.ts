import { y, type RuleCases } from '../harness';

const job = (svc: string) => `build:\n  image: docker:29-cli\n  services:\n${svc}  variables:\n    DOCKER_HOST: tcp://docker:2375\n    DOCKER_TLS_CERTDIR: ""\n  script:\n    - docker info\n`;

export const cases: RuleCases = {
  valid: [
    { name: 'canonical TLS-off setup: command ["--tls=false"]', files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      command: ["--tls=false"]\n') } },
    { name: 'real-world Kubernetes pipeline states --tls=false', files: { '.gitlab-ci.yml': job('    - name: docker:24-dind\n      command:\n        - --tls=false\n        - --host=tcp://0.0.0.0:2375\n') } },
    { name: '--tlsverify=false also counts', files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      command: ["--tlsverify=false"]\n') } },
    { name: 'TLS on', files: { '.gitlab-ci.yml': job('    - docker:29-dind\n').replace('""', '"/certs"').replace('2375', '2376') } },
    { name: 'dind 19.03 predates the slow start', files: { '.gitlab-ci.yml': job('    - docker:19.03-dind\n') } },
    { name: 'docker:stable-dind (frozen at 19.03, no slow start)', files: { '.gitlab-ci.yml': job('    - docker:stable-dind\n') } },
    { name: 'custom dind image', files: { '.gitlab-ci.yml': job('    - name: registry.example.com/ci/dind:1\n      alias: docker\n') } },
  ],
  invalid: [
    {
      name: 'string service item becomes the long form',
      files: { '.gitlab-ci.yml': job('    - docker:29-dind\n') },
      findings: [{ line: 4, column: 7, endColumn: 21, severity: 'info', message: /waits ~15 s/ }],
      fixes: [{ title: 'Start dind with --tls=false', output: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      command: ["--tls=false"]\n') } }],
    },
    {
      name: 'flow list item',
      files: { '.gitlab-ci.yml': job('    [docker:29-dind]\n').replace('services:\n    [', 'services: [').replace(']\n  variables', ']\n  variables') },
      findings: [{ line: 3, column: 14, severity: 'info' }],
      fixes: [{ title: 'Start dind with --tls=false', output: { '.gitlab-ci.yml': job('    [{ name: docker:29-dind, command: ["--tls=false"] }]\n').replace('services:\n    [', 'services: [') } }],
    },
    {
      name: 'Kubernetes runner, existing flag list (single quotes kept), global TLS-off variable',
      files: {
        '.gitlab-ci.yml': y`
          variables:
            DOCKER_TLS_CERTDIR: ""
          build:
            image: docker:29-cli
            services:
              - name: docker:29-dind
                alias: docker
                command:
                  - '--mtu=1450'
            script:
              - docker info
        `,
        'config.toml': '[[runners]]\n  executor = "kubernetes"\n',
      },
      findings: [{ line: 6, column: 13, severity: 'warning', message: /widens the startup race/ }],
      fixes: [{ title: 'Start dind with --tls=false', output: { '.gitlab-ci.yml': y`
        variables:
          DOCKER_TLS_CERTDIR: ""
        build:
          image: docker:29-cli
          services:
            - name: docker:29-dind
              alias: docker
              command:
                - '--mtu=1450'
                - '--tls=false'
          script:
            - docker info
      ` } }],
    },
  ],
};
