import { y, type RuleCases } from '../harness';

const shellRunner = '[[runners]]\n  name = "build-host"\n  executor = "shell"\n';
const dockerRunner = '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    image = "alpine:3.20"\n';
const publish = y`
  publish:
    script:
      - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"
      - docker push "$CI_REGISTRY_IMAGE"
`;

export const cases: RuleCases = {
  valid: [
    { name: 'Docker executor: the login lives in the job container', files: { '.gitlab-ci.yml': publish, 'config.toml': dockerRunner } },
    { name: 'runner unknown and no executor assumed', files: { '.gitlab-ci.yml': publish } },
    { name: 'shell runner, DOCKER_CONFIG set for the job', files: { '.gitlab-ci.yml': y`
      publish:
        variables:
          DOCKER_CONFIG: $CI_PROJECT_DIR/.docker
        script:
          - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"
    `, 'config.toml': shellRunner } },
    { name: 'shell runner, docker logout in after_script', files: { '.gitlab-ci.yml': y`
      publish:
        script:
          - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"
        after_script:
          - docker logout "$CI_REGISTRY" || true
    `, 'config.toml': shellRunner } },
    { name: 'shell runner, DOCKER_CONFIG exported in the script', files: { '.gitlab-ci.yml': y`
      publish:
        script:
          - export DOCKER_CONFIG="$(mktemp -d)"
          - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"
    `, 'config.toml': shellRunner } },
    { name: 'shell runner, docker --config on the login command', files: { '.gitlab-ci.yml': y`
      publish:
        script:
          - echo "$CI_REGISTRY_PASSWORD" | docker --config "$CI_PROJECT_DIR/.docker" login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"
    `, 'config.toml': shellRunner } },
    { name: 'shell runner whose environment sets DOCKER_CONFIG', files: { '.gitlab-ci.yml': publish, 'config.toml': shellRunner + '  environment = ["DOCKER_CONFIG=/tmp/job-docker"]\n' } },
  ],
  invalid: [
    {
      name: 'shell runner: docker login with no job-local config and no logout',
      files: { '.gitlab-ci.yml': publish, 'config.toml': shellRunner },
      findings: [{ line: 3, column: 38, endColumn: 50, severity: 'warning', message: /~\/\.docker\/config\.json of the gitlab-runner user/ }],
      fixes: [{ title: 'Keep the login to the job: DOCKER_CONFIG: $CI_PROJECT_DIR/.docker and `docker logout "$CI_REGISTRY" || true` in after_script', output: { '.gitlab-ci.yml': y`
        publish:
          script:
            - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"
            - docker push "$CI_REGISTRY_IMAGE"
          variables:
            DOCKER_CONFIG: $CI_PROJECT_DIR/.docker
          after_script:
            - docker logout "$CI_REGISTRY" || true
      ` } }],
    },
    {
      name: 'shell runner: the job has variables and an after_script of its own; the fix adds to both',
      files: { '.gitlab-ci.yml': y`
        publish:
          variables:
            IMAGE: registry.example.com/app
          script:
            - docker login -u "$REG_USER" --password-stdin registry.example.com < "$REG_PASSWORD_FILE"
            - docker push "$IMAGE"
          after_script:
            - echo done
      `, 'config.toml': shellRunner },
      findings: [{ line: 5, column: 7, endColumn: 19 }],
      fixes: [{ title: /^Keep the login to the job/, output: { '.gitlab-ci.yml': y`
        publish:
          variables:
            IMAGE: registry.example.com/app
            DOCKER_CONFIG: $CI_PROJECT_DIR/.docker
          script:
            - docker login -u "$REG_USER" --password-stdin registry.example.com < "$REG_PASSWORD_FILE"
            - docker push "$IMAGE"
          after_script:
            - echo done
            - docker logout "registry.example.com" || true
      ` } }],
    },
    {
      name: 'assumed shell executor: login in default before_script, logout only at the end of script (skipped when a command fails)',
      files: { '.gitlab-ci.yml': y`
        default:
          before_script:
            - docker login -u "$REG_USER" -p "$REG_PASSWORD" registry.example.com
        build:
          script:
            - docker build -t registry.example.com/app .
            - docker push registry.example.com/app
            - docker logout registry.example.com
      ` },
      options: { runner: { executor: 'shell' } },
      findings: [{ line: 3, column: 7, endColumn: 19 }],
    },
  ],
};
