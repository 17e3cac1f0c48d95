import { y, type RuleCases } from '../harness';
import { CANONICAL_KANIKO, FR000_KANIKO } from './kaniko-archived-image.cases';

export const cases: RuleCases = {
  valid: [
    { name: 'no config written (canonical Kaniko fork setup)', files: { '.gitlab-ci.yml': CANONICAL_KANIKO } },
    { name: 'another registry too', files: { '.gitlab-ci.yml': y`
      build:
        image: { name: "ghcr.io/osscontainertools/kaniko:debug", entrypoint: [""] }
        script:
          - echo "{\\"auths\\":{\\"$CI_REGISTRY\\":{\\"auth\\":\\"$A\\"},\\"$DOCKERHUB\\":{\\"auth\\":\\"$B\\"}}}" > /kaniko/.docker/config.json
          - /kaniko/executor --destination "$CI_REGISTRY_IMAGE"
    ` } },
    { name: 'kaniko 1.8 has no GitLab helper', files: { '.gitlab-ci.yml': y`
      build:
        image: { name: "gcr.io/kaniko-project/executor:v1.8.1-debug", entrypoint: [""] }
        script:
          - echo "{\\"auths\\":{\\"$CI_REGISTRY\\":{\\"username\\":\\"$CI_REGISTRY_USER\\",\\"password\\":\\"$CI_REGISTRY_PASSWORD\\"}}}" > /kaniko/.docker/config.json
          - /kaniko/executor --destination "$CI_REGISTRY_IMAGE"
    ` } },
  ],
  invalid: [
    {
      name: 'real-world Kubernetes pipeline heredoc config.json',
      files: { '.gitlab-ci.yml': FR000_KANIKO },
      findings: [{ line: 9, column: 13, endColumn: 40, severity: 'info', message: /built-in GitLab credential helper/ }],
      fixes: [{ title: 'Remove the config.json line', output: { '.gitlab-ci.yml': FR000_KANIKO.replace(/    - \|\n      cat[^\n]*\n[^\n]*\n      JSON\n/, '') } }],
    },
    {
      name: 'GitLab docs echo form with $DOCKER_CONFIG',
      files: { '.gitlab-ci.yml': y`
        build:
          image: { name: "ghcr.io/osscontainertools/kaniko:debug", entrypoint: [""] }
          script:
            - echo "{\\"auths\\":{\\"\${CI_REGISTRY}\\":{\\"auth\\":\\"$(printf "%s:%s" "\${CI_REGISTRY_USER}" "\${CI_REGISTRY_PASSWORD}" | base64 | tr -d '\\n')\\"}}}" > $DOCKER_CONFIG/config.json
            - /kaniko/executor --destination "$CI_REGISTRY_IMAGE"
      ` },
      findings: [{ line: 4, column: 152, endColumn: 178 }],
      fixes: [{ title: 'Remove the config.json line', output: { '.gitlab-ci.yml': y`
        build:
          image: { name: "ghcr.io/osscontainertools/kaniko:debug", entrypoint: [""] }
          script:
            - /kaniko/executor --destination "$CI_REGISTRY_IMAGE"
      ` } }],
    },
  ],
};
