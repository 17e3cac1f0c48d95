import { y, type RuleCases } from '../harness';

const socketRunner = (vols = '["/var/run/docker.sock:/var/run/docker.sock", "/cache"]') => y`
  [[runners]]
    name = "docker-socket"
    executor = "docker"
    [runners.docker]
      image = "docker:29-cli"
      privileged = false
      volumes = ${vols}
`;
const shellRunner = y`
  [[runners]]
    name = "shell-docker"
    executor = "shell"
`;
const testJob = y`
  test:
    image: docker:29-cli
    script:
      - docker run --rm -v "$CI_PROJECT_DIR":/src -w /src node:22 npm test
`;

export const cases: RuleCases = {
  valid: [
    { name: 'Code-Quality trap: docker run -v "$PWD":/code -v /var/run/docker.sock inside a dind job (no runner known)', files: { '.gitlab-ci.yml': y`
      code_quality:
        image: docker:stable
        services: [docker:stable-dind]
        variables:
          DOCKER_DRIVER: overlay2
        script:
          - docker run --env SOURCE_CODE="$PWD" --volume "$PWD":/code --volume /var/run/docker.sock:/var/run/docker.sock "registry.gitlab.com/gitlab-org/ci-cd/codequality:0.85.24" /code
    ` } },
    { name: 'dind job next to a socket-binding runner (dind shares /builds; socket-binding-with-dind-service reports the conflict)', files: { '.gitlab-ci.yml': y`
      test:
        image: docker:29-cli
        services: [docker:29-dind]
        script:
          - docker run --rm -v "$CI_PROJECT_DIR":/src node:22 npm test
    `, 'config.toml': socketRunner() } },
    { name: 'runner without socket binding (dind runner)', files: { '.gitlab-ci.yml': testJob, 'config.toml': socketRunner('["/certs/client", "/cache"]') } },
    { name: 'no runner known and nothing in the job says socket binding', files: { '.gitlab-ci.yml': testJob } },
    { name: 'shell executor: the checkout is on the host, the mount works', files: { '.gitlab-ci.yml': y`
      test:
        script:
          - docker run --rm -v "$CI_PROJECT_DIR":/src node:22 npm test
    `, 'config.toml': shellRunner } },
    { name: 'the runner binds /builds from the host at the same path', files: { '.gitlab-ci.yml': testJob, 'config.toml': socketRunner('["/var/run/docker.sock:/var/run/docker.sock", "/builds:/builds", "/cache"]') } },
    { name: 'named volumes, the socket itself, absolute host paths, and -v after the image (the container\'s own argument)', files: { '.gitlab-ci.yml': y`
      test:
        image: docker:29-cli
        script:
          - docker run --rm -v m2:/root/.m2 -v /var/run/docker.sock:/var/run/docker.sock -v /srv/data:/data maven:3 mvn -v
          - docker run --rm python:3.13 pytest -v ./tests
          - docker run --rm --mount type=volume,source=cache,target=/cache alpine:3 ls
          - docker -H tcp://remote:2376 run --rm -v "$PWD":/src alpine:3 ls
    `, 'config.toml': socketRunner() } },
  ],
  invalid: [
    {
      name: 'real-world socket-binding pipeline: -v "$CI_PROJECT_DIR":/src on a socket-binding runner',
      files: { '.gitlab-ci.yml': testJob, 'config.toml': socketRunner() },
      findings: [{ line: 4, column: 26, endColumn: 48, severity: 'warning', message: /resolves bind-mount sources on the host/ }],
    },
    {
      name: '--volume=, --mount type=bind,source=$(pwd), -v ./ and compose run inside a block scalar',
      files: { '.gitlab-ci.yml': y`
        e2e:
          image: docker:29-cli
          script:
            - |
              docker run --rm --volume=./config:/etc/app:ro \\
                --mount type=bind,source=$(pwd)/data,target=/data app:test
              docker compose -f ci.yml run --rm -v \${PWD}/out:/out tests
      `, 'config.toml': socketRunner() },
      findings: [
        { line: 5, column: 32, endColumn: 52 },
        { line: 6, column: 17, endColumn: 58 },
        { line: 7, column: 44, endColumn: 59 },
      ],
    },
    {
      name: 'no runner known, but the job points DOCKER_HOST at the local socket (socket binding)',
      files: { '.gitlab-ci.yml': y`
        test:
          image: docker:29-cli
          variables:
            DOCKER_HOST: unix:///var/run/docker.sock
          script:
            - docker run --rm -v /builds/group/project:/src alpine:3 ls /src
      ` },
      findings: [{ line: 6, column: 26, severity: 'warning' }],
    },
  ],
};
