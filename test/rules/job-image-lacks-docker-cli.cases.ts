import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'docker only in an inherited before_script: left to inherited-docker-script-in-non-docker-image', files: { '.gitlab-ci.yml': 'default:\n  before_script:\n    - docker info\nunit:\n  image: maven:3-eclipse-temurin-17\n  script:\n    - mvn test\n' } },
    { name: 'maven job without docker (real-world mixed-runner pipeline)', files: { '.gitlab-ci.yml': 'unit_test:\n  image: maven:3-openjdk-17\n  services: [docker:29-dind]\n  script: [mvn test]\n' } },
    { name: 'installs the CLI first', files: { '.gitlab-ci.yml': 'build:\n  image: alpine:3.20\n  before_script: [apk add --no-cache docker-cli]\n  script: [docker info]\n' } },
    { name: 'custom image may contain the CLI', files: { '.gitlab-ci.yml': 'build:\n  image: registry.example.com/tools/builder:1\n  script: [docker info]\n' } },
    { name: 'image from a variable', files: { '.gitlab-ci.yml': 'build:\n  image: $BUILD_IMAGE\n  script: [docker info]\n' } },
    { name: 'docker only inside shell functions of a shared before_script (Auto-DevOps 2018)', files: { '.gitlab-ci.yml': 'image: alpine:latest\n.fns: &fns |\n  function registry_login() {\n    docker login -u "$CI_REGISTRY_USER" "$CI_REGISTRY"\n  }\nbefore_script:\n  - *fns\ndeploy:\n  script: [echo deploy]\n' } },
    { name: 'shell executor ignores image', files: { '.gitlab-ci.yml': 'build:\n  image: alpine:3.20\n  script: [docker info]\n', 'config.toml': '[[runners]]\n  executor = "shell"\n' } },
  ],
  invalid: [
    {
      name: 'alpine job image running docker build',
      files: { '.gitlab-ci.yml': y`
        build:
          image: alpine:3.20
          services:
            - docker:29-dind
          script:
            - docker build -t app .
      ` },
      findings: [{ line: 2, column: 10, endColumn: 21, severity: 'warning', message: /command not found/ }],
      fixes: [{ title: 'Use docker:29-cli as the job image', output: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services:
            - docker:29-dind
          script:
            - docker build -t app .
      ` } }],
    },
    {
      name: 'node image: no automatic fix (the toolchain would be lost)',
      files: { '.gitlab-ci.yml': 'e2e:\n  image: node:20\n  script:\n    - npm ci\n    - docker compose up -d\n' },
      findings: [{ line: 2, column: 10 }],
    },
  ],
};
