import { y, type RuleCases } from '../harness';

const fr000 = (cmd: string, vars: string) => `build:\n  image: docker:24-cli\n  services:\n    - name: docker:24-dind\n${cmd}  variables:\n${vars}  script:\n    - docker info\n`;
const docker = '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    image = "alpine:3.20"\n    privileged = true\n';
const k8s = '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = true\n';

export const cases: RuleCases = {
  valid: [
    { name: 'canonical Docker-executor TLS setup: TLS on', files: { '.gitlab-ci.yml': fr000('', '    DOCKER_HOST: tcp://docker:2376\n    DOCKER_TLS_CERTDIR: "/certs"\n') } },
    { name: 'TLS default (variable unset)', files: { '.gitlab-ci.yml': fr000('', '    DOCKER_HOST: tcp://docker:2376\n') } },
    { name: 'DOCKER_TLS_CERTDIR from a variable', files: { '.gitlab-ci.yml': fr000('', '    DOCKER_TLS_CERTDIR: $CERTS\n') } },
    { name: '--tls=false while TLS is on (dind-command-conflicting-flags territory)', files: { '.gitlab-ci.yml': fr000('      command: ["--tls=false"]\n', '    DOCKER_TLS_CERTDIR: "/certs"\n') } },
  ],
  invalid: [
    {
      name: 'real-world Kubernetes pipeline: one edit set switches to TLS',
      files: {
        '.gitlab-ci.yml': fr000('      command:\n        - --tls=false\n        - --host=tcp://0.0.0.0:2375\n        - --insecure-registry=10.0.0.5:5000\n', '    DOCKER_HOST: "tcp://docker:2375"\n    DOCKER_TLS_CERTDIR: ""\n'),
        'config.toml': k8s,
      },
      findings: [{ line: 11, column: 25, endColumn: 27, severity: 'warning', message: /unauthenticated, root-equivalent/ }],
      fixes: [{
        title: 'Switch to TLS: DOCKER_TLS_CERTDIR "/certs" and port 2376 (in config.toml)',
        output: {
          '.gitlab-ci.yml': fr000('      command:\n        - --insecure-registry=10.0.0.5:5000\n', '    DOCKER_HOST: "tcp://docker:2376"\n    DOCKER_TLS_VERIFY: "1"\n    DOCKER_CERT_PATH: $DOCKER_TLS_CERTDIR/client\n    DOCKER_TLS_CERTDIR: "/certs"\n'),
          'config.toml': k8s + '    [[runners.kubernetes.volumes.empty_dir]]\n      name = "docker-certs"\n      mount_path = "/certs/client"\n      medium = "Memory"\n',
        },
      }],
    },
    {
      name: 'global variables, Docker executor not known, health check port follows',
      files: { '.gitlab-ci.yml': y`
        variables:
          DOCKER_HOST: tcp://docker:2375
          DOCKER_TLS_CERTDIR: ''
        build:
          image: docker:29-cli
          services:
            - name: docker:29-dind
              variables:
                HEALTHCHECK_TCP_PORT: "2375"
          script:
            - docker build .
      ` },
      findings: [{ line: 3, column: 23, severity: 'warning' }],
      fixes: [{ title: `Switch to TLS: DOCKER_TLS_CERTDIR "/certs" and port 2376 (in job 'build')`, output: { '.gitlab-ci.yml': y`
        variables:
          DOCKER_HOST: tcp://docker:2376
          DOCKER_TLS_VERIFY: "1"
          DOCKER_CERT_PATH: $DOCKER_TLS_CERTDIR/client
          DOCKER_TLS_CERTDIR: '/certs'
        build:
          image: docker:29-cli
          services:
            - name: docker:29-dind
              variables:
                HEALTHCHECK_TCP_PORT: "2376"
          script:
            - docker build .
      ` } }],
    },
    {
      name: 'Docker executor runner: the message explains the Docker network, not Kubernetes',
      files: {
        '.gitlab-ci.yml': fr000('', '    DOCKER_HOST: tcp://docker:2375\n    DOCKER_TLS_CERTDIR: ""\n'),
        'config.toml': docker,
      },
      findings: [{ line: 7, column: 25, severity: 'warning', message: /^(?!.*Kubernetes).*on the Docker executor it sits on a bridge network of the runner host, reachable from the host and from every container on that network/ }],
      fixes: [{
        title: 'Switch to TLS: DOCKER_TLS_CERTDIR "/certs" and port 2376 (in config.toml)',
        output: {
          '.gitlab-ci.yml': fr000('', '    DOCKER_HOST: tcp://docker:2376\n    DOCKER_TLS_CERTDIR: "/certs"\n'),
          'config.toml': docker.replace('privileged = true\n', 'privileged = true\n    volumes = ["/certs/client"]\n'),
        },
      }],
    },
    {
      name: 'no runner known: the message names both executors',
      files: { '.gitlab-ci.yml': fr000('', '    DOCKER_HOST: tcp://docker:2375\n    DOCKER_TLS_CERTDIR: ""\n') },
      findings: [{ line: 7, column: 25, severity: 'warning', message: /\(on the Docker executor: from the runner host and the containers on its Docker network; on Kubernetes: from other pods of the cluster unless NetworkPolicies forbid it\)/ }],
      fixes: [{ title: 'Switch to TLS: DOCKER_TLS_CERTDIR "/certs" and port 2376', output: { '.gitlab-ci.yml': fr000('', '    DOCKER_HOST: tcp://docker:2376\n    DOCKER_TLS_VERIFY: "1"\n    DOCKER_CERT_PATH: $DOCKER_TLS_CERTDIR/client\n    DOCKER_TLS_CERTDIR: "/certs"\n') } }],
    },
    {
      name: 'custom dind image started with --tls=false',
      files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services:\n    - name: registry.example.com/ci/dind:1\n      alias: docker\n      command: ["--tls=false"]\n  script: [docker info]\n' },
      findings: [{ line: 6, column: 17, severity: 'warning', message: /'--tls=false' turns TLS off/ }],
    },
  ],
};
