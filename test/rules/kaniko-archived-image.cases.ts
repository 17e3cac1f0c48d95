import { y, type RuleCases } from '../harness';

/** A real-world kaniko job, verbatim: six kaniko rules fire on it. */
export const FR000_KANIKO = `kaniko-build:
  stage: build
  image: gcr.io/kaniko-project/executor:latest
  variables:
    DOCKER_CONFIG: /kaniko/.docker
  script:
    - mkdir -p /kaniko/.docker
    - |
      cat > /kaniko/.docker/config.json <<'JSON'
      {"auths":{"$CI_REGISTRY":{"username":"$CI_REGISTRY_USER","password":"$CI_JOB_TOKEN"}}}
      JSON
    - /kaniko/executor            --context "$CI_PROJECT_DIR"            --dockerfile "$CI_PROJECT_DIR/Dockerfile"            --destination "$CI_REGISTRY_IMAGE:latest"            --snapshotMode=redo
`;

/** The maintained fork, correctly configured. */
export const CANONICAL_KANIKO = `build-kaniko:
  image:
    name: ghcr.io/osscontainertools/kaniko:debug    # community fork; pin @sha256:<digest> in production
    entrypoint: [""]
  script:
    - /kaniko/executor
      --context "$CI_PROJECT_DIR"
      --dockerfile "$CI_PROJECT_DIR/Dockerfile"
      --destination "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"
`;

const fr000 = (image: string) => FR000_KANIKO.replace('gcr.io/kaniko-project/executor:latest', image);

export const cases: RuleCases = {
  valid: [
    { name: 'maintained fork (canonical Kaniko fork setup)', files: { '.gitlab-ci.yml': CANONICAL_KANIKO } },
    { name: 'martizih mirror of the fork', files: { '.gitlab-ci.yml': 'build:\n  image: { name: martizih/kaniko:debug, entrypoint: [""] }\n  script: [/kaniko/executor --no-push]\n' } },
    { name: 'another kaniko build image (not the archived one)', files: { '.gitlab-ci.yml': 'build:\n  image: registry.gitlab.com/gitlab-ci-utils/container-images/kaniko:1.2.3\n  script: [/kaniko/executor --no-push]\n' } },
  ],
  invalid: [
    {
      name: 'real-world Kubernetes pipeline kaniko job',
      files: { '.gitlab-ci.yml': FR000_KANIKO },
      findings: [{ line: 3, column: 10, endColumn: 47, severity: 'warning', message: /archived on 2025-06-03/ }],
      fixes: [{ title: 'Switch to the maintained fork ghcr.io/osscontainertools/kaniko:debug', output: { '.gitlab-ci.yml': fr000('ghcr.io/osscontainertools/kaniko:debug') } }],
    },
    {
      name: 'warmer image in a template: no automatic replacement',
      files: { '.gitlab-ci.yml': y`
        .warm:
          image:
            name: "gcr.io/kaniko-project/warmer:v1.23.2"
            entrypoint: [""]
        warm:
          extends: .warm
          script: [/kaniko/warmer --image=alpine]
      ` },
      findings: [{ line: 3, column: 11 }],
    },
  ],
};
