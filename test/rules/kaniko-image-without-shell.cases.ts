import { type RuleCases } from '../harness';
import { CANONICAL_KANIKO, FR000_KANIKO } from './kaniko-archived-image.cases';

const fr000 = (image: string) => FR000_KANIKO.replace('gcr.io/kaniko-project/executor:latest', image);

export const cases: RuleCases = {
  valid: [
    { name: 'fork debug image (canonical Kaniko fork setup)', files: { '.gitlab-ci.yml': CANONICAL_KANIKO } },
    { name: 'upstream versioned debug tag', files: { '.gitlab-ci.yml': 'build:\n  image: { name: gcr.io/kaniko-project/executor:v1.23.2-debug, entrypoint: [""] }\n  script: [/kaniko/executor --no-push]\n' } },
    { name: 'digest only: variant unknown', files: { '.gitlab-ci.yml': 'build:\n  image: { name: "ghcr.io/osscontainertools/kaniko@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", entrypoint: [""] }\n  script: [/kaniko/executor --no-push]\n' } },
    { name: 'tag from a variable', files: { '.gitlab-ci.yml': 'build:\n  image: { name: "gcr.io/kaniko-project/executor:$KANIKO_TAG", entrypoint: [""] }\n  script: [/kaniko/executor --no-push]\n' } },
  ],
  invalid: [
    {
      name: 'real-world Kubernetes pipeline: executor:latest',
      files: { '.gitlab-ci.yml': FR000_KANIKO },
      findings: [{ line: 3, column: 10, endColumn: 47, severity: 'error', message: /no shell/ }],
      fixes: [
        { title: 'Use ghcr.io/osscontainertools/kaniko:debug', output: { '.gitlab-ci.yml': fr000('ghcr.io/osscontainertools/kaniko:debug') } },
        { title: 'Use gcr.io/kaniko-project/executor:v1.24.0-debug (archived, stop-gap)', output: { '.gitlab-ci.yml': fr000('gcr.io/kaniko-project/executor:v1.24.0-debug') } },
      ],
    },
    {
      name: 'fork image without tag',
      files: { '.gitlab-ci.yml': 'build:\n  image:\n    name: ghcr.io/osscontainertools/kaniko\n    entrypoint: [""]\n  script: [/kaniko/executor --no-push]\n' },
      findings: [{ line: 3, column: 11 }],
      fixes: [{ title: 'Use ghcr.io/osscontainertools/kaniko:debug', output: { '.gitlab-ci.yml': 'build:\n  image:\n    name: ghcr.io/osscontainertools/kaniko:debug\n    entrypoint: [""]\n  script: [/kaniko/executor --no-push]\n' } }],
    },
  ],
};
