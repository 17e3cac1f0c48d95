import { y, type RuleCases } from '../harness';

const job = (svc: string, host = 'tcp://docker:2375') => y`
  build:
    image: docker:29-cli
    services:
      - ${svc}
    variables:
      DOCKER_HOST: ${host}
      DOCKER_TLS_CERTDIR: ""
    script:
      - docker info
`;

export const cases: RuleCases = {
  valid: [
    { name: 'dind variant', files: { '.gitlab-ci.yml': job('docker:29-dind') } },
    { name: 'bare version ≥ 22.06 is the dind variant', files: { '.gitlab-ci.yml': job('docker:24.0.5') } },
    { name: 'CLI service not talked to (DOCKER_HOST names another host)', files: { '.gitlab-ci.yml': job('docker:20.10.16', 'tcp://remote-builder:2375') } },
    { name: 'a dind service also claims the alias', files: { '.gitlab-ci.yml': job('docker:cli\n      - name: docker:29-dind\n        alias: docker') } },
  ],
  invalid: [
    {
      name: 'docker:20.10.16 as the service',
      files: { '.gitlab-ci.yml': job('docker:20.10.16') },
      findings: [{ line: 4, column: 7, endColumn: 22, severity: 'error', message: /runs `sh` and exits/ }],
      fixes: [{ title: 'Use docker:20.10.16-dind (then reported: dind-tls-disabled, dind-tls-off-startup-delay, docker-cli-dind-version-skew, dind-registry-rate-limits, dind-mtu-not-set)', output: { '.gitlab-ci.yml': job('docker:20.10.16-dind') } }],
    },
    {
      name: 'docker:cli with an explicit alias',
      files: { '.gitlab-ci.yml': job('name: docker:cli\n        alias: dockerd', 'tcp://dockerd:2375') },
      findings: [{ line: 4, column: 13 }],
      fixes: [{ title: 'Use docker:29-dind (then reported: dind-tls-disabled, dind-tls-off-startup-delay, dind-registry-rate-limits, dind-mtu-not-set)', output: { '.gitlab-ci.yml': job('name: docker:29-dind\n        alias: dockerd', 'tcp://dockerd:2375') } }],
    },
    {
      name: 'docker:24-cli',
      files: { '.gitlab-ci.yml': job('docker:24-cli') },
      findings: [{ line: 4, column: 7 }],
      fixes: [{ title: 'Use docker:24-dind (then reported: dind-tls-disabled, dind-tls-off-startup-delay, docker-cli-dind-version-skew, dind-registry-rate-limits, dind-mtu-not-set)', output: { '.gitlab-ci.yml': job('docker:24-dind') } }],
    },
  ],
};
