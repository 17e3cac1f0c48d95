import type { RuleCases } from '../harness';

const ci = (svc: string, vars: string, head = '') => `${head}build:\n  image: docker:29-cli\n  services:\n${svc}  variables:\n    DOCKER_TLS_CERTDIR: "/certs"\n${vars}  script:\n    - docker build .\n`;
const dind = (tag: string) => `    - docker:${tag}\n`;

export const cases: RuleCases = {
  valid: [
    { name: 'overlay2 (the default)', files: { '.gitlab-ci.yml': ci(dind('dind'), '    DOCKER_DRIVER: overlay2\n') } },
    { name: 'overlay with dind pinned to 23 (removed only in 24.0)', files: { '.gitlab-ci.yml': ci(dind('23.0.6-dind'), '    DOCKER_DRIVER: overlay\n') } },
    { name: 'devicemapper with dind 24 (removed only in 25.0)', files: { '.gitlab-ci.yml': ci(dind('24-dind'), '    DOCKER_DRIVER: devicemapper\n') } },
    { name: 'stable-dind is frozen at 19.03', files: { '.gitlab-ci.yml': ci(dind('stable-dind'), '    DOCKER_DRIVER: aufs\n') } },
    { name: 'version in a variable: unknown', files: { '.gitlab-ci.yml': ci('    - docker:${DOCKER_VERSION}-dind\n', '    DOCKER_DRIVER: overlay\n') } },
    { name: 'driver in a variable: unknown', files: { '.gitlab-ci.yml': ci(dind('dind'), '    DOCKER_DRIVER: $MY_DRIVER\n') } },
    { name: 'no dind service sees it', files: { '.gitlab-ci.yml': 'test:\n  image: alpine\n  variables:\n    DOCKER_DRIVER: overlay\n  script:\n    - echo hi\n' } },
    { name: 'DOCKER_DRIVER overlay2 overrides a removed --storage-driver flag (dockerd reads the variable first)', files: { '.gitlab-ci.yml': ci('    - name: docker:29-dind\n      command: ["--storage-driver=overlay"]\n', '    DOCKER_DRIVER: overlay2\n') } },
    { name: 'flag with a partially known pipeline (DOCKER_DRIVER may come from the remote include)', files: { '.gitlab-ci.yml': ci('    - name: docker:29-dind\n      command: ["--storage-driver=overlay"]\n', '', 'include:\n  - remote: https://example.com/ci.yml\n') } },
    { name: 'custom dind image: version unknown', files: { '.gitlab-ci.yml': ci('    - registry.example.com/tools/dind:latest\n', '    DOCKER_DRIVER: overlay\n') } },
    { name: 'runner environment sets DOCKER_DRIVER: the flag does not decide', files: { '.gitlab-ci.yml': ci('    - name: docker:29-dind\n      command: ["-s", "aufs"]\n', ''), 'config.toml': '[[runners]]\n  executor = "docker"\n  environment = ["DOCKER_DRIVER=overlay2"]\n  [runners.docker]\n    privileged = true\n    volumes = ["/certs/client"]\n' } },
  ],
  invalid: [
    {
      name: 'DOCKER_DRIVER: overlay with docker:dind (moving tag)',
      files: { '.gitlab-ci.yml': ci(dind('dind'), '    DOCKER_DRIVER: overlay\n') },
      findings: [{ line: 7, column: 20, endColumn: 27, severity: 'error', message: /^.{20,100}?[.!?] DOCKER_DRIVER is 'overlay', a storage driver Docker Engine deprecated in 18\.09 and removed in 24\.0, but the dind service 'docker:dind' runs Docker 24 or later: dockerd exits at start/ }],
      fixes: [
        { title: 'Remove DOCKER_DRIVER (dind uses overlay2 by default)', output: { '.gitlab-ci.yml': ci(dind('dind'), '') } },
      ],
    },
    {
      name: 'global DOCKER_DRIVER: devicemapper seen by a docker:27-dind service',
      files: { '.gitlab-ci.yml': 'variables:\n  DOCKER_DRIVER: "devicemapper"\n' + ci(dind('27.3.1-dind'), '') },
      findings: [{ line: 2, column: 18, endColumn: 32, message: /removed in 25\.0, but the dind service 'docker:27\.3\.1-dind' runs Docker 25 or later/ }],
      fixes: [
        { title: 'Remove DOCKER_DRIVER (dind uses overlay2 by default)', output: { '.gitlab-ci.yml': ci(dind('27.3.1-dind'), '') } },
      ],
    },
    {
      name: 'service variable aufs on an untagged docker service',
      files: { '.gitlab-ci.yml': ci('    - name: docker\n      variables:\n        DOCKER_DRIVER: aufs\n', '') },
      findings: [{ line: 6, column: 24 }],
      fixes: [
        { title: 'Remove DOCKER_DRIVER (dind uses overlay2 by default)', output: { '.gitlab-ci.yml': ci('    - name: docker\n', '') } },
      ],
    },
    {
      name: '--storage-driver=overlay flag on docker:29-dind',
      files: { '.gitlab-ci.yml': ci('    - name: docker:29-dind\n      command: ["--mtu=1400", "--storage-driver=overlay"]\n', '') },
      findings: [{ line: 5, column: 31, endColumn: 57, message: /^.{20,100}?[.!?] --storage-driver names 'overlay'.* drop the flag or set it to overlay2\.$/ }],
      fixes: [{ title: 'Use the overlay2 storage driver', output: { '.gitlab-ci.yml': ci('    - name: docker:29-dind\n      command: ["--mtu=1400", "--storage-driver=overlay2"]\n', '') } }],
    },
    {
      name: '-s aufs as two items',
      files: { '.gitlab-ci.yml': ci('    - name: docker:29-dind\n      command:\n        - -s\n        - aufs\n', '') },
      findings: [{ line: 6, column: 11, endLine: 7, endColumn: 15 }],
      fixes: [{ title: 'Use the overlay2 storage driver', output: { '.gitlab-ci.yml': ci('    - name: docker:29-dind\n      command:\n        - -s\n        - overlay2\n', '') } }],
    },
  ],
};
