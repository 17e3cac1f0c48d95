import { y, type RuleCases } from '../harness';

const shellRunner = '[[runners]]\n  name = "build-host"\n  executor = "shell"\n';
const dockerRunner = '[[runners]]\n  name = "containers"\n  executor = "docker"\n  [runners.docker]\n    image = "alpine:3.20"\n';
const build = y`
  build:
    script:
      - docker build -t "$CI_REGISTRY_IMAGE" .
      - docker push "$CI_REGISTRY_IMAGE"
`;

export const cases: RuleCases = {
  valid: [
    { name: 'shell runner whose jobs run no docker', file: 'config.toml', files: { '.gitlab-ci.yml': y`
      test:
        script: [npm ci, npm test]
    `, 'config.toml': shellRunner } },
    { name: 'shell runner config alone: no job in view says docker is used', files: { 'config.toml': shellRunner } },
    { name: 'a shell and a Docker runner in one config: the docker jobs may go to the Docker runner', file: 'config.toml', files: { '.gitlab-ci.yml': build, 'config.toml': shellRunner + dockerRunner } },
    { name: 'docker commands go to a remote daemon (DOCKER_HOST), not the host socket', file: 'config.toml', files: { '.gitlab-ci.yml': y`
      build:
        variables:
          DOCKER_HOST: tcp://builder.internal:2376
          DOCKER_TLS_VERIFY: "1"
        script: [docker build -t app .]
    `, 'config.toml': shellRunner } },
    { name: 'Docker executor runner', file: 'config.toml', files: { '.gitlab-ci.yml': build, 'config.toml': dockerRunner } },
  ],
  invalid: [
    {
      name: 'shell runner serving a job that runs docker build and push',
      file: 'config.toml',
      files: { '.gitlab-ci.yml': build, 'config.toml': shellRunner },
      findings: [{ line: 3, column: 3, endColumn: 21, severity: 'warning', message: /job 'build'.*docker group: that membership is root on the host/ }],
    },
    {
      name: 'two shell runners in one config, docker-compose in a job: each runner is reported',
      file: 'config.toml',
      files: { '.gitlab-ci.yml': y`
        e2e:
          script:
            - docker-compose up -d
            - ./run-e2e.sh
      `, 'config.toml': shellRunner + '\n[[runners]]\n  name = "build-host-2"\n  executor = "shell"\n' },
      findings: [{ line: 3, column: 3 }, { line: 7, column: 3 }],
    },
  ],
};
