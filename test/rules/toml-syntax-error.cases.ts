import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'quoted token', file: 'config.toml', files: { 'config.toml': '[[runners]]\n  token = "glrt-REPLACE_ME"\n  executor = "docker"\n' } },
  ],
  invalid: [
    { name: 'token = TOKEN copied from the docs (field report 002)', file: 'config.toml', files: { 'config.toml': '[[runners]]\n  name = "r"\n  token = TOKEN\n  executor = "docker"\n' },
      findings: [{ line: 3, column: 11, message: /quoted/ }] },
    { name: 'embedded in Helm values: position inside values.yaml', file: 'values.yaml', files: { 'values.yaml': y`
      runners:
        config: |
          [[runners]]
            [runners.kubernetes]
              privileged = yes
    ` }, findings: [{ line: 5, column: 22 }] },
  ],
};
