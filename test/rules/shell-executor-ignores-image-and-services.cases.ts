import { y, type RuleCases } from '../harness';

const shellRunner = '[[runners]]\n  name = "build-host"\n  executor = "shell"\n';
const dockerRunner = '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    image = "alpine:3.20"\n';
const job = y`
  build:
    image: docker:29-cli
    services:
      - docker:29-dind
    script:
      - docker build -t app .
`;

export const cases: RuleCases = {
  valid: [
    { name: 'Docker executor: image and services are used', files: { '.gitlab-ci.yml': job, 'config.toml': dockerRunner } },
    { name: 'runner unknown and no executor assumed', files: { '.gitlab-ci.yml': job } },
    { name: 'a shell and a Docker runner in view: the job may go to either', files: { '.gitlab-ci.yml': job, 'runners/shell.toml': shellRunner, 'runners/docker.toml': dockerRunner } },
    { name: 'shell runner, job without image or services', files: { '.gitlab-ci.yml': y`
      build:
        script:
          - docker build -t app .
    `, 'config.toml': shellRunner } },
    { name: 'shell runner, job extends a template of a file not in view: its keys are not all known', files: { '.gitlab-ci.yml': y`
      include:
        - remote: https://example.com/ci/docker.yml
      build:
        extends: .docker-build
        image: docker:29-cli
        script:
          - docker build -t app .
    `, 'config.toml': shellRunner } },
  ],
  invalid: [
    {
      name: 'shell runner: image and a dind service of the job',
      files: { '.gitlab-ci.yml': job, 'config.toml': shellRunner },
      findings: [
        { line: 2, column: 10, endColumn: 23, severity: 'warning', message: /ignores `image:` \(docker:29-cli is never pulled\)/ },
        { line: 4, column: 7, endColumn: 21, severity: 'warning', message: /docker:29-dind is never started/ },
      ],
      fixes: [
        { title: 'Remove `image:` (the shell executor ignores it)', output: { '.gitlab-ci.yml': y`
          build:
            services:
              - docker:29-dind
            script:
              - docker build -t app .
        ` } },
        { title: 'Remove `services:` (the shell executor ignores it)', output: { '.gitlab-ci.yml': y`
          build:
            image: docker:29-cli
            script:
              - docker build -t app .
        ` } },
      ],
    },
    {
      name: 'assumed shell executor: the default image is reported where it is written, once for both jobs, with no fix',
      files: { '.gitlab-ci.yml': y`
        default:
          image: node:22
        test:
          script: [npm test]
        lint:
          script: [npm run lint]
      ` },
      options: { runner: { executor: 'shell' } },
      findings: [{ line: 2, column: 10, endColumn: 17, severity: 'warning' }],
    },
    {
      name: 'services kept when DOCKER_HOST still names them: no removal offered for services',
      files: { '.gitlab-ci.yml': y`
        build:
          services: [postgres:16]
          variables:
            DATABASE_URL: postgres://postgres@postgres/app
            DOCKER_HOST: unix:///var/run/docker.sock
          script: [make test]
      `, 'config.toml': shellRunner },
      findings: [{ line: 2, column: 14, endColumn: 25, message: /postgres:16 is never started/ }],
    },
  ],
};
