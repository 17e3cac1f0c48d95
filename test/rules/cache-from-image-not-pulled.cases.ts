import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'GitLab example: pull || true before the build', files: { '.gitlab-ci.yml': 'build:\n  image: docker:20.10.16\n  services: [docker:20.10.16-dind]\n  script:\n    - docker pull $CI_REGISTRY_IMAGE:latest || true\n    - docker build --cache-from $CI_REGISTRY_IMAGE:latest -t $CI_REGISTRY_IMAGE:latest .\n' } },
    { name: 'BuildKit (docker 29 CLI) reads inline cache from the registry', files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  script:\n    - docker build --cache-from $CI_REGISTRY_IMAGE:latest -t app .\n' } },
    { name: 'old CLI with DOCKER_BUILDKIT=1', files: { '.gitlab-ci.yml': 'build:\n  image: docker:20.10.16\n  variables: { DOCKER_BUILDKIT: "1" }\n  script:\n    - docker build --cache-from $CI_REGISTRY_IMAGE:latest -t app .\n' } },
    { name: 'unknown CLI version (custom image)', files: { '.gitlab-ci.yml': 'build:\n  image: registry.example.com/tools:1\n  script:\n    - docker build --cache-from app:latest -t app .\n' } },
    { name: 'buildx cache spec', files: { '.gitlab-ci.yml': 'build:\n  image: docker:20.10.16\n  variables: { DOCKER_BUILDKIT: "0" }\n  script:\n    - docker buildx build --cache-from type=registry,ref=app:cache -t app .\n' } },
  ],
  invalid: [
    {
      name: 'DOCKER_BUILDKIT=0, no pull',
      files: { '.gitlab-ci.yml': y`
        variables:
          DOCKER_BUILDKIT: "0"
        build:
          image: docker:29-cli
          services: [docker:29-dind]
          script:
            - docker build --cache-from $CI_REGISTRY_IMAGE:latest -t $CI_REGISTRY_IMAGE:latest .
            - docker push $CI_REGISTRY_IMAGE:latest
      ` },
      findings: [{ line: 7, column: 33, endColumn: 58, severity: 'info', message: /classic builder/ }],
      fixes: [{ title: 'Pull the cache image first: docker pull $CI_REGISTRY_IMAGE:latest || true', output: { '.gitlab-ci.yml': y`
        variables:
          DOCKER_BUILDKIT: "0"
        build:
          image: docker:29-cli
          services: [docker:29-dind]
          script:
            - docker pull $CI_REGISTRY_IMAGE:latest || true
            - docker build --cache-from $CI_REGISTRY_IMAGE:latest -t $CI_REGISTRY_IMAGE:latest .
            - docker push $CI_REGISTRY_IMAGE:latest
      ` } }],
    },
    {
      name: 'docker 19.03 CLI, block scalar',
      files: { '.gitlab-ci.yml': y`
        build:
          image: docker:19.03.13
          script:
            - |
              docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" "$CI_REGISTRY"
              docker build --cache-from "$CI_REGISTRY_IMAGE:latest" -t "$CI_REGISTRY_IMAGE:latest" .
      ` },
      findings: [{ line: 6, column: 34, severity: 'info' }],
      fixes: [{ title: 'Pull the cache image first: docker pull $CI_REGISTRY_IMAGE:latest || true', output: { '.gitlab-ci.yml': y`
        build:
          image: docker:19.03.13
          script:
            - |
              docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" "$CI_REGISTRY"
              docker pull $CI_REGISTRY_IMAGE:latest || true
              docker build --cache-from "$CI_REGISTRY_IMAGE:latest" -t "$CI_REGISTRY_IMAGE:latest" .
      ` } }],
    },
  ],
};
