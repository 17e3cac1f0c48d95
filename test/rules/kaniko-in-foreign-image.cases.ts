import { y, type RuleCases } from '../harness';
import { CANONICAL_KANIKO } from './kaniko-archived-image.cases';

export const cases: RuleCases = {
  valid: [
    { name: 'kaniko image (canonical Kaniko fork setup)', files: { '.gitlab-ci.yml': CANONICAL_KANIKO } },
    { name: 'a kaniko-based custom image', files: { '.gitlab-ci.yml': 'build:\n  image: registry.example.com/ci/kaniko-tools:1\n  script: [/kaniko/executor --no-push]\n' } },
    { name: 'image from a variable', files: { '.gitlab-ci.yml': 'build:\n  image: $BUILDER\n  script: [/kaniko/executor --no-push]\n' } },
    { name: 'no job image: runner default unknown', files: { '.gitlab-ci.yml': 'build:\n  script: [/kaniko/executor --no-push]\n' } },
  ],
  invalid: [
    {
      name: 'kaniko binary copied into alpine',
      files: { '.gitlab-ci.yml': y`
        build:
          image: alpine:3.20
          script:
            - /kaniko/executor --context . --no-push
      ` },
      findings: [{ line: 4, column: 7, endColumn: 23, severity: 'warning', message: /not a kaniko image/ }],
      fixes: [{ title: 'Use ghcr.io/osscontainertools/kaniko:debug as the job image', output: { '.gitlab-ci.yml': y`
        build:
          image:
            name: ghcr.io/osscontainertools/kaniko:debug
            entrypoint: [""]
          script:
            - /kaniko/executor --context . --no-push
      ` } }],
    },
  ],
};
