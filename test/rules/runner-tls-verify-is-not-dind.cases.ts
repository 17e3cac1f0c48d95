import { type RuleCases } from '../harness';

const ci = 'build:\n  image: docker:29-cli\n  services:\n    - docker:29-dind\n  script:\n    - docker info\n';
const runner = (keys: string) => `[[runners]]\n  executor = "docker"\n  [runners.docker]\n${keys}    image = "docker:29-cli"\n    privileged = true\n    volumes = ["/certs/client", "/cache"]\n`;

export const cases: RuleCases = {
  valid: [
    { name: 'tls_verify = false (what gitlab-runner register writes)', files: { '.gitlab-ci.yml': ci, 'config.toml': runner('    tls_verify = false\n') }, file: 'config.toml' },
    { name: 'tls_verify for a daemon on TCP (runner talks to a remote daemon)', files: { '.gitlab-ci.yml': ci, 'config.toml': runner('    host = "tcp://docker:2376"\n    tls_verify = true\n    tls_cert_path = "/certs/client"\n') }, file: 'config.toml' },
    { name: 'no dind in view', files: { '.gitlab-ci.yml': 'build:\n  image: alpine\n  script:\n    - echo hi\n', 'config.toml': runner('    tls_verify = true\n') }, file: 'config.toml' },
  ],
  invalid: [
    {
      name: 'tls_verify = true on the local socket of a dind runner (corpus oanhnn/docker-stacks shape)',
      files: { '.gitlab-ci.yml': ci, 'config.toml': runner('    tls_verify = true\n') },
      file: 'config.toml',
      findings: [{ line: 4, column: 5, endColumn: 22, severity: 'info', message: /does not enable TLS between jobs and the dind service/ }],
    },
  ],
};
