import { y, type RuleCases } from '../harness';

const head = y`
  default:
    image: docker:29-cli
    services:
      - docker:29-dind
    before_script:
      - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"
`;

export const cases: RuleCases = {
  valid: [
    { name: 'the docker job itself', files: { '.gitlab-ci.yml': head + 'build:\n  script:\n    - docker build -t app .\n' } },
    { name: 'maven job overrides before_script', files: { '.gitlab-ci.yml': head + 'unit:\n  image: maven:3-eclipse-temurin-17\n  before_script: []\n  script:\n    - mvn test\n' } },
    { name: 'maven job installs the docker CLI', files: { '.gitlab-ci.yml': head + 'unit:\n  image: ubuntu:24.04\n  script:\n    - apt-get update && apt-get install -y docker.io\n    - mvn test\n' } },
    { name: 'custom image (may contain the CLI)', files: { '.gitlab-ci.yml': head + 'unit:\n  image: registry.example.com/tools/build:1\n  script:\n    - make test\n' } },
    { name: 'partial pipeline (remote include may define the job further)', files: { '.gitlab-ci.yml': 'include:\n  - remote: https://example.com/ci.yml\n' + head + 'unit:\n  image: maven:3-eclipse-temurin-17\n  script:\n    - mvn test\n' } },
  ],
  invalid: [
    {
      name: 'real-world case: maven unit_test inherits docker login from default:',
      files: { '.gitlab-ci.yml': head + y`
        unit_test:
          image: maven:3-eclipse-temurin-17
          script:
            - mvn test
      ` },
      findings: [{ line: 7, column: 1, endColumn: 10, severity: 'error', message: /inherits a before_script from default: that runs `docker login -u`: the job fails with `docker: command not found`/ }],
      fixes: [{ title: "Run no inherited before_script in this job (before_script: []) (in job 'unit_test')", output: { '.gitlab-ci.yml': head + y`
        unit_test:
          image: maven:3-eclipse-temurin-17
          script:
            - mvn test
          before_script: []
      ` } }],
    },
    {
      name: 'only an inherited after_script: info',
      files: { '.gitlab-ci.yml': 'default:\n  after_script:\n    - docker logout\nlint:\n  image: node:22\n  script:\n    - npm run lint\n' },
      findings: [{ line: 4, column: 1, severity: 'info', message: /after_script failures do not fail the job/ }],
      fixes: [{ title: "Run no inherited after_script in this job (after_script: []) (in job 'lint')", output: { '.gitlab-ci.yml': 'default:\n  after_script:\n    - docker logout\nlint:\n  image: node:22\n  script:\n    - npm run lint\n  after_script: []\n' } }],
    },
  ],
};
