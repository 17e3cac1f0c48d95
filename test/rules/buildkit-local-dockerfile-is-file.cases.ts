import { y, type RuleCases } from '../harness';

const img = 'build:\n  image:\n    name: moby/buildkit:rootless\n    entrypoint: [""]\n  variables:\n    BUILDKITD_FLAGS: --oci-worker-no-process-sandbox\n';

export const cases: RuleCases = {
  valid: [
    { name: 'GitLab doc example: --local dockerfile=.', files: { '.gitlab-ci.yml': img + '  script:\n    - |\n      buildctl-daemonless.sh build \\\n        --frontend dockerfile.v0 \\\n        --local context=. \\\n        --local dockerfile=.\n' } },
    { name: 'directory with --opt filename', files: { '.gitlab-ci.yml': img + '  script:\n    - buildctl-daemonless.sh build --local context=. --local dockerfile=docker --opt filename=app.Dockerfile\n' } },
    { name: 'dockerfile path from a variable', files: { '.gitlab-ci.yml': img + '  script:\n    - buildctl-daemonless.sh build --local context=. --local dockerfile=$DOCKERFILE_DIR\n' } },
    { name: 'not a buildctl command', files: { '.gitlab-ci.yml': 'build:\n  script:\n    - echo --local dockerfile=./Dockerfile\n' } },
  ],
  invalid: [
    {
      name: 'block scalar with the Dockerfile path',
      files: { '.gitlab-ci.yml': img + '  script:\n    - |\n      buildctl-daemonless.sh build \\\n        --frontend dockerfile.v0 \\\n        --local context=. \\\n        --local dockerfile=./Dockerfile \\\n        --output type=image,name=$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA,push=true\n' },
      findings: [{ line: 12, column: 28, endColumn: 40, severity: 'error', message: /not a directory/ }],
      fixes: [{ title: 'Use the directory: --local dockerfile=.', output: { '.gitlab-ci.yml': img + '  script:\n    - |\n      buildctl-daemonless.sh build \\\n        --frontend dockerfile.v0 \\\n        --local context=. \\\n        --local dockerfile=. \\\n        --output type=image,name=$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA,push=true\n' } }],
    },
    {
      name: 'custom file name, quoted, --local= form, in a template',
      files: { '.gitlab-ci.yml': y`
        .build:
          script:
            - buildctl build --addr tcp://buildkitd:1234 --local context=. --local="dockerfile=docker/app.Dockerfile"
        build:
          extends: .build
      ` },
      findings: [{ line: 3, column: 88, severity: 'error' }],
      fixes: [{ title: 'Use the directory: --local dockerfile=docker --opt filename=app.Dockerfile', output: { '.gitlab-ci.yml': y`
        .build:
          script:
            - buildctl build --addr tcp://buildkitd:1234 --local context=. --local="dockerfile=docker" --opt filename=app.Dockerfile
        build:
          extends: .build
      ` } }],
    },
  ],
};
