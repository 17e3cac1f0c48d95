import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'existing local include and glob', files: { '.gitlab-ci.yml': 'include:\n  - local: ci/a.yml\n  - local: "ci/*.yml"\n', 'ci/a.yml': 'a:\n  script: [echo]\n' } },
    { name: 'include path with a variable cannot be checked', files: { '.gitlab-ci.yml': 'include:\n  - local: ci/$ENV.yml\n' } },
  ],
  invalid: [
    { name: 'missing file', files: { '.gitlab-ci.yml': y`
      include:
        - local: ci/missing.yml
      job:
        script: [echo]
    ` }, findings: [{ line: 2, column: 5, message: /ci\/missing\.yml/ }] },
  ],
};
