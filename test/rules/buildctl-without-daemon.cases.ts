import { y, type RuleCases } from '../harness';

const docsExample = y`
  variables:
    DOCKER_TLS_CERTDIR: "/certs"

  build-with-buildkit:
    image: moby/buildkit:latest
    services:
      - docker:dind
    stage: build
    script:
      - |
        buildctl build \
          --frontend dockerfile.v0 \
          --local context=. \
          --local dockerfile=. \
          --output type=image,name=$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA,push=true
`;
const dockerToml = '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    image = "alpine:3"\n';

export const cases: RuleCases = {
  valid: [
    { name: 'buildctl-daemonless.sh starts its own daemon', files: { '.gitlab-ci.yml': 'build:\n  image: {name: moby/buildkit:rootless, entrypoint: [""]}\n  script: [buildctl-daemonless.sh build --local context=. --local dockerfile=.]\n' } },
    { name: 'buildkitd service and BUILDKIT_HOST (shortlink-org pattern)', files: { '.gitlab-ci.yml': y`
      build:
        image: moby/buildkit:v0.23.2
        services:
          - name: moby/buildkit:v0.23.2
            alias: buildkitd
            command: ["--addr", "tcp://0.0.0.0:1234"]
        variables:
          BUILDKIT_HOST: tcp://buildkitd:1234
        script:
          - buildctl build --local context=. --local dockerfile=.
    ` } },
    { name: '--addr on the command line', files: { '.gitlab-ci.yml': 'build:\n  image: alpine:3\n  script:\n    - buildctl --addr tcp://buildkit.example.com:1234 build --local context=. --local dockerfile=.\n' } },
    { name: 'rootless image presets BUILDKIT_HOST', files: { '.gitlab-ci.yml': 'build:\n  image: moby/buildkit:rootless\n  script: [buildctl build --local context=. --local dockerfile=.]\n' } },
    { name: 'script starts buildkitd in the background', files: { '.gitlab-ci.yml': 'build:\n  image: moby/buildkit:v0.23.2\n  script:\n    - buildkitd &\n    - buildctl build --local context=. --local dockerfile=.\n' } },
    { name: 'BUILDKIT_HOST from a remote include', files: { '.gitlab-ci.yml': 'include:\n  - remote: https://example.com/bk.yml\nbuild:\n  image: alpine:3\n  script: [buildctl build --local context=. --local dockerfile=.]\n' } },
    { name: 'runner-level buildkitd service', files: { '.gitlab-ci.yml': 'build:\n  image: alpine:3\n  script: [buildctl build --local context=. --local dockerfile=.]\n', 'config.toml': dockerToml + '    [[runners.docker.services]]\n      name = "moby/buildkit:v0.23.2"\n      alias = "buildkitd"\n' } },
  ],
  invalid: [
    {
      name: 'GitLab "Native BuildKit" doc example (UNVERIFIED: warning)',
      files: { '.gitlab-ci.yml': docsExample },
      findings: [{ line: 11, column: 7, endColumn: 15, severity: 'warning', message: /A docker:dind service is not a buildkitd endpoint/ }],
      fixes: [
        { title: 'Use buildctl-daemonless.sh (starts an ephemeral buildkitd)', output: { '.gitlab-ci.yml': docsExample.replace('buildctl build', 'buildctl-daemonless.sh build') } },
        { title: 'Add a buildkitd service and BUILDKIT_HOST: tcp://buildkitd:1234', output: { '.gitlab-ci.yml': docsExample.replace('    - docker:dind\n', '    - docker:dind\n    - name: moby/buildkit:latest\n      alias: buildkitd\n      command: [--addr, tcp://0.0.0.0:1234]\n') + '  variables:\n    BUILDKIT_HOST: tcp://buildkitd:1234\n' } },
      ],
    },
    {
      name: 'alpine image with buildctl, Docker runner known: error',
      files: { '.gitlab-ci.yml': 'build:\n  image: alpine:3\n  script:\n    - apk add buildkit\n    - buildctl build --local context=. --local dockerfile=.\n', 'config.toml': dockerToml },
      findings: [{ line: 5, column: 7, severity: 'error' }],
      fixes: [{ title: 'Add a buildkitd service and BUILDKIT_HOST: tcp://buildkitd:1234', output: { '.gitlab-ci.yml': 'build:\n  image: alpine:3\n  script:\n    - apk add buildkit\n    - buildctl build --local context=. --local dockerfile=.\n  services:\n    - name: moby/buildkit:latest\n      alias: buildkitd\n      command: [--addr, tcp://0.0.0.0:1234]\n  variables:\n    BUILDKIT_HOST: tcp://buildkitd:1234\n' } }],
    },
  ],
};
