import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'socket binding done right (canonical socket binding)', files: { 'config.toml': y`
      [[runners]]
        executor = "docker"
        [runners.docker]
          privileged = false
          volumes = ["/var/run/docker.sock:/var/run/docker.sock", "/cache"]
    ` } },
    { name: 'Kubernetes runner (not a docker volume)', files: { 'config.toml': '[[runners]]\n  executor = "kubernetes"\n  [runners.docker]\n    volumes = ["/var/run/docker.sock"]\n' } },
  ],
  invalid: [
    {
      name: 'historic GitLab docs snippet volumes = ["/var/run/docker.sock", "/cache"]',
      files: { 'config.toml': y`
        [[runners]]
          executor = "docker"
          [runners.docker]
            volumes = ["/var/run/docker.sock", "/cache"]
      ` },
      findings: [{ line: 4, column: 16, endColumn: 38, severity: 'error', message: /creates an empty \(cache\) volume/ }],
      fixes: [{ title: 'Bind the host socket: "/var/run/docker.sock:/var/run/docker.sock" (then reported: socket-binding-root-equivalent)', output: { 'config.toml': y`
        [[runners]]
          executor = "docker"
          [runners.docker]
            volumes = ["/var/run/docker.sock:/var/run/docker.sock", "/cache"]
      ` } }],
    },
    {
      name: 'Helm values with a literal string',
      files: { 'values.yaml': "runners:\n  config: |\n    [[runners]]\n      executor = \"docker\"\n      [runners.docker]\n        volumes = ['/run/docker.sock']\n" },
      findings: [{ line: 6, column: 20, severity: 'error' }],
      fixes: [{ title: 'Bind the host socket: "/run/docker.sock:/run/docker.sock" (then reported: socket-binding-root-equivalent)', output: { 'values.yaml': "runners:\n  config: |\n    [[runners]]\n      executor = \"docker\"\n      [runners.docker]\n        volumes = ['/run/docker.sock:/run/docker.sock']\n" } }],
    },
  ],
};
