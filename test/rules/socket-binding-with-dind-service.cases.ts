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
const dindJob = y`
  build:
    image: docker:29-cli
    services:
      - docker:29-dind
    variables:
      DOCKER_HOST: tcp://docker:2376
      DOCKER_TLS_CERTDIR: "/certs"
      IMAGE: app
    script:
      - docker build -t "$IMAGE" .
`;

export const cases: RuleCases = {
  valid: [
    { name: 'socket binding without dind (canonical socket binding)', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        script:
          - docker build -t app .
    `, 'config.toml': socketRunner() } },
    { name: 'dind with a runner that does not bind the socket (real-world mixed-runner pipeline runner)', files: { '.gitlab-ci.yml': dindJob, 'config.toml': socketRunner('["/certs/client", "/cache"]') } },
    { name: 'runner unknown', files: { '.gitlab-ci.yml': dindJob } },
    { name: 'docker run -v /var/run/docker.sock inside a dind job (the dind socket, not the host\'s)', files: { '.gitlab-ci.yml': y`
      code_quality:
        image: docker:29-cli
        services: [docker:29-dind]
        script:
          - docker run -v /var/run/docker.sock:/var/run/docker.sock registry.example.com/cq:1
    ` } },
  ],
  invalid: [
    {
      name: 'real-world mixed-runner pipeline: socket-binding runner and a dind service',
      files: { '.gitlab-ci.yml': dindJob, 'config.toml': socketRunner() },
      findings: [{ line: 4, column: 7, endColumn: 21, severity: 'error', message: /incompatible/ }],
      fixes: [
        { title: 'Keep dind: remove the socket bind from config.toml (then reported: dind-tls-certs-not-shared-docker)', output: { 'config.toml': socketRunner('["/cache"]') } },
        { title: 'Use the host daemon: remove the dind service and its DOCKER_* variables from the job', output: { '.gitlab-ci.yml': y`
          build:
            image: docker:29-cli
            variables:
              IMAGE: app
            script:
              - docker build -t "$IMAGE" .
        ` } },
      ],
    },
    {
      name: 'flow list with another service, variables only for dind, Helm-free TOML single volume',
      files: {
        '.gitlab-ci.yml': 'test:\n  image: docker:29-cli\n  services: [postgres:16, docker:dind]\n  variables:\n    DOCKER_TLS_CERTDIR: ""\n  script: [docker compose up -d]\n',
        'config.toml': socketRunner('["/var/run/docker.sock:/var/run/docker.sock"]'),
      },
      findings: [{ line: 3, column: 27, severity: 'error' }],
      fixes: [
        { title: 'Keep dind: remove the socket bind from config.toml', output: { 'config.toml': socketRunner('[]') } },
        { title: 'Use the host daemon: remove the dind service and its DOCKER_* variables from the job', output: { '.gitlab-ci.yml': 'test:\n  image: docker:29-cli\n  services: [postgres:16]\n  script: [docker compose up -d]\n' } },
      ],
    },
  ],
};
