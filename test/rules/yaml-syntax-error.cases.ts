import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'valid YAML with anchors and a repeated << (as in the Auto-DevOps template)', files: { '.gitlab-ci.yml': y`
      .a: &a { image: alpine:3 }
      .b: &b { tags: [x] }
      job:
        <<: *a
        <<: *b
        script: [echo]
    ` } },
    { name: '100 levels of nesting are fine', files: { '.gitlab-ci.yml': 'job:\n  script: [echo]\n  x: ' + '['.repeat(98) + ']'.repeat(98) + '\n' } },
    { name: "quotes with escapes are closed: 'it''s', \"a\\\\\"", files: { '.gitlab-ci.yml': "job:\n  script: ['it''s', \"a\\\\\"]\n" } },
    { name: 'Helm values that parse', file: 'values.yaml', files: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n' } },
  ],
  invalid: [
    // at the opening bracket, where the fault is written, not where the parser gave up
    { name: 'unclosed flow sequence', files: { '.gitlab-ci.yml': 'build:\n  script: [echo a\n  image: alpine\n' }, findings: [{ line: 2, column: 11, message: /flow sequence is never closed/ }] },
    { name: 'unclosed double quote at the end of the file: at the opening quote', files: { '.gitlab-ci.yml': 'build:\n  image: docker:27\n  script:\n    - "echo hi\n    - echo two\n' }, findings: [{ line: 4, column: 7, message: /double-quoted string is never closed/ }] },
    { name: 'unclosed single quote', files: { '.gitlab-ci.yml': "job:\n  script: 'abc\n  other: 1\n" }, findings: [{ line: 2, column: 11, message: /single-quoted string is never closed/ }] },
    // one finding, on the badly indented line; no schema error about the misread keys beside it
    { name: 'bad indentation: a key indented under a scalar value', files: { '.gitlab-ci.yml': 'build:\n  image: docker:27\n  variables:\n    A: x\n  bad: 1\n    script: y\n' }, findings: [{ line: 6, column: 5, message: /Bad indentation/ }] },
    { name: 'bad indentation: a list item out of line', files: { '.gitlab-ci.yml': 'build:\n  image: docker:27\n  script:\n    - echo hi\n   - echo bad\n' }, findings: [{ line: 5, column: 4, message: /Bad indentation/ }] },
    { name: 'bad indentation: a key less indented than its siblings', files: { '.gitlab-ci.yml': 'job:\n    a: 1\n  b: 2\n' }, findings: [{ line: 3, column: 3, message: /Bad indentation/ }] },
    { name: 'nesting deeper than 100 levels (flow): at the collection that is one too deep', files: { '.gitlab-ci.yml': 'a: ' + '['.repeat(3000) + ']'.repeat(3000) + '\n' }, findings: [{ line: 1, column: 103, message: /Nested deeper than 100 levels/ }] },
    { name: 'nesting deeper than 100 levels (block)', files: { '.gitlab-ci.yml': Array.from({ length: 1500 }, (_, i) => ' '.repeat(i) + `k${i}:`).join('\n') + '\n' }, findings: [{ line: 101, column: 101, message: /Nested deeper than 100 levels/ }] },
    { name: 'undefined alias', files: { '.gitlab-ci.yml': 'build:\n  <<: *missing\n  script: [echo]\n' }, findings: [{ line: 2, column: 7, message: /missing/ }] },
    { name: 'binary junk', files: { '.gitlab-ci.yml': 'job:\u0000\u0001\u0002' }, findings: [{ line: 1, column: 1, message: /binary/ }] },
  ],
};
