import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'a reference to another variable', files: { '.gitlab-ci.yml': 'variables:\n  IMAGE_NAME: $CI_REGISTRY_IMAGE\nbuild:\n  script:\n    - echo $IMAGE_NAME\n' } },
    { name: 'trigger job forwarding a value downstream', files: { '.gitlab-ci.yml': 'deploy:\n  variables:\n    VERSION: $VERSION\n  trigger:\n    project: group/deployer\n' } },
    { name: 'expand: false keeps the literal on purpose', files: { '.gitlab-ci.yml': 'build:\n  variables:\n    PATTERN:\n      value: $PATTERN\n      expand: false\n  script:\n    - echo "$PATTERN"\n' } },
    { name: 'a value that only starts with the reference', files: { '.gitlab-ci.yml': 'build:\n  variables:\n    PATH_EXTRA: $PATH_EXTRA:/opt/bin\n  script:\n    - echo hi\n' } },
  ],
  invalid: [
    {
      name: 'real-world case: IMAGE_NAME: $IMAGE_NAME in a job',
      files: { '.gitlab-ci.yml': y`
        variables:
          IMAGE_NAME: registry.example.com/app
        build:
          variables:
            IMAGE_NAME: $IMAGE_NAME
            TAG: v1
          script:
            - docker build -t "$IMAGE_NAME:$TAG" .
      ` },
      findings: [{ line: 5, column: 17, endColumn: 28, severity: 'info', message: /IMAGE_NAME: \$IMAGE_NAME refers to itself.*hides a global value/ }],
      fixes: [{ title: 'Remove the self-referencing IMAGE_NAME', output: { '.gitlab-ci.yml': y`
        variables:
          IMAGE_NAME: registry.example.com/app
        build:
          variables:
            TAG: v1
          script:
            - docker build -t "$IMAGE_NAME:$TAG" .
      ` } }],
    },
    {
      name: 'global ${NAME} form',
      files: { '.gitlab-ci.yml': 'variables:\n  REGISTRY: ${REGISTRY}\nbuild:\n  script:\n    - echo $REGISTRY\n' },
      findings: [{ line: 2, column: 13, message: /an empty or literal value/ }],
      fixes: [{ title: 'Remove the self-referencing REGISTRY', output: { '.gitlab-ci.yml': 'build:\n  script:\n    - echo $REGISTRY\n' } }],
    },
  ],
};
