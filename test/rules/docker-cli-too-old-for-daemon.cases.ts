import { y, type RuleCases } from '../harness';

const job = (image: string, svc: string) => y`
  build:
    image: ${image}
    services:
      - ${svc}
    script:
      - docker build -t app .
`;

export const cases: RuleCases = {
  valid: [
    { name: 'same major (canonical Docker-executor TLS setup)', files: { '.gitlab-ci.yml': job('docker:29-cli', 'docker:29-dind') } },
    { name: 'old CLI with a daemon pinned to 24 (real-world Kubernetes pipeline)', files: { '.gitlab-ci.yml': job('docker:24-cli', 'docker:24-dind') } },
    { name: 'old CLI with dind 28 is still accepted', files: { '.gitlab-ci.yml': job('docker:20.10.16', 'docker:28-dind') } },
    { name: 'CLI tag from a variable is unknown', files: { '.gitlab-ci.yml': job('docker:$CLI_VERSION-cli', 'docker:dind') } },
    { name: 'no dind service and no runner known: host daemon unknown, stay quiet', files: { '.gitlab-ci.yml': 'build:\n  image: docker:20.10\n  script: [docker info]\n' } },
  ],
  invalid: [
    {
      name: 'docker:24 CLI with docker:dind',
      files: { '.gitlab-ci.yml': job('docker:24.0.5-cli', 'docker:dind') },
      findings: [{ line: 2, column: 10, endColumn: 27, severity: 'error', message: /Minimum supported API version is 1\.44/ }],
      fixes: [
        { title: 'Use docker:29-cli as the job image', output: { '.gitlab-ci.yml': job('docker:29-cli', 'docker:dind') } },
        { title: 'Pin the dind service to docker:28-dind (keeps the old CLI working) (then reported: docker-cli-dind-version-skew)', output: { '.gitlab-ci.yml': job('docker:24.0.5-cli', 'docker:28-dind') } },
      ],
    },
    {
      name: 'docker:stable image with pinned docker:29.1-dind (default: in an include)',
      files: {
        '.gitlab-ci.yml': 'include: ci/defaults.yml\nbuild:\n  script: [docker info]\n',
        'ci/defaults.yml': 'default:\n  image: "docker:stable"\n  services: [{ name: "docker:29.1-dind", alias: docker }]\n',
      },
      file: 'ci/defaults.yml',
      findings: [{ line: 2, column: 10, file: 'ci/defaults.yml', message: /runs Docker Engine 29/ }],
      fixes: [
        { title: 'Use docker:29-cli as the job image', output: { 'ci/defaults.yml': 'default:\n  image: "docker:29-cli"\n  services: [{ name: "docker:29.1-dind", alias: docker }]\n' } },
        { title: 'Pin the dind service to docker:28-dind (keeps the old CLI working) (then reported: docker-cli-dind-version-skew)', output: { 'ci/defaults.yml': 'default:\n  image: "docker:stable"\n  services: [{ name: "docker:28-dind", alias: docker }]\n' } },
      ],
    },
    {
      name: 'socket binding runner: host daemon version unknown → warning',
      files: {
        '.gitlab-ci.yml': 'build:\n  image: docker:19.03.12\n  script:\n    - docker build -t app .\n',
        'config.toml': y`
          [[runners]]
            executor = "docker"
            [runners.docker]
              image = "docker:29-cli"
              volumes = ["/var/run/docker.sock:/var/run/docker.sock", "/cache"]
        `,
      },
      findings: [{ line: 2, column: 10, severity: 'warning', message: /bound socket/ }],
      fixes: [{ title: 'Use docker:29-cli as the job image', output: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  script:\n    - docker build -t app .\n' } }],
    },
  ],
};
