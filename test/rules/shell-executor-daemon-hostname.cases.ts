import { y, type RuleCases } from '../harness';

const shellRunner = '[[runners]]\n  name = "build-host"\n  executor = "shell"\n';
const dockerRunner = '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n';
const aliased = y`
  build:
    image: docker:29-cli
    services:
      - name: docker:29-dind
        alias: dind
    variables:
      DOCKER_HOST: tcp://dind:2375
      DOCKER_TLS_CERTDIR: ""
    script:
      - docker info
`;

export const cases: RuleCases = {
  valid: [
    { name: 'Docker executor: the service is started and answers as dind', files: { '.gitlab-ci.yml': aliased, 'config.toml': dockerRunner } },
    { name: 'runner unknown and no executor assumed', files: { '.gitlab-ci.yml': aliased } },
    { name: 'shell runner, DOCKER_HOST names a host and the job has no service (dind-host-without-service reports it)', files: { '.gitlab-ci.yml': y`
      build:
        variables:
          DOCKER_HOST: tcp://docker:2375
        script: [docker info]
    `, 'config.toml': shellRunner } },
    { name: 'shell runner, DOCKER_HOST names a remote daemon that is not a service of the job', files: { '.gitlab-ci.yml': y`
      build:
        services: [docker:29-dind]
        variables:
          DOCKER_HOST: tcp://builder.internal:2376
        script: [docker info]
    `, 'config.toml': shellRunner } },
    { name: 'shell runner, DOCKER_HOST is the local socket', files: { '.gitlab-ci.yml': y`
      build:
        services: [docker:29-dind]
        variables:
          DOCKER_HOST: unix:///var/run/docker.sock
        script: [docker info]
    `, 'config.toml': shellRunner } },
    { name: 'a shell and a Docker runner in view', files: { '.gitlab-ci.yml': aliased, 'runners/a.toml': shellRunner, 'runners/b.toml': dockerRunner } },
  ],
  invalid: [
    {
      name: 'shell runner: DOCKER_HOST names the alias of the job\'s dind service',
      files: { '.gitlab-ci.yml': aliased, 'config.toml': shellRunner },
      findings: [{ line: 7, column: 18, endColumn: 33, severity: 'error', message: /the host name of the service 'docker:29-dind'.*no such host/ }],
      fixes: [{ title: `Remove DOCKER_HOST (use the host's Docker daemon) (then reported: shell-executor-docker-group-root)`, output: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services:
            - name: docker:29-dind
              alias: dind
          variables:
            DOCKER_TLS_CERTDIR: ""
          script:
            - docker info
      ` } }],
    },
    {
      name: 'assumed shell executor, the default host name docker with TLS client settings: no removal offered',
      files: { '.gitlab-ci.yml': y`
        variables:
          DOCKER_HOST: tcp://docker:2376
          DOCKER_TLS_VERIFY: "1"
          DOCKER_CERT_PATH: /certs/client
        build:
          services: [docker:29-dind]
          script: [docker build -t app .]
      ` },
      options: { runner: { executor: 'shell' } },
      findings: [{ line: 2, column: 16, endColumn: 33, severity: 'error' }],
    },
  ],
};
