import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'config as a block string', files: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n' } },
    { name: 'config as a one-line string', files: { 'values.yaml': 'runners:\n  config: "[[runners]]"\n' } },
  ],
  invalid: [
    {
      name: 'config written as a YAML mapping',
      files: { 'values.yaml': y`
        runners:
          config:
            runners:
              - kubernetes:
                  privileged: true
      ` },
      findings: [{ line: 2, column: 3, endColumn: 9, severity: 'error', message: /is a YAML mapping.*config: \|/ }],
    },
  ],
};
