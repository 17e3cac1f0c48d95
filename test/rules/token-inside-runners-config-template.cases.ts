import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'token given through runnerToken, none in the template', files: { 'values.yaml': 'runnerToken: "glrt-abc"\nrunners:\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        image = "alpine:3.20"\n' } },
    { name: 'an empty token line', files: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      token = ""\n' } },
    { name: 'a templated token', files: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      token = "{{ .Values.runnerToken }}"\n' } },
    { name: 'a plain config.toml keeps its token', files: { 'config.toml': '[[runners]]\n  token = "glrt-abc"\n  executor = "shell"\n' } },
  ],
  invalid: [
    {
      name: 'token inside runners.config (real-world case: same value as runnerRegistrationToken)',
      files: { 'values.yaml': y`
        runnerRegistrationToken: ""
        runners:
          config: |
            [[runners]]
              token = "glrt-abcdefghijklmnop"
              [runners.kubernetes]
                image = "alpine:3.20"
      ` },
      findings: [{ line: 5, column: 7, endColumn: 38, severity: 'warning', message: /registration clears the template's token/ }],
      fixes: [{ title: 'Remove the token line from runners.config', output: { 'values.yaml': y`
        runnerRegistrationToken: ""
        runners:
          config: |
            [[runners]]
              [runners.kubernetes]
                image = "alpine:3.20"
      ` } }],
    },
  ],
};
