import { y, type RuleCases } from '../harness';

const head = 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  script:\n';

export const cases: RuleCases = {
  valid: [
    { name: 'GitLab layer caching example: pull + --cache-from', files: { '.gitlab-ci.yml': head + '    - docker pull $CI_REGISTRY_IMAGE:latest || true\n    - docker build --build-arg BUILDKIT_INLINE_CACHE=1 --cache-from $CI_REGISTRY_IMAGE:latest --tag $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA --tag $CI_REGISTRY_IMAGE:latest .\n' } },
    { name: '--cache-from= form on buildx', files: { '.gitlab-ci.yml': head + '    - docker buildx build --build-arg BUILDKIT_INLINE_CACHE=1 --cache-from=type=registry,ref=$CI_REGISTRY_IMAGE:cache -t $CI_REGISTRY_IMAGE .\n' } },
    { name: 'BUILDKIT_INLINE_CACHE=0', files: { '.gitlab-ci.yml': head + '    - docker build --build-arg BUILDKIT_INLINE_CACHE=0 -t app .\n' } },
    { name: 'extra flags in a variable', files: { '.gitlab-ci.yml': head + '    - docker build --build-arg BUILDKIT_INLINE_CACHE=1 $BUILD_ARGS -t app .\n' } },
  ],
  invalid: [
    {
      name: 'real-world Kubernetes pipeline: inline cache with only tags',
      files: { '.gitlab-ci.yml': head + '    - docker build --build-arg BUILDKIT_INLINE_CACHE=1 -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA -t $CI_REGISTRY_IMAGE:latest .\n' },
      findings: [{ line: 5, column: 32, endColumn: 55, severity: 'info', message: /nothing ever reads it/ }],
      fixes: [{ title: 'Read the cache back: add --cache-from $CI_REGISTRY_IMAGE:latest', output: { '.gitlab-ci.yml': head + '    - docker build --build-arg BUILDKIT_INLINE_CACHE=1 --cache-from $CI_REGISTRY_IMAGE:latest -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA -t $CI_REGISTRY_IMAGE:latest .\n' } }],
    },
    {
      name: 'block scalar with continuation lines, quoted build-arg',
      files: { '.gitlab-ci.yml': y`
        build:
          script:
            - |
              docker build \\
                --build-arg "BUILDKIT_INLINE_CACHE=1" \\
                --tag "$CI_REGISTRY_IMAGE:main" .
      ` },
      findings: [{ line: 5, column: 22, severity: 'info' }],
      fixes: [{ title: 'Read the cache back: add --cache-from $CI_REGISTRY_IMAGE:main', output: { '.gitlab-ci.yml': y`
        build:
          script:
            - |
              docker build \\
                --build-arg "BUILDKIT_INLINE_CACHE=1" --cache-from $CI_REGISTRY_IMAGE:main \\
                --tag "$CI_REGISTRY_IMAGE:main" .
      ` } }],
    },
  ],
};
