import { y, type RuleCases } from '../harness';

const ci = y`
  build:
    image: docker:29-cli
    services:
      - name: docker:29-dind
        alias: docker
    variables:
      DOCKER_HOST: tcp://docker:2376
      DOCKER_TLS_CERTDIR: "/certs"
      DOCKER_TLS_VERIFY: "1"
      DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"
    script:
      - docker info
`;
const k8sToml = y`
  [[runners]]
    name = "k8s"
    executor = "kubernetes"
    [runners.kubernetes]
      namespace = "ci"
      privileged = true
      [[runners.kubernetes.volumes.empty_dir]]
        name = "dind-storage"
        mount_path = "/var/lib/docker"
`;

// Real-world Helm-runner pipeline: default: dind 19.03.13 with TLS, Helm runner with a secret over /certs/client.
const ci003 = y`
  default:
    image:
      name: docker:19.03.13
    services:
      - name: docker:19.03.13-dind
        command: ["--insecure-registry=registry.example.com"]
  variables:
    DOCKER_HOST: tcp://docker:2376
    DOCKER_TLS_CERTDIR: "/certs"
    DOCKER_TLS_VERIFY: 1
    DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"
  build-job:
    script:
      - docker info
  test-job1:
    script:
      - echo test
`;
const values003 = (volume: string) => y`
  runners:
    config: |
      [[runners]]
        executor = "kubernetes"
        [runners.kubernetes]
          image = "docker:19.03.13"
          privileged = true
${volume}
        [[runners.kubernetes.volumes.empty_dir]]
          name = "dind-storage"
          mount_path = "/var/lib/docker"
`;
const secret003 = '        [[runners.kubernetes.volumes.secret]]\n          name = "ca-pem"\n          mount_path = "/certs/client"\n          read_only = true';
const emptyDir003 = '        [[runners.kubernetes.volumes.empty_dir]]\n          name = "docker-certs"\n          mount_path = "/certs/client"\n          medium = "Memory"';

export const cases: RuleCases = {
  valid: [
    { name: 'real-world Helm-runner pipeline fixed: empty_dir at /certs/client', files: { '.gitlab-ci.yml': ci003, 'values.yaml': values003(emptyDir003) } },
    { name: 'no runner config known', files: { '.gitlab-ci.yml': ci } },
    { name: 'docker executor (B3 territory)', files: { '.gitlab-ci.yml': ci, 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n' } },
    { name: 'TLS off', files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  variables: { DOCKER_HOST: "tcp://docker:2375", DOCKER_TLS_CERTDIR: "" }\n  script: [docker info]\n', 'config.toml': k8sToml } },
    { name: 'pvc at /certs (writable) shares the whole cert dir', files: { '.gitlab-ci.yml': ci, 'config.toml': k8sToml + '  [[runners.kubernetes.volumes.pvc]]\n    name = "certs"\n    mount_path = "/certs"\n' } },
    { name: 'unix socket on a shared volume: no TCP, no certs needed', files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  variables:\n    DOCKER_HOST: unix:///runner/services/docker/docker.sock\n  script: [docker info]\n', 'config.toml': k8sToml } },
    { name: 'runner environment sets DOCKER_TLS_CERTDIR: TLS mode unknown', files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  variables:\n    DOCKER_HOST: tcp://docker:2376\n  script: [docker info]\n', 'config.toml': k8sToml.replace('  executor = "kubernetes"\n', '  executor = "kubernetes"\n  environment = ["DOCKER_TLS_CERTDIR=/tls"]\n') } },
    { name: 'templated Helm volume block may add the volume', files: { '.gitlab-ci.yml': ci, 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        privileged = true\n      {{- include "extra-volumes" . | nindent 6 }}\n' } },
    // a runner config seen alone (no CI file in the workspace)
    { name: 'runner alone: docker image, privileged, empty_dir at /certs/client', file: 'values.yaml', files: { 'values.yaml': values003(emptyDir003) } },
    { name: 'runner alone: default image is not the docker image', file: 'config.toml', files: { 'config.toml': k8sToml.replace('    privileged = true\n', '    image = "alpine:3.20"\n    privileged = true\n') } },
    { name: 'runner alone: docker image but not privileged', file: 'config.toml', files: { 'config.toml': k8sToml.replace('    privileged = true\n', '    image = "docker:29"\n    privileged = false\n') } },
    { name: 'runner alone: environment turns TLS off', file: 'config.toml', files: { 'config.toml': k8sToml.replace('    privileged = true\n', '    image = "docker:29"\n    privileged = true\n').replace('  executor = "kubernetes"\n', '  executor = "kubernetes"\n  environment = ["DOCKER_TLS_CERTDIR="]\n') } },
  ],
  invalid: [
    {
      name: 'runner alone: docker image, privileged, no certificate volume (conditional warning on [runners.kubernetes])',
      file: 'config.toml',
      files: { 'config.toml': k8sToml.replace('    privileged = true\n', '    image = "docker:29"\n    privileged = true\n') },
      findings: [{ line: 4, column: 3, endColumn: 23, severity: 'warning', message: /^.{20,100}?[.!?] This runner is set up for Docker-in-Docker \(default image 'docker:29', privileged\), but it declares no writable volume at \/certs\/client\. / }],
      fixes: [{ title: 'Add a writable empty_dir "docker-certs" at /certs/client', output: { 'config.toml': k8sToml.replace('    privileged = true\n', '    image = "docker:29"\n    privileged = true\n').replace('    [[runners.kubernetes.volumes.empty_dir]]\n      name = "dind-storage"', '    [[runners.kubernetes.volumes.empty_dir]]\n      name = "docker-certs"\n      mount_path = "/certs/client"\n      medium = "Memory"\n    [[runners.kubernetes.volumes.empty_dir]]\n      name = "dind-storage"') } }],
    },
    {
      name: 'runner alone, Helm values (Helm runner without its CI file): a secret at /certs/client',
      file: 'values.yaml',
      files: { 'values.yaml': values003(secret003) },
      findings: [{ line: 5, column: 7, severity: 'warning', message: /only a read-only\/secret one/ }],
      fixes: [{ title: 'Add a writable empty_dir "docker-certs" at /certs/client', output: { 'values.yaml': values003(emptyDir003) } }],
    },
    {
      name: 'config.toml without a certs volume: empty_dir inserted after [runners.kubernetes] keys',
      files: { '.gitlab-ci.yml': ci, 'config.toml': k8sToml },
      findings: [{ line: 4, column: 13, endLine: 4, endColumn: 27, severity: 'error', message: /open \/certs\/client\/ca.pem: no such file or directory/ }],
      fixes: [{ title: 'config.toml: add a writable empty_dir "docker-certs" at /certs/client', output: { 'config.toml': y`
        [[runners]]
          name = "k8s"
          executor = "kubernetes"
          [runners.kubernetes]
            namespace = "ci"
            privileged = true
            [[runners.kubernetes.volumes.empty_dir]]
              name = "docker-certs"
              mount_path = "/certs/client"
              medium = "Memory"
            [[runners.kubernetes.volumes.empty_dir]]
              name = "dind-storage"
              mount_path = "/var/lib/docker"
      ` } }],
    },
    {
      name: 'real-world Helm-runner pipeline: default dind, Helm runner with a secret at /certs/client (fix replaces it)',
      files: { '.gitlab-ci.yml': ci003, 'values.yaml': values003(secret003) },
      findings: [{ line: 5, column: 13, message: /only a read-only\/secret one/ }],
      fixes: [{ title: 'values.yaml: add a writable empty_dir "docker-certs" at /certs/client', output: { 'values.yaml': values003(emptyDir003) } }],
    },
    {
      name: 'custom cert dir, localhost on the pod network, runner without [runners.kubernetes] table',
      files: {
        '.gitlab-ci.yml': 'variables:\n  DOCKER_HOST: tcp://localhost:2376\n  DOCKER_TLS_CERTDIR: /tls\nbuild:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  script: [docker info]\n',
        'config.toml': 'concurrent = 2\n\n[[runners]]\nname = "k"\nexecutor = "kubernetes"\n',
      },
      findings: [{ line: 6, column: 14, message: /\/tls\/client/ }],
      fixes: [{ title: 'config.toml: add a writable empty_dir "docker-certs" at /tls/client', output: { 'config.toml': 'concurrent = 2\n\n[[runners]]\nname = "k"\nexecutor = "kubernetes"\n[[runners.kubernetes.volumes.empty_dir]]\nname = "docker-certs"\nmount_path = "/tls/client"\nmedium = "Memory"\n' } }],
    },
  ],
};
