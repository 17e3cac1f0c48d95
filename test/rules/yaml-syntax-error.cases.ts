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
    { name: 'Helm values that parse', file: 'values.yaml', files: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n' } },
  ],
  invalid: [
    { name: 'unclosed flow sequence', files: { '.gitlab-ci.yml': 'build:\n  script: [echo a\n  image: alpine\n' }, findings: [{ line: 3, column: 3 }] },
    { name: 'undefined alias', files: { '.gitlab-ci.yml': 'build:\n  <<: *missing\n  script: [echo]\n' }, findings: [{ line: 2, column: 7, message: /missing/ }] },
    { name: 'binary junk', files: { '.gitlab-ci.yml': 'job:\u0000\u0001\u0002' }, findings: [{ line: 1, column: 1, message: /binary/ }] },
  ],
};
