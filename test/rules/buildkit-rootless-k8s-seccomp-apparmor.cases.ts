import { y, type RuleCases } from '../harness';

const ci = `build:
  image:
    name: moby/buildkit:rootless
    entrypoint: [""]
  variables:
    BUILDKITD_FLAGS: --oci-worker-no-process-sandbox
  script:
    - buildctl-daemonless.sh build --frontend dockerfile.v0 --local context=. --local dockerfile=.
`;
const k8s = (body: string) => `[[runners]]\n  name = "k8s"\n  executor = "kubernetes"\n  [runners.kubernetes]\n    namespace = "ci"\n${body}`;
const sc = `    [runners.kubernetes.build_container_security_context]
      [runners.kubernetes.build_container_security_context.seccomp_profile]
        type = "Unconfined"
      [runners.kubernetes.build_container_security_context.app_armor_profile]
        type = "Unconfined"
`;

export const cases: RuleCases = {
  valid: [
    { name: 'canonical rootless BuildKit security context', files: { '.gitlab-ci.yml': ci, 'config.toml': k8s(sc) } },
    { name: 'GitLab doc: AppArmor pod annotation', files: { '.gitlab-ci.yml': ci, 'config.toml': k8s('    [runners.kubernetes.pod_annotations]\n      "container.apparmor.security.beta.kubernetes.io/build" = "unconfined"\n') } },
    { name: 'privileged build container', files: { '.gitlab-ci.yml': ci, 'config.toml': k8s('    privileged = true\n') } },
    { name: 'Docker runner: not this rule', files: { '.gitlab-ci.yml': ci, 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    image = "alpine:3"\n' } },
    { name: 'no runner config: quiet', files: { '.gitlab-ci.yml': ci } },
    { name: 'GitLab Runner doc example: run_as_user 1001 is not this job (kaniko image)', files: { '.gitlab-ci.yml': 'k:\n  image: {name: ghcr.io/osscontainertools/kaniko:debug, entrypoint: [""]}\n  script: [/kaniko/executor --no-push]\n', 'config.toml': k8s(sc) } },
  ],
  invalid: [
    {
      name: 'Kubernetes runner without security context (cluster defaults unknown: warning)',
      files: { '.gitlab-ci.yml': ci, 'config.toml': k8s('    image = "alpine:3"\n    [[runners.kubernetes.volumes.empty_dir]]\n      name = "cache"\n      mount_path = "/cache"\n') },
      findings: [{ line: 3, column: 11, severity: 'warning', message: /failed to share mount point/ }],
      fixes: [
        { title: 'config.toml: seccomp and AppArmor "Unconfined" for the build container (Runner ≥ 18.11)', output: { 'config.toml': k8s('    image = "alpine:3"\n' + sc + '    [[runners.kubernetes.volumes.empty_dir]]\n      name = "cache"\n      mount_path = "/cache"\n') } },
        { title: 'config.toml: AppArmor pod annotation "unconfined" for the build container (older runners)', output: { 'config.toml': k8s('    image = "alpine:3"\n    [runners.kubernetes.pod_annotations]\n      "container.apparmor.security.beta.kubernetes.io/build" = "unconfined"\n    [[runners.kubernetes.volumes.empty_dir]]\n      name = "cache"\n      mount_path = "/cache"\n') } },
      ],
    },
    {
      name: 'explicit RuntimeDefault seccomp (Helm values): error',
      files: {
        '.gitlab-ci.yml': ci,
        'values.yaml': y`
          runners:
            config: |
              [[runners]]
                [runners.kubernetes]
                  namespace = "{{.Release.Namespace}}"
                  [runners.kubernetes.build_container_security_context]
                    run_as_user = 1000
                    [runners.kubernetes.build_container_security_context.seccomp_profile]
                      type = "RuntimeDefault"
        `,
      },
      findings: [
        { line: 3, column: 11, severity: 'error', message: /confines it explicitly/ },
      ],
      fixes: [
        { title: 'values.yaml: seccomp and AppArmor "Unconfined" for the build container (Runner ≥ 18.11)', output: { 'values.yaml': y`
          runners:
            config: |
              [[runners]]
                [runners.kubernetes]
                  namespace = "{{.Release.Namespace}}"
                  [runners.kubernetes.build_container_security_context]
                    run_as_user = 1000
                    [runners.kubernetes.build_container_security_context.app_armor_profile]
                      type = "Unconfined"
                    [runners.kubernetes.build_container_security_context.seccomp_profile]
                      type = "Unconfined"
        ` } },
      ],
    },
    {
      name: 'security context fine, but pod run_as_user 1001',
      files: { '.gitlab-ci.yml': ci, 'config.toml': k8s('    [runners.kubernetes.pod_security_context]\n      run_as_user = 1001\n' + sc) },
      findings: [{ line: 3, column: 11, severity: 'warning', message: /subuid mapping is for user 1000/ }],
    },
  ],
};
