import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [{ name: 'a chain of extends', files: { '.gitlab-ci.yml': '.a:\n  image: alpine:3\n.b:\n  extends: .a\njob:\n  extends: .b\n  script: [echo]\n' } }],
  invalid: [
    { name: 'cycle', files: { '.gitlab-ci.yml': y`
      .a:
        extends: .b
      .b:
        extends: .a
      job:
        extends: .a
        script: [echo]
    ` }, findings: [{ line: 4, column: 12, message: /cycle/ }] },
  ],
};
