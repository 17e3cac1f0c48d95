import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'template in a local include', files: { '.gitlab-ci.yml': 'include: ci/t.yml\njob:\n  extends: .t\n  script: !reference [.t, script]\n', 'ci/t.yml': '.t:\n  image: alpine:3\n  script: [echo]\n' } },
  ],
  invalid: [
    { name: 'undefined template and reference (field report 002)', files: { '.gitlab-ci.yml': y`
      build:
        extends: .nowhere
        script:
          - !reference [.build_push_image, script]
    ` }, findings: [{ line: 2, column: 12, severity: 'error' }, { line: 4, column: 18, severity: 'error' }] },
    { name: 'with a remote include it is only info', files: { '.gitlab-ci.yml': y`
      include:
        - project: group/templates
          file: docker.yml
      build:
        extends: .docker_build
    ` }, findings: [{ line: 5, column: 12, severity: 'info' }] },
  ],
};
