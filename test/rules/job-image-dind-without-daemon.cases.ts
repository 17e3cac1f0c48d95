import { y, type RuleCases } from '../harness';

const dockerRunner = y`
  [[runners]]
    executor = "docker"
    [runners.docker]
      image = "alpine:3.20"
      privileged = true
`;

export const cases: RuleCases = {
  valid: [
    { name: 'no runner config: a socket-binding runner or runner-level service may provide the daemon', files: { '.gitlab-ci.yml': 'build:\n  image: docker:latest\n  script: [docker build .]\n' } },
    { name: 'socket binding runner', files: {
      '.gitlab-ci.yml': 'build:\n  image: docker:latest\n  script: [docker build .]\n',
      'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    volumes = ["/var/run/docker.sock:/var/run/docker.sock"]\n',
    } },
    { name: 'dind service present', files: { '.gitlab-ci.yml': 'build:\n  image: docker:dind\n  services: [docker:dind]\n  script: [docker build .]\n', 'config.toml': dockerRunner } },
    { name: 'job starts dockerd itself', files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-dind\n  script:\n    - dockerd-entrypoint.sh &\n    - sleep 5\n    - docker build .\n', 'config.toml': dockerRunner } },
    { name: 'DOCKER_HOST points to a remote daemon', files: { '.gitlab-ci.yml': 'build:\n  image: docker:dind\n  variables:\n    DOCKER_HOST: tcp://builder.example.com:2376\n  script: [docker build .]\n', 'config.toml': dockerRunner } },
  ],
  invalid: [
    {
      name: 'docker:dind as the job image on a Docker-executor runner without socket',
      files: {
        '.gitlab-ci.yml': y`
          build:
            image: docker:dind
            script:
              - docker build -t app .
        `,
        'config.toml': dockerRunner,
      },
      findings: [{ line: 2, column: 10, endColumn: 21, severity: 'error', message: /no such host/ }],
      fixes: [{ title: 'Use docker:29-cli with a docker:29-dind service, with the runner settings dind needs in config.toml (then reported: privileged-wider-than-needed, dind-registry-rate-limits, dind-mtu-not-set)', output: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          script:
            - docker build -t app .
          services:
            - name: docker:29-dind
              alias: docker
      ` } }],
    },
  ],
};
