import { y, type RuleCases } from '../harness';
import { CANONICAL_KANIKO } from './kaniko-archived-image.cases';

export const cases: RuleCases = {
  valid: [
    { name: 'one build', files: { '.gitlab-ci.yml': CANONICAL_KANIKO } },
    { name: 'cleanup between builds', files: { '.gitlab-ci.yml': y`
      build:
        image: { name: "ghcr.io/osscontainertools/kaniko:debug", entrypoint: [""] }
        script:
          - /kaniko/executor --dockerfile a.Dockerfile --destination "$CI_REGISTRY_IMAGE/a" --cleanup
          - /kaniko/executor --dockerfile b.Dockerfile --destination "$CI_REGISTRY_IMAGE/b"
    ` } },
  ],
  invalid: [
    {
      name: 'two builds, the first without --cleanup',
      files: { '.gitlab-ci.yml': y`
        build:
          image: { name: "ghcr.io/osscontainertools/kaniko:debug", entrypoint: [""] }
          script:
            - /kaniko/executor --dockerfile a.Dockerfile --destination "$CI_REGISTRY_IMAGE/a"
            - /kaniko/executor --dockerfile b.Dockerfile --destination "$CI_REGISTRY_IMAGE/b"
      ` },
      findings: [{ line: 4, column: 7, endColumn: 23, severity: 'info' }],
      fixes: [{ title: 'Add --cleanup', output: { '.gitlab-ci.yml': y`
        build:
          image: { name: "ghcr.io/osscontainertools/kaniko:debug", entrypoint: [""] }
          script:
            - /kaniko/executor --cleanup --dockerfile a.Dockerfile --destination "$CI_REGISTRY_IMAGE/a"
            - /kaniko/executor --dockerfile b.Dockerfile --destination "$CI_REGISTRY_IMAGE/b"
      ` } }],
    },
  ],
};
