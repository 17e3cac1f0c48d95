import { y, type RuleCases } from '../harness';
import { CANONICAL_KANIKO, FR000_KANIKO } from './kaniko-archived-image.cases';

export const cases: RuleCases = {
  valid: [
    { name: 'current flags', files: { '.gitlab-ci.yml': CANONICAL_KANIKO + '      --snapshot-mode=redo\n' } },
    { name: 'camelCase flag of another tool', files: { '.gitlab-ci.yml': 'build:\n  script: [mytool --snapshotMode=redo]\n' } },
  ],
  invalid: [
    {
      name: 'real-world Kubernetes pipeline --snapshotMode',
      files: { '.gitlab-ci.yml': FR000_KANIKO },
      findings: [{ line: 12, column: 180, endColumn: 194, severity: 'info' }],
      fixes: [{ title: 'Rename to --snapshot-mode', output: { '.gitlab-ci.yml': FR000_KANIKO.replace('--snapshotMode=redo', '--snapshot-mode=redo') } }],
    },
    {
      name: 'folded multi-line invocation with --tarPath and --customPlatform',
      files: { '.gitlab-ci.yml': y`
        build:
          image: { name: "ghcr.io/osscontainertools/kaniko:debug", entrypoint: [""] }
          script:
            - /kaniko/executor
              --context "$CI_PROJECT_DIR"
              --customPlatform linux/arm64
              --tarPath image.tar --no-push
      ` },
      findings: [{ line: 6, column: 7, endColumn: 23 }, { line: 7, column: 7, endColumn: 16 }],
      fixes: [
        { title: 'Rename to --custom-platform', output: { '.gitlab-ci.yml': y`
          build:
            image: { name: "ghcr.io/osscontainertools/kaniko:debug", entrypoint: [""] }
            script:
              - /kaniko/executor
                --context "$CI_PROJECT_DIR"
                --custom-platform linux/arm64
                --tarPath image.tar --no-push
        ` } },
        { title: 'Rename to --tar-path', output: { '.gitlab-ci.yml': y`
          build:
            image: { name: "ghcr.io/osscontainertools/kaniko:debug", entrypoint: [""] }
            script:
              - /kaniko/executor
                --context "$CI_PROJECT_DIR"
                --customPlatform linux/arm64
                --tar-path image.tar --no-push
        ` } },
      ],
    },
  ],
};
