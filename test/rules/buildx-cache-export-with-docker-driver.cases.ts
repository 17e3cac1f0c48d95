import { y, type RuleCases } from '../harness';

const job = (dind: string, script: string) => `build:\n  image: docker:27-cli\n  services: [${dind}]\n  script:\n${script}`;
const build = '    - docker buildx build --cache-to type=registry,ref=$CI_REGISTRY_IMAGE:cache,mode=max --cache-from type=registry,ref=$CI_REGISTRY_IMAGE:cache -t app --push .\n';

export const cases: RuleCases = {
  valid: [
    { name: 'GitLab buildx example: docker-container builder created first', files: { '.gitlab-ci.yml': job('docker:27-dind', '    - docker buildx create --use --driver docker-container --name cached-builder\n' + build) } },
    { name: '`docker buildx create --use` without --driver (defaults to docker-container)', files: { '.gitlab-ci.yml': job('docker:27-dind', '    - docker buildx create --use\n' + build) } },
    { name: 'dind 29: containerd image store by default', files: { '.gitlab-ci.yml': job('docker:29-dind', build) } },
    { name: 'unversioned dind (follows 29)', files: { '.gitlab-ci.yml': job('docker:dind', build) } },
    { name: 'inline cache works with the docker driver', files: { '.gitlab-ci.yml': job('docker:27-dind', '    - docker buildx build --cache-to type=inline -t app .\n') } },
    { name: 'no dind service (host daemon unknown)', files: { '.gitlab-ci.yml': 'build:\n  image: docker:27-cli\n  script:\n' + build } },
    { name: 'France-Nuage pattern: builder from --builder', files: { '.gitlab-ci.yml': job('docker:27-dind', '    - docker buildx build --builder k8s-builder --cache-to type=registry,ref=x:cache .\n') } },
  ],
  invalid: [
    {
      name: 'dind 27 without a builder',
      files: { '.gitlab-ci.yml': job('docker:27-dind', build) },
      findings: [{ line: 5, column: 38, severity: 'warning', message: /Cache export is not supported for the docker driver/ }],
      fixes: [{ title: 'Create a docker-container builder first: docker buildx create --use --driver docker-container --name builder', output: { '.gitlab-ci.yml': job('docker:27-dind', '    - docker buildx create --use --driver docker-container --name builder\n' + build) } }],
    },
    {
      name: 'real-world Kubernetes pipeline advice: plain docker build --cache-to, block scalar',
      files: { '.gitlab-ci.yml': y`
        build:
          image: docker:24.0.5
          services:
            - docker:24.0.5-dind
          script:
            - |
              docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" "$CI_REGISTRY"
              docker build --cache-to=type=local,dest=/cache -t app .
      ` },
      findings: [{ line: 8, column: 31, severity: 'warning' }],
      fixes: [{ title: 'Create a docker-container builder first: docker buildx create --use --driver docker-container --name builder', output: { '.gitlab-ci.yml': y`
        build:
          image: docker:24.0.5
          services:
            - docker:24.0.5-dind
          script:
            - |
              docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" "$CI_REGISTRY"
              docker buildx create --use --driver docker-container --name builder
              docker build --cache-to=type=local,dest=/cache -t app .
      ` } }],
    },
  ],
};
