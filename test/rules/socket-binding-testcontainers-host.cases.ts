import { y, type RuleCases } from '../harness';

const socketRunner = (vols = '["/var/run/docker.sock:/var/run/docker.sock", "/cache"]', extra = '') => y`
  [[runners]]
    name = "docker-socket"
    executor = "docker"
    [runners.docker]
      image = "docker:29-cli"
      privileged = false
      volumes = ${vols}${extra}
`;
const shellRunner = y`
  [[runners]]
    name = "shell-docker"
    executor = "shell"
`;
const itJob = y`
  integration:
    image: maven:3-eclipse-temurin-21
    variables:
      TESTCONTAINERS_RYUK_DISABLED: "true"
    script:
      - mvn -B verify
`;

export const cases: RuleCases = {
  valid: [
    { name: 'TESTCONTAINERS_HOST_OVERRIDE already set', files: { '.gitlab-ci.yml': y`
      integration:
        image: maven:3-eclipse-temurin-21
        variables:
          TESTCONTAINERS_RYUK_DISABLED: "true"
          TESTCONTAINERS_HOST_OVERRIDE: host.docker.internal
        script:
          - mvn -B verify
    `, 'config.toml': socketRunner() } },
    { name: 'Testcontainers with a dind service (the documented dind setup; the socket-binding conflict is socket-binding-with-dind-service\'s)', files: { '.gitlab-ci.yml': y`
      integration:
        image: maven:3-eclipse-temurin-21
        services:
          - name: docker:29-dind
            command: ["--tls=false"]
        variables:
          DOCKER_HOST: tcp://docker:2375
          DOCKER_TLS_CERTDIR: ""
          TESTCONTAINERS_RYUK_DISABLED: "true"
        script:
          - mvn -B verify
    `, 'config.toml': socketRunner() } },
    { name: 'runner without socket binding', files: { '.gitlab-ci.yml': itJob, 'config.toml': socketRunner('["/certs/client", "/cache"]') } },
    { name: 'shell executor: mapped ports are on the job\'s own host', files: { '.gitlab-ci.yml': itJob, 'config.toml': shellRunner } },
    { name: 'no runner known', files: { '.gitlab-ci.yml': itJob } },
  ],
  invalid: [
    {
      name: 'socket binding (Testcontainers\' GitLab CI page): job variable, runner without extra_hosts',
      files: { '.gitlab-ci.yml': itJob, 'config.toml': socketRunner() },
      findings: [{ line: 4, column: 5, endColumn: 33, severity: 'info', message: /TESTCONTAINERS_HOST_OVERRIDE/ }],
      fixes: [
        { title: 'Set TESTCONTAINERS_HOST_OVERRIDE: host.docker.internal and map host.docker.internal to the host gateway in config.toml (extra_hosts)', output: {
          '.gitlab-ci.yml': y`
            integration:
              image: maven:3-eclipse-temurin-21
              variables:
                TESTCONTAINERS_RYUK_DISABLED: "true"
                TESTCONTAINERS_HOST_OVERRIDE: host.docker.internal
              script:
                - mvn -B verify
          `,
          'config.toml': socketRunner(undefined, '\n      extra_hosts = ["host.docker.internal:host-gateway"]'),
        } },
        { title: 'Set TESTCONTAINERS_HOST_OVERRIDE: host.docker.internal in the job', output: { '.gitlab-ci.yml': y`
          integration:
            image: maven:3-eclipse-temurin-21
            variables:
              TESTCONTAINERS_RYUK_DISABLED: "true"
              TESTCONTAINERS_HOST_OVERRIDE: host.docker.internal
            script:
              - mvn -B verify
        ` } },
      ],
    },
    {
      name: 'script mentions testcontainers, runner maps host.docker.internal already',
      files: { '.gitlab-ci.yml': y`
        test:
          image: gradle:8-jdk21
          script:
            - gradle test -Dtestcontainers.reuse.enable=false
      `, 'config.toml': socketRunner(undefined, '\n      extra_hosts = ["host.docker.internal:host-gateway"]') },
      findings: [{ line: 4, column: 19, endColumn: 54 }],
      fixes: [{ title: 'Set TESTCONTAINERS_HOST_OVERRIDE: host.docker.internal in the job', output: { '.gitlab-ci.yml': y`
        test:
          image: gradle:8-jdk21
          script:
            - gradle test -Dtestcontainers.reuse.enable=false
          variables:
            TESTCONTAINERS_HOST_OVERRIDE: host.docker.internal
      ` } }],
    },
  ],
};
