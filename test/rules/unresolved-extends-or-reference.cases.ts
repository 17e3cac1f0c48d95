import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'template in a local include', files: { '.gitlab-ci.yml': 'include: ci/t.yml\njob:\n  extends: .t\n  script: !reference [.t, script]\n', 'ci/t.yml': '.t:\n  image: alpine:3\n  script: [echo]\n' } },
    { name: 'a chain of 10 references is within GitLab\'s limit', files: { '.gitlab-ci.yml': '.r0:\n  script: !reference [.r1, script]\n.r1:\n  script: !reference [.r2, script]\n.r2:\n  script: !reference [.r3, script]\n.r3:\n  script: !reference [.r4, script]\n.r4:\n  script: !reference [.r5, script]\n.r5:\n  script: !reference [.r6, script]\n.r6:\n  script: !reference [.r7, script]\n.r7:\n  script: !reference [.r8, script]\n.r8:\n  script: !reference [.r9, script]\n.r9:\n  script: [echo]\njob:\n  script: !reference [.r0, script]\n' } },
  ],
  invalid: [
    { name: '!reference cycle: one finding on the reference that closes it', files: { '.gitlab-ci.yml': '.a:\n  script: !reference [.b, script]\n.b:\n  script: !reference [.a, script]\njob:\n  script: !reference [.a, script]\n' },
      findings: [{ line: 2, column: 22, severity: 'error', message: /circular chain/ }] },
    { name: '!reference chain of 12: deeper than GitLab\'s 10 levels', files: { '.gitlab-ci.yml': '.r0:\n  script: !reference [.r1, script]\n.r1:\n  script: !reference [.r2, script]\n.r2:\n  script: !reference [.r3, script]\n.r3:\n  script: !reference [.r4, script]\n.r4:\n  script: !reference [.r5, script]\n.r5:\n  script: !reference [.r6, script]\n.r6:\n  script: !reference [.r7, script]\n.r7:\n  script: !reference [.r8, script]\n.r8:\n  script: !reference [.r9, script]\n.r9:\n  script: !reference [.r10, script]\n.r10:\n  script: !reference [.r11, script]\n.r11:\n  script: [echo]\njob:\n  script: !reference [.r0, script]\n' },
      findings: [{ line: 20, column: 22, severity: 'error', message: /nests over 10 levels deep: GitLab rejects the pipeline\. GitLab resolves at most 10 levels/ }] },
    { name: 'undefined template and reference (real-world mixed-runner pipeline)', files: { '.gitlab-ci.yml': y`
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
