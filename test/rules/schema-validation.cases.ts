import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'a valid pipeline with !reference and includes', files: { '.gitlab-ci.yml': 'include: ci/t.yml\njob:\n  extends: .t\n  script: !reference [.t, script]\n  when: manual\n', 'ci/t.yml': '.t:\n  image: alpine:3\n  script: [echo]\n' } },
    { name: 'a valid runner config', file: 'config.toml', files: { 'config.toml': '[[runners]]\n  name = "r"\n  executor = "docker"\n  [runners.docker]\n    image = "docker:29-cli"\n    privileged = false\n' } },
    { name: 'turned off by the schemaValidation option', options: { schemaValidation: false }, files: { '.gitlab-ci.yml': 'job:\n  scriptt: [echo]\n' } },
  ],
  invalid: [
    { name: 'unknown job keyword and bad when', files: { '.gitlab-ci.yml': y`
      build:
        scriptt:
          - echo hi
      test:
        script: [echo]
        when: sometimes
    ` }, findings: [{ line: 2, column: 3, message: /scriptt.*Did you mean 'script'/ }, { line: 6, column: 9 }] },
    { name: 'an error in a local include is reported in that file', file: 'ci/jobs.yml', files: { '.gitlab-ci.yml': 'include: ci/jobs.yml\n', 'ci/jobs.yml': 'lint:\n  script: 1\n' }, findings: [{ line: 2, column: 11, file: 'ci/jobs.yml' }] },
    { name: 'runner config: misspelled key is a warning, wrong type an error', file: 'config.toml', files: { 'config.toml': y`
      [[runners]]
        executor = "docker"
        buids_dir = "/builds"
        [runners.docker]
          privileged = "true"
    ` }, findings: [{ line: 3, column: 3, severity: 'warning', message: /builds_dir/ }, { line: 5, column: 18, severity: 'error' }] },
  ],
};
