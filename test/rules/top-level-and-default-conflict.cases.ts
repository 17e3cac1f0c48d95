import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [{ name: 'only default:', files: { '.gitlab-ci.yml': 'default:\n  image: alpine:3\njob:\n  script: [echo]\n' } }],
  invalid: [
    { name: 'image at the top level and in default:', files: { '.gitlab-ci.yml': y`
      image: alpine:3
      default:
        image: alpine:3.20
      job:
        script: [echo]
    ` }, findings: [{ line: 1, column: 1 }], fixes: [{ title: 'Remove the top-level `image` (keep `default:image`)', output: { '.gitlab-ci.yml': y`
      default:
        image: alpine:3.20
      job:
        script: [echo]
    ` } }] },
  ],
};
