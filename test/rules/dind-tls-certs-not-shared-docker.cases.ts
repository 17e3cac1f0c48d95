import { y, type RuleCases } from '../harness';

// GitLab's minimal TLS example: no DOCKER_HOST, the docker image's entrypoint picks 2376 when certs are shared.
const ciMinimal = y`
  build:
    image: docker:29-cli
    services:
      - docker:29-dind
    variables:
      DOCKER_TLS_CERTDIR: "/certs"
    script:
      - docker build -t app .
`;
const toml = (volumes: string) => `[[runners]]\n  name = "docker"\n  executor = "docker"\n  [runners.docker]\n    image = "docker:29-cli"\n    privileged = true\n${volumes}`;

export const cases: RuleCases = {
  valid: [
    { name: 'GitLab docs: volumes = ["/certs/client", "/cache"]', files: { '.gitlab-ci.yml': ciMinimal, 'config.toml': toml('    volumes = ["/certs/client", "/cache"]\n') } },
    { name: 'host directory bound at /certs/client (rw)', files: { '.gitlab-ci.yml': ciMinimal, 'config.toml': toml('    volumes = ["/srv/dind-certs:/certs/client:rw", "/cache"]\n') } },
    { name: 'no runner config known', files: { '.gitlab-ci.yml': ciMinimal } },
    { name: 'TLS off (2375)', files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  variables: { DOCKER_HOST: "tcp://docker:2375", DOCKER_TLS_CERTDIR: "" }\n  script: [docker info]\n', 'config.toml': toml('    volumes = ["/cache"]\n') } },
    { name: 'Unix socket on a shared volume (GitLab docs variant)', files: { '.gitlab-ci.yml': 'job:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  variables:\n    DOCKER_HOST: "unix:///runner/services/docker/docker.sock"\n  script: [docker version]\n', 'config.toml': toml('    volumes = ["/runner/services/docker"]\n') } },
    { name: 'Kubernetes runner (B4 territory)', files: { '.gitlab-ci.yml': ciMinimal, 'config.toml': '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = true\n' } },
    { name: 'runner environment sets DOCKER_HOST', files: { '.gitlab-ci.yml': ciMinimal, 'config.toml': toml('    volumes = ["/cache"]\n').replace('  executor = "docker"\n', '  executor = "docker"\n  environment = ["DOCKER_HOST=tcp://docker:2376"]\n') } },
    { name: 'custom job image without DOCKER_HOST: the entrypoint does not run', files: { '.gitlab-ci.yml': ciMinimal.replace('docker:29-cli', 'alpine:3.20'), 'config.toml': toml('    volumes = ["/cache"]\n') } },
    // a config.toml seen alone (no CI file in the workspace)
    { name: 'runner alone: docker image, privileged, /certs/client shared', file: 'config.toml', files: { 'config.toml': toml('    volumes = ["/certs/client", "/cache"]\n') } },
    { name: 'runner alone: not privileged (not a dind runner)', file: 'config.toml', files: { 'config.toml': toml('    volumes = ["/cache"]\n').replace('privileged = true', 'privileged = false') } },
    { name: 'runner alone: default image is not the docker image', file: 'config.toml', files: { 'config.toml': toml('    volumes = ["/cache"]\n').replace('image = "docker:29-cli"', 'image = "alpine:3.20"') } },
    { name: 'runner alone: environment turns TLS off', file: 'config.toml', files: { 'config.toml': toml('    volumes = ["/cache"]\n').replace('  executor = "docker"\n', '  executor = "docker"\n  environment = ["DOCKER_TLS_CERTDIR="]\n') } },
    { name: 'runner alone: socket binding, not dind', file: 'config.toml', files: { 'config.toml': toml('    volumes = ["/var/run/docker.sock:/var/run/docker.sock", "/cache"]\n') } },
    { name: 'runner alone: a CI file it serves uses no dind (judged on the CI side)', file: 'config.toml', files: { 'config.toml': toml('    volumes = ["/cache"]\n'), '.gitlab-ci.yml': 'test:\n  script: [echo hi]\n' } },
    { name: 'runner alone: fragment without [[runners]]', file: 'config.toml', files: { 'config.toml': '[runners.docker]\n  image = "docker:29-cli"\n  privileged = true\n' } },
  ],
  invalid: [
    {
      name: 'runner alone: docker image, privileged, volumes = ["/cache"]: a dind runner without the certificate volume (conditional warning)',
      file: 'config.toml',
      files: { 'config.toml': toml('    volumes = ["/cache"]\n') },
      findings: [{ line: 7, column: 5, endColumn: 25, severity: 'warning', message: /^.{20,100}?[.!?] This runner is set up for Docker-in-Docker \(default image 'docker:29-cli', privileged\), but it does not share \/certs\/client with the build container\./ }],
      fixes: [{ title: 'Share "/certs/client" in [runners.docker] volumes', output: { 'config.toml': toml('    volumes = ["/cache", "/certs/client"]\n') } }],
    },
    {
      name: 'runner alone: no volumes key, runner environment moves the cert dir',
      file: 'config.toml',
      files: { 'config.toml': toml('').replace('  executor = "docker"\n', '  executor = "docker"\n  environment = ["DOCKER_TLS_CERTDIR=/docker-certs"]\n') },
      findings: [{ line: 5, column: 3, severity: 'warning', message: /does not share \/docker-certs\/client/ }],
      fixes: [{ title: 'Share "/docker-certs/client" in [runners.docker] volumes', output: { 'config.toml': toml('    volumes = ["/docker-certs/client"]\n').replace('  executor = "docker"\n', '  executor = "docker"\n  environment = ["DOCKER_TLS_CERTDIR=/docker-certs"]\n') } }],
    },
    {
      name: 'GitLab minimal TLS example on a runner with volumes = ["/cache"]',
      files: { '.gitlab-ci.yml': ciMinimal, 'config.toml': toml('    volumes = ["/cache"]\n') },
      findings: [{ line: 4, column: 7, endColumn: 21, severity: 'error', message: /falls back to tcp:\/\/docker:2375/ }],
      fixes: [{ title: 'config.toml: share "/certs/client" in [runners.docker] volumes', output: { 'config.toml': toml('    volumes = ["/cache", "/certs/client"]\n') } }],
    },
    {
      name: 'explicit 2376 with client variables, runner without a volumes key',
      files: {
        '.gitlab-ci.yml': y`
          variables:
            DOCKER_HOST: tcp://docker:2376
            DOCKER_TLS_VERIFY: "1"
            DOCKER_CERT_PATH: /certs/client
          build:
            image: docker:29-cli
            services:
              - name: docker:29-dind
                alias: docker
            script:
              - docker info
        `,
        'config.toml': toml(''),
      },
      findings: [{ line: 8, column: 13, message: /Client sent an HTTP request to an HTTPS server/ }],
      fixes: [{ title: 'config.toml: share "/certs/client" in [runners.docker] volumes', output: { 'config.toml': toml('    volumes = ["/certs/client"]\n') } }],
    },
    {
      name: 'read-only /certs/client is rewritten',
      files: { '.gitlab-ci.yml': ciMinimal, 'config.toml': toml("    volumes = ['/cache', '/srv/c:/certs/client:ro']\n") },
      findings: [{ line: 4, column: 7 }],
      fixes: [{ title: 'config.toml: share "/certs/client" in [runners.docker] volumes', output: { 'config.toml': toml('    volumes = [\'/cache\', "/certs/client"]\n') } }],
    },
  ],
};
