import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'a key overriding a merged one is not a duplicate', files: { '.gitlab-ci.yml': y`
      .base: &base { image: alpine:3, script: [echo] }
      job:
        <<: *base
        script: [echo again]
    ` } },
  ],
  invalid: [
    { name: 'script twice (corpus UbiquitousLanguage release job)', files: { '.gitlab-ci.yml': y`
      release:
        script:
          - echo one
        script:
          - echo two
    ` }, findings: [{ line: 4, column: 3, endLine: 4, endColumn: 9, severity: 'warning' }] },
  ],
};
