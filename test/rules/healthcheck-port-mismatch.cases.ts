import type { RuleCases } from '../harness';

const k8s = '[[runners]]\n  executor = "kubernetes"\n';
const ci = (port: string, certDir = '"/certs"', cmd = '') => `build:\n  image: docker:29-cli\n  services:\n    - name: docker:29-dind\n      alias: docker\n${cmd}      variables:\n        HEALTHCHECK_TCP_PORT: ${port}\n  variables:\n    DOCKER_TLS_CERTDIR: ${certDir}\n  script:\n    - docker info\n`;

export const cases: RuleCases = {
  valid: [
    { name: 'canonical Kubernetes TLS setup: TLS with 2376', files: { '.gitlab-ci.yml': ci('"2376"'), 'config.toml': k8s } },
    { name: 'canonical TLS-off setup: TLS off with 2375', files: { '.gitlab-ci.yml': ci('"2375"', '""', '      command: ["--tls=false"]\n'), 'config.toml': k8s } },
    { name: 'extra TCP listener opened by the command', files: { '.gitlab-ci.yml': ci('"2375"', '"/certs"', '      command: ["--host=tcp://0.0.0.0:2375"]\n'), 'config.toml': k8s } },
    { name: 'port from a variable', files: { '.gitlab-ci.yml': ci('$DIND_PORT'), 'config.toml': k8s } },
    { name: 'custom dind image: TLS unknown', files: { '.gitlab-ci.yml': ci('"2375"').replace('docker:29-dind', 'registry.example.com/ci/dind:1'), 'config.toml': k8s } },
    { name: 'shell executor', files: { '.gitlab-ci.yml': ci('"2375"'), 'config.toml': '[[runners]]\n  executor = "shell"\n' } },
  ],
  invalid: [
    {
      name: 'Kubernetes: 2375 while TLS is on',
      files: { '.gitlab-ci.yml': ci('"2375"'), 'config.toml': k8s },
      findings: [{ line: 7, column: 31, endColumn: 37, severity: 'error', message: /job hangs until it times out/ }],
      fixes: [{ title: 'Set HEALTHCHECK_TCP_PORT to "2376"', output: { '.gitlab-ci.yml': ci('"2376"') } }],
    },
    {
      name: 'Docker executor: 2376 while TLS is off',
      files: { '.gitlab-ci.yml': ci("'2376'", '""'), 'config.toml': '[[runners]]\n  executor = "docker"\n' },
      findings: [{ line: 7, column: 31, severity: 'warning', message: /wait_for_services_timeout/ }],
      fixes: [{ title: 'Set HEALTHCHECK_TCP_PORT to "2375"', output: { '.gitlab-ci.yml': ci("'2375'", '""') } }],
    },
    {
      name: 'no runner config: conditional warning for a port dind never opens',
      files: { '.gitlab-ci.yml': ci('"2377"') },
      findings: [{ line: 7, column: 31, severity: 'warning', message: /On the Kubernetes executor/ }],
      fixes: [{ title: 'Set HEALTHCHECK_TCP_PORT to "2376"', output: { '.gitlab-ci.yml': ci('"2376"') } }],
    },
  ],
};
