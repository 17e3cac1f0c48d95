import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'GitLab canonical: push $CI_COMMIT_SHA', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [docker:29-dind]
        script:
          - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" -t "$CI_REGISTRY_IMAGE:latest" .
          - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"
          - docker push "$CI_REGISTRY_IMAGE:latest"
    ` } },
    { name: 'release job retags latest; the build job pushes the sha', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [docker:29-dind]
        script:
          - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .
          - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"
      release:
        image: docker:29-cli
        services: [docker:29-dind]
        script:
          - docker pull "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"
          - docker tag "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" "$CI_REGISTRY_IMAGE:latest"
          - docker push "$CI_REGISTRY_IMAGE:latest"
    ` } },
    { name: 'target from an unknown variable', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [docker:29-dind]
        script:
          - docker push "$IMAGE"
    ` } },
    { name: 'docker push --all-tags', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [docker:29-dind]
        script:
          - docker push --all-tags "$CI_REGISTRY_IMAGE"
    ` } },
    { name: 'docker 19.03 pushes every tag of a name without tag', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:19.03.13
        services: [docker:19.03.13-dind]
        script:
          - docker push $CI_REGISTRY_IMAGE
    ` } },
    { name: 'kaniko with a sha destination too', files: { '.gitlab-ci.yml': y`
      build:
        image: { name: "ghcr.io/osscontainertools/kaniko:debug", entrypoint: [""] }
        script:
          - /kaniko/executor --context . --destination "$CI_REGISTRY_IMAGE:latest" --destination "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"
    ` } },
  ],
  invalid: [
    {
      name: 'real-world Kubernetes pipeline: docker push latest',
      files: { '.gitlab-ci.yml': y`
        docker-build:
          image: docker:24-cli
          services: [docker:24-dind]
          script:
            - docker build -f "$DOCKERFILE_PATH" -t "$CI_REGISTRY_IMAGE:latest" "$BUILD_CONTEXT"
            - docker push "$CI_REGISTRY_IMAGE:latest"
      ` },
      findings: [{ line: 6, column: 20, endColumn: 45, severity: 'info', message: /only the mutable tag '\$CI_REGISTRY_IMAGE:latest'/ }],
      fixes: [{ title: 'Also tag and push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA', output: { '.gitlab-ci.yml': y`
        docker-build:
          image: docker:24-cli
          services: [docker:24-dind]
          script:
            - docker build -f "$DOCKERFILE_PATH" -t "$CI_REGISTRY_IMAGE:latest" "$BUILD_CONTEXT"
            - docker push "$CI_REGISTRY_IMAGE:latest" && docker tag "$CI_REGISTRY_IMAGE:latest" "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" && docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"
      ` } }],
    },
    {
      name: 'real-world Kubernetes pipeline: kaniko in a block scalar, target through a YAML variable',
      files: { '.gitlab-ci.yml': y`
        variables:
          RELEASE_IMAGE: $CI_REGISTRY_IMAGE:latest
        kaniko-build:
          image: { name: "gcr.io/kaniko-project/executor:debug", entrypoint: [""] }
          script:
            - |
              /kaniko/executor --context "$CI_PROJECT_DIR" \\
                --destination "$RELEASE_IMAGE"
      ` },
      findings: [{ line: 8, column: 24, endColumn: 38 }],
      fixes: [{ title: 'Also push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA', output: { '.gitlab-ci.yml': y`
        variables:
          RELEASE_IMAGE: $CI_REGISTRY_IMAGE:latest
        kaniko-build:
          image: { name: "gcr.io/kaniko-project/executor:debug", entrypoint: [""] }
          script:
            - |
              /kaniko/executor --context "$CI_PROJECT_DIR" \\
                --destination "$RELEASE_IMAGE" --destination "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"
      ` } }],
    },
    {
      name: 'buildx --push with one tag, no tag written',
      files: { '.gitlab-ci.yml': "build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  script:\n    - 'docker buildx build --push -t $CI_REGISTRY_IMAGE .'\n" },
      findings: [{ line: 5, column: 38 }],
      fixes: [{ title: 'Also push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA', output: { '.gitlab-ci.yml': "build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  script:\n    - 'docker buildx build --push -t $CI_REGISTRY_IMAGE -t \"$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA\" .'\n" } }],
    },
    {
      name: 'buildctl name=…:latest,push=true (no fix)',
      files: { '.gitlab-ci.yml': y`
        build:
          image: { name: moby/buildkit:v0.23.0-rootless, entrypoint: [""] }
          script:
            - buildctl-daemonless.sh build --frontend dockerfile.v0 --local context=. --local dockerfile=. --output type=image,name=$CI_REGISTRY_IMAGE:latest,push=true
      ` },
      findings: [{ line: 4, column: 125 }],
    },
  ],
};
