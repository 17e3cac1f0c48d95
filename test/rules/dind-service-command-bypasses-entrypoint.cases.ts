import type { RuleCases } from '../harness';

const job = (svc: string, vars = '    DOCKER_HOST: tcp://docker:2375\n    DOCKER_TLS_CERTDIR: ""\n') => `build:\n  image: docker:29-cli\n  services:\n${svc}  variables:\n${vars}  script:\n    - docker info\n`;

export const cases: RuleCases = {
  valid: [
    { name: 'flags only (canonical TLS-off setup)', files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      command: ["--tls=false"]\n') } },
    { name: 'real-world Kubernetes pipeline: flags only', files: { '.gitlab-ci.yml': job('    - name: docker:24-dind\n      command:\n        - --tls=false\n        - --host=tcp://0.0.0.0:2375\n') } },
    { name: 'GitLab x509 troubleshooting wrapper calls dockerd-entrypoint.sh', files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      command: ["/bin/sh", "-c", "update-ca-certificates && dockerd-entrypoint.sh || exit"]\n') } },
    { name: 'entrypoint set to dockerd-entrypoint.sh with flags', files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      entrypoint: ["dockerd-entrypoint.sh", "--tls=false"]\n') } },
    { name: 'command starts with dockerd-entrypoint.sh', files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      command: ["dockerd-entrypoint.sh", "--mtu=1460"]\n') } },
    { name: 'not a dind service', files: { '.gitlab-ci.yml': job('    - name: postgres:16\n      command: ["postgres", "-c", "fsync=off"]\n') } },
    { name: 'env wrapper in entrypoint, dockerd-entrypoint.sh in command (Kubernetes DOCKER_HOST workaround)', files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      entrypoint: ["env", "-u", "DOCKER_HOST"]\n      command: ["dockerd-entrypoint.sh"]\n') } },
    { name: 'env with an assignment and --unset=, then the entrypoint script with flags', files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      entrypoint: ["/usr/bin/env", "--unset=DOCKER_HOST", "FOO=1", "dockerd-entrypoint.sh", "--mtu=1400"]\n') } },
    { name: 'tini -- dockerd-entrypoint.sh as entrypoint', files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      entrypoint: ["/sbin/tini", "-g", "--", "dockerd-entrypoint.sh"]\n      command: ["--mtu=1400"]\n') } },
    { name: 'dumb-init in command: the image entrypoint execs it, and it runs the entrypoint script', files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      command: ["dumb-init", "--single-child", "dockerd-entrypoint.sh", "--mtu=1400"]\n') } },
    { name: 'env then sh -c calling the entrypoint script', files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      entrypoint: ["env", "-u", "DOCKER_HOST", "sh", "-c", "update-ca-certificates && exec dockerd-entrypoint.sh \\"$@\\"", "--"]\n') } },
    { name: 'env -S splits a string: unknown, quiet', files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      entrypoint: ["env", "-S", "dockerd --mtu=1400"]\n') } },
    { name: 'runner-level service with an env wrapper', files: { 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n  [[runners.docker.services]]\n    name = "docker:29-dind"\n    entrypoint = ["env", "-u", "DOCKER_HOST"]\n    command = ["dockerd-entrypoint.sh"]\n' } },
    { name: 'runner-level dind service with flags only', files: { 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n  [[runners.docker.services]]\n    name = "docker:29-dind"\n    command = ["--mtu=1460"]\n' } },
  ],
  invalid: [
    {
      name: 'docker-library#396: dockerd -H tcp://0.0.0.0:2375 while TLS defaults on and the client uses 2376',
      files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      command: ["dockerd", "-H", "tcp://0.0.0.0:2375"]\n', '    DOCKER_HOST: tcp://docker:2376\n') },
      findings: [{ line: 5, column: 17, endColumn: 26, severity: 'error', message: /do not open port 2376/ }],
      fixes: [{ title: "Let the entrypoint start dockerd: drop 'dockerd' and its --host/--tls flags", output: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n', '    DOCKER_HOST: tcp://docker:2376\n') } }],
    },
    {
      name: 'plain dockerd with a flag, block list',
      files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      command:\n        - dockerd\n        - --mtu=1460\n') },
      findings: [{ line: 6, column: 11, severity: 'error', message: /only on the unix socket/ }],
      fixes: [{ title: "Let the entrypoint start dockerd: replace 'dockerd' by --tls=false (TLS stays off)", output: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      command:\n        - --tls=false\n        - --mtu=1460\n') } }],
    },
    {
      name: 'own tcp host with TLS off: reachable, warning',
      files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      command: [dockerd, --host=tcp://0.0.0.0:2375, --host=unix:///var/run/docker.sock, --tls=false]\n') },
      findings: [{ line: 5, column: 17, severity: 'warning', message: /keep it reachable/ }],
      fixes: [{ title: "Let the entrypoint start dockerd: drop 'dockerd' and its --host/--tls flags", output: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      command: [--tls=false]\n') } }],
    },
    {
      name: 'entrypoint dockerd',
      files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      entrypoint: ["dockerd", "--mtu=1460"]\n') },
      findings: [{ line: 5, column: 20, severity: 'error' }],
      fixes: [{ title: 'Let the entrypoint start dockerd: pass the flags as command, with --tls=false (TLS stays off)', output: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      command: ["--mtu=1460", "--tls=false"]\n') } }],
    },
    {
      name: 'shell wrapper without the entrypoint, client unknown (no DOCKER_HOST, runner unknown): warning',
      files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      command: ["sh", "-c", "dockerd --host=tcp://0.0.0.0:2375"]\n', '    FOO: bar\n') },
      findings: [{ line: 5, column: 17, severity: 'warning' }],
    },
    {
      name: 'env wrapper that starts dockerd itself: still a bypass, reported on dockerd, no fix (removing it would leave env with nothing to run)',
      files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      entrypoint: ["env", "-u", "DOCKER_HOST"]\n      command: ["dockerd", "--mtu=1400"]\n') },
      findings: [{ line: 6, column: 17, endColumn: 26, severity: 'error', message: /^`command` 'dockerd' bypasses dockerd-entrypoint\.sh: the client cannot connect\. `command` starts `dockerd` directly, so dockerd-entrypoint\.sh never runs: no TLS certificates, no default --host=tcp:\/\/0\.0\.0\.0:2375\/2376, and DOCKER_TLS_CERTDIR is ignored\. Without your own --host=tcp:\/\/… the daemon listens only on the unix socket inside the service, so the job fails with `Cannot connect to the Docker daemon at tcp:\/\/docker:237x\. Is the docker daemon running\?` Pass only flags/ }],
    },
    {
      name: 'tini with no program after its options: the container exits',
      files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      entrypoint: ["tini", "--"]\n') },
      findings: [{ line: 5, column: 20, endColumn: 26, severity: 'error', message: /^`entrypoint` 'tini' bypasses dockerd-entrypoint\.sh: the client cannot connect\. `entrypoint` runs 'tini' with no program after its options, so dockerd-entrypoint\.sh never runs/ }],
    },
    {
      name: 'dumb-init in command starting dockerd: reported on dockerd, no fix',
      files: { '.gitlab-ci.yml': job('    - name: docker:29-dind\n      command: ["dumb-init", "dockerd", "--host=tcp://0.0.0.0:2375"]\n') },
      findings: [{ line: 5, column: 30, severity: 'warning', message: /keep it reachable/ }],
    },
    {
      name: 'runner-level service starts dockerd without a TCP listener',
      file: 'config.toml',
      files: { 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n  [[runners.docker.services]]\n    name = "docker:29-dind"\n    alias = "docker"\n    command = ["dockerd", "--mtu=1460"]\n' },
      findings: [{ line: 8, column: 16, endColumn: 25, severity: 'error' }],
      fixes: [{ title: "Let the entrypoint start dockerd: drop 'dockerd' from command", output: { 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n  [[runners.docker.services]]\n    name = "docker:29-dind"\n    alias = "docker"\n    command = ["--mtu=1460"]\n' } }],
    },
    {
      name: 'Helm values: runner-level Kubernetes service with an own TCP host',
      file: 'values.yaml',
      files: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        privileged = true\n        [[runners.kubernetes.services]]\n          name = "docker:29-dind"\n          command = ["dockerd", "--host=tcp://0.0.0.0:2375"]\n' },
      findings: [{ line: 8, column: 22, severity: 'warning' }],
    },
  ],
};
