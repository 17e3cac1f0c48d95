import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'install in the one job that needs it', files: { '.gitlab-ci.yml': y`
      default:
        before_script: [docker info]
      lint:
        image: alpine:3
        before_script:
          - apk add --no-cache shellcheck
        script: [shellcheck *.sh]
      build:
        script: [docker build .]
    ` } },
    { name: 'a single job inherits the default', files: { '.gitlab-ci.yml': y`
      default:
        before_script:
          - apk add curl
      only:
        script: [curl -fsS https://example.com]
    ` } },
    { name: 'installs inside shell functions (Auto-DevOps style library) run only when called', files: { '.gitlab-ci.yml': y`
      .functions: &functions |
        function install_dependencies() {
          apk add -U openssl curl
        }
      before_script:
        - *functions
      a:
        script: [install_dependencies]
      b:
        script: [true]
    ` } },
    { name: 'package manager used for something else', files: { '.gitlab-ci.yml': y`
      before_script:
        - apk update
        - pip list
      a:
        script: [true]
      b:
        script: [true]
    ` } },
  ],
  invalid: [
    {
      name: 'real-world Helm-runner pipeline: top-level before_script with apk add',
      files: { '.gitlab-ci.yml': y`
        default:
          image:
            name: docker:19.03.13
        before_script:
          - apk add --update curl && rm -rf /var/cache/apk/*
          - docker info
        build-job:
          script:
          - echo "Hello, $GITLAB_USER_LOGIN!"
        test-job1:
          script:
          - echo "This job tests something"
        deploy-prod:
          script:
          - echo "This job deploys something from the $CI_COMMIT_BRANCH branch."
      ` },
      findings: [{ line: 5, column: 5, endColumn: 12, severity: 'info', message: /top-level `before_script:` runs `apk add`, and all 3 jobs/ }],
    },
    {
      name: 'default before_script in an included file, block scalar',
      files: {
        '.gitlab-ci.yml': 'include: ci/defaults.yml\na:\n  script: [make a]\nb:\n  script: [make b]\n',
        'ci/defaults.yml': y`
          default:
            before_script:
              - |
                set -e
                apt-get update && apt-get install -y git
        `,
      },
      file: 'ci/defaults.yml',
      findings: [{ line: 5, column: 25, endColumn: 40, file: 'ci/defaults.yml', message: /`default: before_script` runs `apt-get install`/ }],
    },
  ],
};
