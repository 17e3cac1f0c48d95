import { y, type RuleCases } from '../harness';

const docker = (body: string) => `[[runners]]\n  name = "docker"\n  executor = "docker"\n  [runners.docker]\n    image = "docker:29-cli"\n${body}    volumes = ["/certs/client", "/cache"]\n`;
const ciDind = (svc: string) => y`
  build:
    image: docker:29-cli
    services:
      - name: ${svc}
        alias: docker
    script:
      - docker build -t app .
`;

export const cases: RuleCases = {
  valid: [
    { name: 'least privilege (GitLab Runner docs: restricted privileged mode)', files: { 'config.toml': docker('    privileged = false\n    services_privileged = true\n    allowed_privileged_services = ["docker:*-dind"]\n') } },
    { name: 'privileged job images restricted by allowed_privileged_images', files: { 'config.toml': docker('    privileged = true\n    allowed_privileged_images = ["docker:*-dind"]\n    allowed_privileged_services = ["docker:*-dind"]\n') } },
    { name: 'build-only privileged on purpose (services_privileged = false)', files: { 'config.toml': docker('    privileged = true\n    services_privileged = false\n') } },
    { name: 'socket binding + privileged without dind: left to socket-binding-privileged-redundant', files: { 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n    volumes = ["/var/run/docker.sock:/var/run/docker.sock", "/cache"]\n' } },
    { name: 'served job runs Buildah in its build container: privileged is needed there', files: {
      '.gitlab-ci.yml': 'build:\n  image: quay.io/buildah/stable:v1.37\n  script:\n    - buildah bud -t app .\n',
      'config.toml': docker('    privileged = true\n'),
    }, file: 'config.toml' },
    { name: 'kubernetes: only the service container is privileged', files: { 'config.toml': '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = false\n    [runners.kubernetes.service_container_security_context]\n      privileged = true\n' } },
    { name: 'kubernetes: build container explicitly unprivileged', files: { 'config.toml': '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = true\n    [runners.kubernetes.build_container_security_context]\n      privileged = false\n' } },
    { name: 'templated privileged in Helm values', files: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        privileged = {{ .Values.privileged }}\n' } },
  ],
  invalid: [
    {
      name: 'real-world mixed-runner pipeline runner (docker, privileged = true), no CI in view: canonical allow-list',
      files: { 'config.toml': docker('    privileged = true\n') },
      findings: [{ line: 6, column: 5, endColumn: 22, severity: 'warning', message: /runs every job image on this runner privileged, and every service too/ }],
      fixes: [{ title: 'Run only listed services privileged: privileged = false, services_privileged = true, allowed_privileged_services', output: { 'config.toml': docker('    privileged = false\n    services_privileged = true\n    allowed_privileged_services = ["docker:*-dind"]\n') } }],
    },
    {
      name: 'served dind spelling that docker:*-dind does not match is added to the list',
      files: { '.gitlab-ci.yml': ciDind('docker:dind'), 'config.toml': docker('    privileged = true\n') },
      file: 'config.toml',
      findings: [{ line: 6, column: 5 }],
      fixes: [{ title: 'Run only listed services privileged: privileged = false, services_privileged = true, allowed_privileged_services', output: { 'config.toml': docker('    privileged = false\n    services_privileged = true\n    allowed_privileged_services = ["docker:*-dind", "docker:dind"]\n') } }],
    },
    {
      name: 'served dind name with variables: services_privileged without a list',
      files: { '.gitlab-ci.yml': ciDind('$CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX/docker:29-dind'), 'config.toml': docker('    privileged = true\n') },
      file: 'config.toml',
      findings: [{ line: 6, column: 5 }],
      fixes: [{ title: 'Run only services privileged: privileged = false, services_privileged = true', output: { 'config.toml': docker('    privileged = false\n    services_privileged = true\n') } }],
    },
    {
      name: 'services already restricted, job images not',
      files: { 'config.toml': docker('    privileged = true\n    allowed_privileged_services = ["docker:*-dind"]\n') },
      findings: [{ line: 6, column: 5, message: /runs every job image on this runner privileged: any project/ }],
      fixes: [{ title: 'Run only listed services privileged: privileged = false, services_privileged = true, allowed_privileged_services', output: { 'config.toml': docker('    privileged = false\n    services_privileged = true\n    allowed_privileged_services = ["docker:*-dind"]\n') } }],
    },
    {
      name: 'Helm values: Kubernetes runner privileged for DinD (corpus egel/k8s-gitlab-runner shape)',
      files: { 'values.yaml': y`
        gitlabUrl: https://gitlab.example.com/
        runners:
          config: |
            [[runners]]
              [runners.kubernetes]
                namespace = "{{.Release.Namespace}}"
                image = "docker:29-cli"
                privileged = true
                [[runners.kubernetes.volumes.empty_dir]]
                  name = "docker-certs"
                  mount_path = "/certs/client"
                  medium = "Memory"
      ` },
      findings: [{ line: 8, column: 9, severity: 'warning', message: /build, helper and every service container/ }],
      fixes: [{ title: 'Run only service containers privileged: privileged = false + service_container_security_context', output: { 'values.yaml': y`
        gitlabUrl: https://gitlab.example.com/
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
      ` } }],
    },
  ],
};
