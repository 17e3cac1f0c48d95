import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'explicit DOCKER_HOST, link variable only printed', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [docker:29-dind]
        variables:
          DOCKER_HOST: tcp://docker:2376
        script:
          - echo "$DOCKER_PORT_2376_TCP"
          - docker info
    ` } },
    { name: 'no link variables', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [docker:29-dind]
        script: [docker info]
    ` } },
  ],
  invalid: [
    {
      name: 'DOCKER_HOST built from the link variable',
      files: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services: [docker:29-dind]
          variables:
            DOCKER_HOST: "$DOCKER_PORT_2375_TCP"
            DOCKER_TLS_CERTDIR: ""
          script: [docker info]
      ` },
      findings: [{ line: 5, column: 19, endColumn: 40, severity: 'warning', message: /`DOCKER_PORT_2375_TCP` is a legacy Docker link variable/ }],
      fixes: [{ title: 'Set DOCKER_HOST to tcp://docker:2375', output: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services: [docker:29-dind]
          variables:
            DOCKER_HOST: "tcp://docker:2375"
            DOCKER_TLS_CERTDIR: ""
          script: [docker info]
      ` } }],
    },
    {
      name: 'script exports DOCKER_HOST from the _ADDR variable',
      files: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services: [docker:29-dind]
          script:
            - export DOCKER_HOST="tcp://\${DOCKER_PORT_2375_TCP_ADDR}:2375"
            - docker info
      ` },
      findings: [{ line: 5, column: 33, severity: 'warning' }],
    },
  ],
};
