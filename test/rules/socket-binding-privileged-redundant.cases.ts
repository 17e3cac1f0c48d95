import { y, type RuleCases } from '../harness';

const runner = (priv: string) => y`
  [[runners]]
    executor = "docker"
    [runners.docker]
      image = "docker:29-cli"
      privileged = ${priv}
      volumes = ["/var/run/docker.sock:/var/run/docker.sock", "/cache"]
`;

export const cases: RuleCases = {
  valid: [
    { name: 'socket binding with privileged = false (canonical socket binding)', files: { 'config.toml': runner('false') } },
    { name: 'privileged without socket binding (dind runner, real-world mixed-runner pipeline)', files: { 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n    volumes = ["/certs/client", "/cache"]\n' } },
    { name: 'a served pipeline uses dind', files: { 'config.toml': runner('true'), '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  script: [docker info]\n' }, file: 'config.toml' },
  ],
  invalid: [
    {
      name: 'real-world socket-binding pipeline: socket binding plus privileged',
      files: { 'config.toml': runner('true') },
      findings: [{ line: 5, column: 5, endColumn: 22, severity: 'warning', message: /needs no privileged mode/ }],
      fixes: [{ title: 'Set privileged = false', output: { 'config.toml': runner('false') } }],
    },
    {
      name: 'Helm values',
      files: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      executor = "docker"\n      [runners.docker]\n        privileged = true\n        volumes = ["/var/run/docker.sock:/var/run/docker.sock"]\n' },
      findings: [{ line: 6, column: 9, severity: 'warning' }],
      fixes: [{ title: 'Set privileged = false', output: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      executor = "docker"\n      [runners.docker]\n        privileged = false\n        volumes = ["/var/run/docker.sock:/var/run/docker.sock"]\n' } }],
    },
  ],
};
