import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'existing local include and glob', files: { '.gitlab-ci.yml': 'include:\n  - local: ci/a.yml\n  - local: "ci/*.yml"\n', 'ci/a.yml': 'a:\n  script: [echo]\n' } },
    { name: 'include path with a variable cannot be checked', files: { '.gitlab-ci.yml': 'include:\n  - local: ci/$ENV.yml\n' } },
    // a path that names no YAML file gets one message, from schema-validation (see test/schema.test.ts)
    { name: 'a folder path is left to schema-validation', files: { '.gitlab-ci.yml': 'include:\n  - local: ci/\njob:\n  script: [echo]\n' } },
    { name: 'a non-YAML path is left to schema-validation', files: { '.gitlab-ci.yml': 'include:\n  local: ../x.txt\njob:\n  script: [echo]\n' } },
  ],
  invalid: [
    { name: 'missing file', files: { '.gitlab-ci.yml': y`
      include:
        - local: ci/missing.yml
      job:
        script: [echo]
    ` }, findings: [{ line: 2, column: 5, message: /ci\/missing\.yml/ }] },
    { name: 'a path outside the project', files: { '.gitlab-ci.yml': 'include:\n  - local: ../x.yml\njob:\n  script: [echo]\n' }, findings: [{ line: 2, column: 5, message: /'\.\.\/x\.yml' does not exist/ }] },
    { name: 'a folder path with schema validation off is reported here', options: { schemaValidation: false }, files: { '.gitlab-ci.yml': 'include:\n  - local: ci/\njob:\n  script: [echo]\n' }, findings: [{ line: 2, column: 5, message: /'ci\/' does not exist/ }] },
  ],
};
