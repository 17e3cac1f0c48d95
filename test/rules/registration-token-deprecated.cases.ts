import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'config.toml with a runner authentication token', files: { 'config.toml': '[[runners]]\n  url = "https://gitlab.com/"\n  token = "glrt-abcdefghijklmnop"\n  executor = "docker"\n' } },
    { name: 'config.toml with a legacy runner token (no registration prefix)', files: { 'config.toml': '[[runners]]\n  token = "xyzABC123"\n  executor = "shell"\n' } },
    { name: 'Helm values with runnerToken and an empty runnerRegistrationToken', files: { 'values.yaml': y`
      gitlabUrl: https://gitlab.example.com/
      runnerRegistrationToken: ""
      runnerToken: "glrt-abcdefghijklmnop"
      runners:
        config: |
          [[runners]]
            [runners.kubernetes]
              image = "alpine:3.20"
    ` } },
    { name: 'templated registration token in Helm values', files: { 'values.yaml': 'runnerRegistrationToken: "{{ .Values.global.token }}"\nrunners:\n  config: |\n    [[runners]]\n' } },
    { name: 'a registration token inside a Helm template is left to token-inside-runners-config-template', files: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      token = "GR1348941abcdef"\n' } },
  ],
  invalid: [
    {
      name: 'config.toml token is a registration token (GR1348941…)',
      files: { 'config.toml': '[[runners]]\n  url = "https://gitlab.com/"\n  token = "GR1348941xYzAbCdEfGh"\n  executor = "docker"\n' },
      findings: [{ line: 3, column: 3, endColumn: 33, severity: 'error', message: /is a registration token, not a runner authentication token: .*403 Forbidden/ }],
    },
    {
      name: 'Helm runnerRegistrationToken (real-world case shape)',
      files: { 'values.yaml': y`
        gitlabUrl: https://gitlab.example.com/
        runnerRegistrationToken: "GR1348941xYzAbCdEfGh"
        runners:
          config: |
            [[runners]]
              [runners.kubernetes]
                image = "alpine:3.20"
      ` },
      findings: [{ line: 2, column: 26, severity: 'warning', message: /deprecated since GitLab 16\.0 and disabled by default since GitLab 17\.0/ }],
    },
    {
      name: 'Helm runnerRegistrationToken holding a glrt- token',
      files: { 'values.yaml': 'runnerRegistrationToken: glrt-abcdefghijklmnop\nrunners:\n  config: |\n    [[runners]]\n' },
      findings: [{ line: 1, column: 26, severity: 'warning', message: /legacy-compatible path/ }],
    },
  ],
};
