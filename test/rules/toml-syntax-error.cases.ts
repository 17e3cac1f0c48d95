import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'quoted token', file: 'config.toml', files: { 'config.toml': '[[runners]]\n  token = "glrt-REPLACE_ME"\n  executor = "docker"\n' } },
    { name: '100 levels of nesting, brackets in strings and comments are fine', file: 'config.toml', files: { 'config.toml': '[[runners]]\n  executor = "docker"\n  x = ' + '['.repeat(99) + ']'.repeat(99) + '\n  y = "[[[[["\n  # [[[[[[\n' } },
    { name: 'Helm values with runners.config: null say nothing', file: 'values.yaml', files: { 'values.yaml': 'runners:\n  config:\n' } },
  ],
  invalid: [
    { name: 'unclosed [[runners] header: on the header, not the next line', file: 'config.toml', files: { 'config.toml': 'concurrent = 1\n[[runners]\n  name = "x"\n  executor = "docker"\n' },
      findings: [{ line: 2, column: 1, message: /`\[\[runners\]` is not closed: write `\[\[runners\]\]`/ }] },
    { name: 'unclosed [runners.docker header', file: 'config.toml', files: { 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker\n    image = "x"\n' },
      findings: [{ line: 3, column: 3, message: /write `\[runners.docker\]`/ }] },
    { name: 'unclosed string: at its opening quote', file: 'config.toml', files: { 'config.toml': 'concurrent = 1\n[[runners]]\n  name = "x\n  executor = "docker"\n' },
      findings: [{ line: 3, column: 10, message: /never closed/ }] },
    { name: 'arrays nested 5,000 deep: a clear limit at the bracket one too deep, no crash', file: 'config.toml', files: { 'config.toml': '[[runners]]\nx = ' + '['.repeat(5000) + ']'.repeat(5000) + '\n' },
      findings: [{ line: 2, column: 105, message: /^Nested deeper than 100 levels/ }] },
    { name: 'Helm values: runners.config given as a map', file: 'values.yaml', files: { 'values.yaml': 'runners:\n  config:\n    runners:\n      - executor: docker\n' },
      findings: [{ line: 3, column: 5, message: /^`runners\.config` is a map, not a string: .*Make it a string/ }] },
    { name: 'Helm values: runners.config given as a list', file: 'values.yaml', files: { 'values.yaml': 'runners:\n  config:\n    - a\n' },
      findings: [{ line: 3, column: 5, message: /is a list, not a string/ }] },
    { name: 'Helm values: runners.config given as a number', file: 'values.yaml', files: { 'values.yaml': 'runners:\n  config: 42\n' },
      findings: [{ line: 2, column: 11, message: /is the number 42, not a string/ }] },
    { name: 'token = TOKEN copied from the docs (real-world mixed-runner pipeline)', file: 'config.toml', files: { 'config.toml': '[[runners]]\n  name = "r"\n  token = TOKEN\n  executor = "docker"\n' },
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
