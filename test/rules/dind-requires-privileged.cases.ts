import { y, type RuleCases } from '../harness';

const ci = y`
  build:
    image: docker:29-cli
    services:
      - docker:29-dind
    script:
      - docker build -t app .
`;
// GitLab's Dependency Proxy or a registry mirror in one job, Docker Hub in another
const ciMirror = ci + 'build-mirror:\n  image: docker:29-cli\n  services:\n    - registry.example.com/mirror/docker:29-dind\n  script:\n    - docker build -t app .\n';
const dockerToml = (body: string) => `[[runners]]\n  name = "docker"\n  executor = "docker"\n  [runners.docker]\n    image = "docker:29-cli"\n${body}    volumes = ["/certs/client", "/cache"]\n`;

export const cases: RuleCases = {
  valid: [
    { name: 'real-world mixed-runner pipeline: privileged = true with /certs/client shared', files: { '.gitlab-ci.yml': ci, 'config.toml': dockerToml('    privileged = true\n') } },
    { name: 'no runner config known: quiet', files: { '.gitlab-ci.yml': ci } },
    { name: 'least privilege: services_privileged with a matching allow-list', files: { '.gitlab-ci.yml': ci, 'config.toml': dockerToml('    privileged = false\n    services_privileged = true\n    allowed_privileged_services = ["docker:*-dind"]\n') } },
    { name: 'allow-list that excludes the service is left to dind-not-in-allowed-privileged-services', files: { '.gitlab-ci.yml': ci, 'config.toml': dockerToml('    privileged = true\n    allowed_privileged_services = ["registry.example.com/docker:*-dind"]\n') } },
    { name: 'kubernetes: service container security context privileged', files: { '.gitlab-ci.yml': ci, 'config.toml': '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = false\n    [runners.kubernetes.service_container_security_context]\n      privileged = true\n' } },
    { name: 'one of two runners is privileged: the job may run there', files: { '.gitlab-ci.yml': ci, 'config.toml': dockerToml('') + '\n' + dockerToml('    privileged = true\n') } },
    { name: 'doc fragment without [[runners]] (GitLab BuildKit docs: only pod_annotations)', files: { '.gitlab-ci.yml': ci, 'config.toml': '[runners.kubernetes.pod_annotations]\n  "container.apparmor.security.beta.kubernetes.io/build" = "unconfined"\n' } },
    { name: 'shell runner only', files: { '.gitlab-ci.yml': ci, 'config.toml': '[[runners]]\n  executor = "shell"\n' } },
    { name: 'no dind service (docker:29-cli only)', files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [docker:29-cli]\n  script: [docker info]\n', 'config.toml': dockerToml('') } },
    { name: 'templated privileged in Helm values', files: { '.gitlab-ci.yml': ci, 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        privileged = {{ .Values.dind }}\n' } },
  ],
  invalid: [
    {
      name: 'a mirrored dind image in another job: the allow-list written matches both (no new finding for the mirror)',
      files: { '.gitlab-ci.yml': ciMirror, 'config.toml': dockerToml('    privileged = false\n') },
      findings: [{ line: 4, column: 7 }, { line: 10, column: 7 }],
      fixes: [
        { title: 'config.toml: services_privileged = true with allowed_privileged_services (least privilege)', output: { 'config.toml': dockerToml('    privileged = false\n    services_privileged = true\n    allowed_privileged_services = ["docker:*-dind", "registry.example.com/mirror/docker:29-dind"]\n') } },
      ],
    },
    {
      name: 'existing allow-list matching only docker:*-dind: privileged = true is not offered while it would still exclude the mirror',
      files: { '.gitlab-ci.yml': ciMirror, 'config.toml': dockerToml('    privileged = false\n    allowed_privileged_services = ["docker:*-dind"]\n') },
      findings: [{ line: 4, column: 7 }, { line: 10, column: 7 }],
      fixes: [
        { title: 'config.toml: services_privileged = true with allowed_privileged_services (least privilege)', output: { 'config.toml': dockerToml('    privileged = false\n    services_privileged = true\n    allowed_privileged_services = ["docker:*-dind", "registry.example.com/mirror/docker:29-dind"]\n') } },
      ],
    },
    {
      name: 'docker executor with privileged = false',
      files: { '.gitlab-ci.yml': ci, 'config.toml': dockerToml('    privileged = false\n') },
      findings: [{ line: 4, column: 7, endColumn: 21, severity: 'error', message: /privileged = false in \[runners.docker\].*no such host/ }],
      fixes: [
        { title: 'config.toml: services_privileged = true with allowed_privileged_services (least privilege)', output: { 'config.toml': dockerToml('    privileged = false\n    services_privileged = true\n    allowed_privileged_services = ["docker:*-dind"]\n') } },
      ],
    },
    {
      name: 'docker executor without [runners.docker], service docker:dind, from default:',
      files: {
        '.gitlab-ci.yml': 'default:\n  services:\n    - name: docker:dind\n      alias: docker\nbuild:\n  image: docker:cli\n  script: [docker info]\n',
        'config.toml': '[[runners]]\nname = "d"\nexecutor = "docker"\n',
      },
      findings: [{ line: 3, column: 13, message: /does not set privileged = true/ }],
      fixes: [
        { title: 'config.toml: services_privileged = true with allowed_privileged_services (least privilege)', output: { 'config.toml': '[[runners]]\nname = "d"\nexecutor = "docker"\n[runners.docker]\nservices_privileged = true\nallowed_privileged_services = ["docker:*-dind", "docker:dind"]\n' } },
      ],
    },
    {
      name: 'Helm values: Kubernetes runner with privileged = false',
      files: {
        '.gitlab-ci.yml': ci,
        'values.yaml': y`
          rbac:
            create: true
          runners:
            config: |
              [[runners]]
                [runners.kubernetes]
                  namespace = "{{.Release.Namespace}}"
                  image = "docker:29-cli"
                  privileged = false
                  [[runners.kubernetes.volumes.empty_dir]]
                    name = "docker-certs"
                    mount_path = "/certs/client"
                    medium = "Memory"
        `,
      },
      findings: [{ line: 4, column: 7, message: /Cannot connect to the Docker daemon/ }],
      fixes: [
        { title: 'values.yaml: privileged = true in [runners.kubernetes.service_container_security_context] (least privilege)', output: { 'values.yaml': y`
          rbac:
            create: true
          runners:
            config: |
              [[runners]]
                [runners.kubernetes]
                  namespace = "{{.Release.Namespace}}"
                  image = "docker:29-cli"
                  privileged = false
                  [runners.kubernetes.service_container_security_context]
                    privileged = true
                  [[runners.kubernetes.volumes.empty_dir]]
                    name = "docker-certs"
                    mount_path = "/certs/client"
                    medium = "Memory"
        ` } },
      ],
    },
    {
      name: 'Kubernetes: service security context says false (overrides the runner-wide flag)',
      files: { '.gitlab-ci.yml': ci, 'config.toml': '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = true\n    [runners.kubernetes.service_container_security_context]\n      privileged = false\n' },
      findings: [{ line: 4, column: 7, message: /service_container_security_context/ }],
      fixes: [{ title: 'config.toml: privileged = true in [runners.kubernetes.service_container_security_context] (least privilege) (then reported: privileged-wider-than-needed)', output: { 'config.toml': '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = true\n    [runners.kubernetes.service_container_security_context]\n      privileged = true\n' } }],
    },
  ],
};
