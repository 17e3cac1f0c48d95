import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'old docker image (before compose plugin)', files: { '.gitlab-ci.yml': 'build:\n  image: docker:19.03.12\n  before_script: [apk add --no-cache docker-compose]\n  script: [docker-compose build]\n' } },
    { name: 'other packages only', files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  before_script: [apk add --no-cache git curl]\n  script: [docker build .]\n' } },
    { name: 'not the docker image', files: { '.gitlab-ci.yml': 'build:\n  image: alpine:3.20\n  before_script: [apk add --no-cache docker-cli docker-cli-compose]\n  script: [docker compose build]\n' } },
  ],
  invalid: [
    {
      name: 'apk add docker-compose among other packages',
      files: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          before_script:
            - apk add --no-cache git docker-compose curl
          script:
            - docker-compose build
      ` },
      findings: [{ line: 4, column: 30, endColumn: 44, severity: 'info', message: /already ships/ }],
      fixes: [{ title: 'Remove docker-compose from the install', output: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          before_script:
            - apk add --no-cache git curl
          script:
            - docker-compose build
      ` } }],
    },
    {
      name: 'pip install docker-compose as the only package',
      files: { '.gitlab-ci.yml': y`
        build:
          image: docker:latest
          before_script:
            - pip install docker-compose
            - docker info
          script:
            - docker compose build
      ` },
      findings: [{ line: 4, column: 19, message: /Compose v1/ }],
      fixes: [{ title: 'Remove the install line', output: { '.gitlab-ci.yml': y`
        build:
          image: docker:latest
          before_script:
            - docker info
          script:
            - docker compose build
      ` } }],
    },
  ],
};
