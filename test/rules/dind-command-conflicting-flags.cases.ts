import type { RuleCases } from '../harness';

const job = (cmd: string, certDir = '""', port = '2375') => `build:\n  image: docker:29-cli\n  services:\n    - name: docker:24-dind\n${cmd}  variables:\n    DOCKER_HOST: "tcp://docker:${port}"\n    DOCKER_TLS_CERTDIR: ${certDir}\n  script:\n    - docker info\n`;
const fr000 = (lines: string[]) => job(`      command:\n${lines.map((l) => `        - ${l}\n`).join('')}`);

export const cases: RuleCases = {
  valid: [
    { name: 'canonical TLS-off setup: --tls=false with DOCKER_TLS_CERTDIR ""', files: { '.gitlab-ci.yml': job('      command: ["--tls=false"]\n') } },
    { name: 'only unrelated flags with TLS on', files: { '.gitlab-ci.yml': job('      command: ["--mtu=1460", "--registry-mirror=https://mirror.example.com"]\n', '"/certs"', '2376') } },
    { name: 'custom dind image: TLS state unknown', files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services:\n    - name: registry.example.com/mydind:1\n      alias: docker\n      command: ["--tls=false", "--host=tcp://0.0.0.0:2375"]\n  script: [docker info]\n' } },
    { name: 'unix socket on a shared volume: service DOCKER_HOST moves the default socket', files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services:\n    - name: docker:29-dind\n      command: ["--host=unix:///var/run/docker.sock"]\n  variables:\n    DOCKER_HOST: unix:///runner/services/docker/docker.sock\n  script: [docker info]\n' } },
    { name: 'entrypoint bypassed (B7 territory)', files: { '.gitlab-ci.yml': job('      command: ["dockerd", "--host=tcp://0.0.0.0:2375"]\n') } },
  ],
  invalid: [
    {
      name: 'real-world Kubernetes pipeline: --host=tcp://0.0.0.0:2375 duplicates the entrypoint with TLS off',
      files: { '.gitlab-ci.yml': fr000(['--tls=false', '--host=tcp://0.0.0.0:2375', '--insecure-registry=10.0.0.5:5000']) },
      findings: [{ line: 7, column: 11, endColumn: 36, severity: 'info', message: /already added by dockerd-entrypoint.sh/ }],
      fixes: [{ title: "Remove '--host=tcp://0.0.0.0:2375' from the service command", output: { '.gitlab-ci.yml': fr000(['--tls=false', '--insecure-registry=10.0.0.5:5000']) } }],
    },
    {
      name: '--tls=false and -H tcp://0.0.0.0:2375 while TLS is on (default), flow list',
      files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services:\n    - name: docker:29-dind\n      command: ["--tls=false", "-H", "tcp://0.0.0.0:2375", "--host=unix:///var/run/docker.sock"]\n  script: [docker info]\n' },
      findings: [
        { line: 5, column: 17, severity: 'warning', message: /conflicts with TLS mode/ },
        { line: 5, column: 32, endColumn: 58, severity: 'warning', message: /second TCP listener/ },
        { line: 5, column: 60, severity: 'info' },
      ],
      fixes: [
        { title: "Remove '--tls=false' from the service command", output: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services:\n    - name: docker:29-dind\n      command: ["-H", "tcp://0.0.0.0:2375", "--host=unix:///var/run/docker.sock"]\n  script: [docker info]\n' } },
        { title: "Remove '-H tcp://0.0.0.0:2375' from the service command", output: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services:\n    - name: docker:29-dind\n      command: ["--tls=false", "--host=unix:///var/run/docker.sock"]\n  script: [docker info]\n' } },
        { title: "Remove '--host=unix:///var/run/docker.sock' from the service command", output: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services:\n    - name: docker:29-dind\n      command: ["--tls=false", "-H", "tcp://0.0.0.0:2375"]\n  script: [docker info]\n' } },
      ],
    },
    {
      name: 'only flag is a duplicate: the command key goes',
      files: { '.gitlab-ci.yml': job('      command: ["--host=tcp://0.0.0.0:2376"]\n', '"/certs"', '2376') },
      findings: [{ line: 5, column: 17, severity: 'info' }],
      fixes: [{ title: "Remove '--host=tcp://0.0.0.0:2376' from the service command", output: { '.gitlab-ci.yml': job('', '"/certs"', '2376') } }],
    },
  ],
};
