import { y, type RuleCases } from '../harness';

const job = (image: string, svc: string) => y`
  build:
    image: ${image}
    services:
      - ${svc}
    script:
      - docker info
`;

export const cases: RuleCases = {
  valid: [
    { name: 'same major, different patch', files: { '.gitlab-ci.yml': job('docker:29.7.2-cli', 'docker:29.1-dind') } },
    { name: 'unpinned daemon: not a skew (docker-image-unpinned)', files: { '.gitlab-ci.yml': job('docker:27-cli', 'docker:dind') } },
    { name: 'old CLI vs 29: the error rule reports it', files: { '.gitlab-ci.yml': job('docker:24-cli', 'docker:29-dind') } },
    { name: 'same digest on both sides', files: { '.gitlab-ci.yml': job('docker@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'docker@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef') } },
  ],
  invalid: [
    {
      name: 'CLI 27 with daemon 29',
      files: { '.gitlab-ci.yml': job('docker:27-cli', 'docker:29-dind') },
      findings: [{ line: 4, column: 7, endColumn: 21, severity: 'info', message: /CLI 27 .* daemon 29/ }],
      fixes: [
        { title: 'Align the CLI: use docker:29-cli', output: { '.gitlab-ci.yml': job('docker:29-cli', 'docker:29-dind') } },
        { title: 'Align the daemon: use docker:27-dind', output: { '.gitlab-ci.yml': job('docker:27-cli', 'docker:27-dind') } },
      ],
    },
    {
      name: 'CLI 20.10 with daemon 19.03 (old release lines keep major.minor)',
      files: { '.gitlab-ci.yml': job('docker:20.10.16', 'docker:19.03.12-dind') },
      findings: [{ line: 4, column: 7 }],
      fixes: [
        { title: 'Align the daemon: use docker:20.10-dind', output: { '.gitlab-ci.yml': job('docker:20.10.16', 'docker:20.10-dind') } },
        { title: 'Align the CLI: use docker:19.03-cli', output: { '.gitlab-ci.yml': job('docker:19.03-cli', 'docker:19.03.12-dind') } },
      ],
    },
  ],
};
