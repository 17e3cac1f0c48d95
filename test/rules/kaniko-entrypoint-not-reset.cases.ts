import { y, type RuleCases } from '../harness';
import { CANONICAL_KANIKO, FR000_KANIKO } from './kaniko-archived-image.cases';

const dockerRunner = '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    image = "alpine:3.20"\n';

export const cases: RuleCases = {
  valid: [
    { name: 'entrypoint reset (canonical Kaniko fork setup)', files: { '.gitlab-ci.yml': CANONICAL_KANIKO } },
    { name: 'entrypoint overridden with a shell', files: { '.gitlab-ci.yml': 'build:\n  image: { name: "ghcr.io/osscontainertools/kaniko:debug", entrypoint: ["/busybox/sh", "-c"] }\n  script: [/kaniko/executor --no-push]\n' } },
    { name: 'shell executor ignores images', files: { '.gitlab-ci.yml': 'build:\n  image: ghcr.io/osscontainertools/kaniko:debug\n  script: [/kaniko/executor --no-push]\n', 'config.toml': '[[runners]]\n  executor = "shell"\n' } },
  ],
  invalid: [
    {
      name: 'real-world Kubernetes pipeline (runner unknown → conditional warning)',
      files: { '.gitlab-ci.yml': FR000_KANIKO },
      findings: [{ line: 3, column: 10, severity: 'warning', message: /if this job runs on a Docker executor/ }],
      fixes: [{ title: 'Reset the entrypoint: entrypoint: [""]', output: { '.gitlab-ci.yml': FR000_KANIKO.replace('  image: gcr.io/kaniko-project/executor:latest', '  image:\n    name: gcr.io/kaniko-project/executor:latest\n    entrypoint: [""]') } }],
    },
    {
      name: 'Docker executor runner → error; image map gets the entry',
      files: {
        '.gitlab-ci.yml': y`
          build:
            image:
              name: ghcr.io/osscontainertools/kaniko:debug
            script:
              - /kaniko/executor --no-push
        `,
        'config.toml': dockerRunner,
      },
      findings: [{ line: 3, column: 11, severity: 'error', message: /never runs/ }],
      fixes: [{ title: 'Reset the entrypoint: entrypoint: [""]', output: { '.gitlab-ci.yml': y`
        build:
          image:
            name: ghcr.io/osscontainertools/kaniko:debug
            entrypoint: [""]
          script:
            - /kaniko/executor --no-push
      ` } }],
    },
    {
      name: 'flow job map gets a flow image',
      files: { '.gitlab-ci.yml': 'build: { image: "martizih/kaniko:debug", script: [/kaniko/executor --no-push] }\n', 'config.toml': dockerRunner },
      findings: [{ line: 1, column: 17, severity: 'error' }],
      fixes: [{ title: 'Reset the entrypoint: entrypoint: [""]', output: { '.gitlab-ci.yml': 'build: { image: { name: "martizih/kaniko:debug", entrypoint: [""] }, script: [/kaniko/executor --no-push] }\n' } }],
    },
  ],
};
