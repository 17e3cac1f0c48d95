import { y, type RuleCases } from '../harness';

const ci = (svc: string) => y`
  build:
    image: docker:29-cli
    services:
      - name: ${svc}
        alias: docker
    variables:
      DOCKER_HOST: tcp://docker:2376
      DOCKER_TLS_CERTDIR: "/certs"
      DOCKER_TLS_VERIFY: "1"
      DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"
    script:
      - docker build -t app .
`;
const toml = (extra: string) => `[[runners]]\n  name = "k8s"\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = true\n${extra}  [[runners.kubernetes.volumes.empty_dir]]\n    name = "docker-certs"\n    mount_path = "/certs/client"\n    medium = "Memory"\n`;
const storage = '  [[runners.kubernetes.volumes.empty_dir]]\n    name = "dind-storage"\n    mount_path = "/var/lib/docker"\n';

export const cases: RuleCases = {
  valid: [
    { name: 'real-world Helm-runner pipeline shape: empty_dir at /var/lib/docker', files: { '.gitlab-ci.yml': ci('docker:29-dind'), 'config.toml': toml(storage) } },
    { name: 'a PVC at /var/lib/docker also counts', files: { '.gitlab-ci.yml': ci('docker:29-dind'), 'config.toml': toml('  [[runners.kubernetes.volumes.pvc]]\n    name = "docker-cache"\n    mount_path = "/var/lib/docker/"\n') } },
    { name: 'rootless dind keeps its data elsewhere', files: { '.gitlab-ci.yml': ci('docker:29-dind-rootless'), 'config.toml': toml('') } },
    { name: 'docker executor', files: { '.gitlab-ci.yml': ci('docker:29-dind'), 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n' } },
    { name: 'no runner config in view', files: { '.gitlab-ci.yml': ci('docker:29-dind') } },
    { name: 'service sets its own --data-root', files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services:\n    - name: docker:29-dind\n      command: ["--data-root=/builds/.docker"]\n  script: [docker info]\n', 'config.toml': toml('') } },
    { name: 'templated mount path in Helm values', files: { '.gitlab-ci.yml': ci('docker:29-dind'), 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        privileged = true\n      [[runners.kubernetes.volumes.empty_dir]]\n        name = "dind"\n        mount_path = "{{ .Values.dindPath }}"\n' } },
  ],
  invalid: [
    {
      name: 'kubernetes runner with only the certs empty_dir (cross-file fix)',
      files: { '.gitlab-ci.yml': ci('docker:29-dind'), 'config.toml': toml('') },
      findings: [{ line: 4, column: 13, endColumn: 27, severity: 'info', message: /no volume at \/var\/lib\/docker for dind 'docker:29-dind'/ }],
      fixes: [{ title: 'config.toml: add an empty_dir "dind-storage" at /var/lib/docker', output: { 'config.toml': toml('') + storage } }],
    },
    {
      name: 'Helm values (corpus rommelporras shape: privileged, no volumes)',
      files: {
        '.gitlab-ci.yml': 'default:\n  services:\n    - docker:29-dind\nbuild:\n  image: docker:29-cli\n  variables:\n    DOCKER_HOST: tcp://docker:2375\n    DOCKER_TLS_CERTDIR: ""\n  script: [docker info]\n',
        'values.yaml': y`
          runners:
            config: |
              [[runners]]
                [runners.kubernetes]
                  namespace = "{{.Release.Namespace}}"
                  privileged = true
                  [runners.kubernetes.node_selector]
                    "kubernetes.io/arch" = "amd64"
        `,
      },
      findings: [{ line: 3, column: 7, severity: 'info' }],
      fixes: [{ title: 'values.yaml: add an empty_dir "dind-storage" at /var/lib/docker', output: { 'values.yaml': y`
        runners:
          config: |
            [[runners]]
              [runners.kubernetes]
                namespace = "{{.Release.Namespace}}"
                privileged = true
                [[runners.kubernetes.volumes.empty_dir]]
                  name = "dind-storage"
                  mount_path = "/var/lib/docker"
                [runners.kubernetes.node_selector]
                  "kubernetes.io/arch" = "amd64"
      ` } }],
    },
  ],
};
