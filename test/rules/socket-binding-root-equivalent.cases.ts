import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'dind runner (no socket)', files: { 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n    volumes = ["/certs/client", "/cache"]\n' } },
    { name: 'anonymous volume at the socket path binds nothing (socket-binding-anonymous-volume)', files: { 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    volumes = ["/var/run/docker.sock"]\n' } },
  ],
  invalid: [
    {
      name: 'socket binding (canonical socket binding)',
      files: { 'config.toml': y`
        [[runners]]
          executor = "docker"
          [runners.docker]
            volumes = ["/var/run/docker.sock:/var/run/docker.sock", "/cache"]
      ` },
      findings: [{ line: 4, column: 16, endColumn: 59, severity: 'warning', message: /root-equivalent/ }],
    },
    {
      name: 'Helm values',
      files: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      executor = "docker"\n      [runners.docker]\n        volumes = ["/run/docker.sock:/var/run/docker.sock:ro"]\n' },
      findings: [{ line: 6, column: 20, severity: 'warning' }],
    },
  ],
};
