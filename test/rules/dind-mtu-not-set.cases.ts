import { y, type RuleCases } from '../harness';

const k8sValues = y`
  runners:
    config: |
      [[runners]]
        [runners.kubernetes]
          privileged = true
`;

export const cases: RuleCases = {
  valid: [
    { name: 'MTU set on a Kubernetes runner', files: {
      '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services:
            - name: docker:29-dind
              command: ["--mtu=1400"]
          script: [docker info]
      `,
      'values.yaml': k8sValues,
    } },
    { name: 'self-managed docker executor: host MTU is the default 1500', files: {
      '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  script: [docker info]\n',
      'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n',
    } },
    { name: 'tagged job on an unknown self-managed runner', files: { '.gitlab-ci.yml': 'build:\n  tags: [docker]\n  image: docker:29-cli\n  services: [docker:29-dind]\n  script: [docker info]\n' } },
    { name: 'command from a variable may set it', files: { '.gitlab-ci.yml': 'build:\n  tags: [saas-linux-small-amd64]\n  image: docker:29-cli\n  services:\n    - name: docker:29-dind\n      command: ["$DIND_FLAGS"]\n  script: [docker info]\n' } },
  ],
  invalid: [
    {
      name: 'Kubernetes runner (Helm values next to the CI file), scalar service',
      files: {
        '.gitlab-ci.yml': y`
          build:
            image: docker:29-cli
            services:
              - docker:29-dind
            script: [docker info]
        `,
        'values.yaml': k8sValues,
      },
      findings: [{ line: 4, column: 7, endColumn: 21, severity: 'warning', message: /Kubernetes runner .* defaults to MTU 1500/ }],
      fixes: [{ title: 'Start dind with --mtu=1360', output: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services:
            - name: docker:29-dind
              command: ["--mtu=1360"]
          script: [docker info]
      ` } }],
    },
    {
      name: 'GitLab-hosted tag, existing flag list (real-world Kubernetes pipeline style)',
      files: { '.gitlab-ci.yml': y`
        build:
          tags: [saas-linux-small-amd64]
          image: docker:24-cli
          services:
            - name: docker:24-dind
              command:
                - --tls=false
          script: [docker info]
      ` },
      findings: [{ line: 5, column: 13, severity: 'warning', message: /GitLab-hosted/ }],
      fixes: [{ title: 'Start dind with --mtu=1360', output: { '.gitlab-ci.yml': y`
        build:
          tags: [saas-linux-small-amd64]
          image: docker:24-cli
          services:
            - name: docker:24-dind
              command:
                - --tls=false
                - --mtu=1360
          script: [docker info]
      ` } }],
    },
    {
      name: 'untagged, no runner known: conditional info; flow services; default shared by two jobs',
      files: { '.gitlab-ci.yml': 'default:\n  services: [docker:dind]\na:\n  image: docker:cli\n  script: [docker info]\nb:\n  image: docker:cli\n  script: [docker info]\n' },
      findings: [{ line: 2, column: 14, severity: 'info', message: /^.{20,100}?[.!?] If this untagged job runs on GitLab-hosted/ }],
      fixes: [{ title: 'Start dind with --mtu=1360', output: { '.gitlab-ci.yml': 'default:\n  services: [{ name: docker:dind, command: ["--mtu=1360"] }]\na:\n  image: docker:cli\n  script: [docker info]\nb:\n  image: docker:cli\n  script: [docker info]\n' } }],
    },
    {
      name: 'long form with an alias, flow command list quoted',
      files: { '.gitlab-ci.yml': 'build:\n  tags: [saas-linux-medium-amd64]\n  image: docker:29-cli\n  services:\n    - name: docker:29-dind\n      alias: docker\n  script: [docker info]\n' },
      findings: [{ line: 5, column: 13 }],
      fixes: [{ title: 'Start dind with --mtu=1360', output: { '.gitlab-ci.yml': 'build:\n  tags: [saas-linux-medium-amd64]\n  image: docker:29-cli\n  services:\n    - name: docker:29-dind\n      alias: docker\n      command: ["--mtu=1360"]\n  script: [docker info]\n' } }],
    },
  ],
};
