import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'CI_JOB_TOKEN', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [docker:29-dind]
        script:
          - echo "$CI_JOB_TOKEN" | docker login -u gitlab-ci-token --password-stdin "$CI_REGISTRY"
    ` } },
    { name: 'a variable of the project named like it, defined in the YAML', files: { '.gitlab-ci.yml': 'variables:\n  CI_BUILD_TOKEN: $MY_TOKEN\njob:\n  script: [curl -H "PRIVATE-TOKEN: $CI_BUILD_TOKEN" https://example.com]\n' } },
    { name: 'a longer name', files: { '.gitlab-ci.yml': 'job:\n  script: [echo $CI_BUILD_TOKENS]\n' } },
  ],
  invalid: [
    {
      name: 'GitLab 2017 blog: docker login -u gitlab-ci-token -p $CI_BUILD_TOKEN',
      files: { '.gitlab-ci.yml': y`
        build:
          image: docker:latest
          services:
            - docker:dind
          script:
            - docker login -u gitlab-ci-token -p $CI_BUILD_TOKEN registry.example.com
      ` },
      findings: [{ line: 6, column: 42, endColumn: 57, severity: 'error', message: /CI_BUILD_TOKEN no longer exists.*unauthorized: incorrect username or password/ }],
      fixes: [
        { title: 'Log in with CI_REGISTRY_PASSWORD through --password-stdin', output: { '.gitlab-ci.yml': y`
          build:
            image: docker:latest
            services:
              - docker:dind
            script:
              - echo "$CI_REGISTRY_PASSWORD" | docker login -u gitlab-ci-token --password-stdin registry.example.com
        ` } },
        { title: 'Use CI_JOB_TOKEN', output: { '.gitlab-ci.yml': y`
          build:
            image: docker:latest
            services:
              - docker:dind
            script:
              - docker login -u gitlab-ci-token -p $CI_JOB_TOKEN registry.example.com
        ` } },
      ],
    },
    {
      name: 'inside a URL and in a variable value',
      files: { '.gitlab-ci.yml': 'variables:\n  DEPS_URL: "https://gitlab-ci-token:${CI_BUILD_TOKEN}@gitlab.example.com/g/deps.git"\njob:\n  script:\n    - git clone "https://gitlab-ci-token:${CI_BUILD_TOKEN}@gitlab.example.com/g/x.git"\n' },
      findings: [{ line: 2, column: 38 }, { line: 5, column: 42, endColumn: 59 }],
      fixes: [
        { title: 'Use CI_JOB_TOKEN', output: { '.gitlab-ci.yml': 'variables:\n  DEPS_URL: "https://gitlab-ci-token:${CI_JOB_TOKEN}@gitlab.example.com/g/deps.git"\njob:\n  script:\n    - git clone "https://gitlab-ci-token:${CI_BUILD_TOKEN}@gitlab.example.com/g/x.git"\n' } },
      ],
    },
  ],
};
