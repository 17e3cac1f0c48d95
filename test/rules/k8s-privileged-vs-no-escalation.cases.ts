import { y, type RuleCases } from '../harness';

const k8s = (body: string) => `[[runners]]\n  name = "k8s"\n  executor = "kubernetes"\n  [runners.kubernetes]\n    namespace = "ci"\n${body}`;

export const cases: RuleCases = {
  valid: [
    { name: 'privileged without allow_privilege_escalation', files: { 'config.toml': k8s('    privileged = true\n') } },
    { name: 'no escalation for unprivileged containers', files: { 'config.toml': k8s('    privileged = false\n    allow_privilege_escalation = false\n') } },
    { name: 'service privileged with its own escalation allowed; the rest keeps no-escalation', files: { 'config.toml': k8s('    allow_privilege_escalation = false\n    [runners.kubernetes.service_container_security_context]\n      privileged = true\n      allow_privilege_escalation = true\n') } },
    { name: 'build container unprivileged with no-escalation, services privileged', files: { 'config.toml': k8s('    [runners.kubernetes.build_container_security_context]\n      allow_privilege_escalation = false\n    [runners.kubernetes.service_container_security_context]\n      privileged = true\n') } },
    { name: 'Docker executor: the keys mean nothing there', files: { 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n    allow_privilege_escalation = false\n' } },
    { name: 'templated privileged in Helm values', files: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        privileged = {{ .Values.dind }}\n        allow_privilege_escalation = false\n' } },
  ],
  invalid: [
    {
      name: 'both at runner level: every container class is rejected',
      files: { 'config.toml': k8s('    privileged = true\n    allow_privilege_escalation = false\n    [[runners.kubernetes.volumes.empty_dir]]\n      name = "docker-certs"\n      mount_path = "/certs/client"\n') },
      findings: [{ line: 7, column: 5, endColumn: 39, severity: 'error', message: /build, helper, service and init-permissions containers would get privileged: true \(from \[runners.kubernetes\]\)/ }],
      fixes: [
        { title: 'Remove allow_privilege_escalation = false from [runners.kubernetes]', output: { 'config.toml': k8s('    privileged = true\n    [[runners.kubernetes.volumes.empty_dir]]\n      name = "docker-certs"\n      mount_path = "/certs/client"\n') } },
        { title: 'Run only service containers privileged (build and helper containers no longer privileged)', output: { 'config.toml': k8s('    privileged = false\n    allow_privilege_escalation = false\n    [runners.kubernetes.service_container_security_context]\n      privileged = true\n      allow_privilege_escalation = true\n    [[runners.kubernetes.volumes.empty_dir]]\n      name = "docker-certs"\n      mount_path = "/certs/client"\n') } },
      ],
    },
    {
      name: 'Helm values: runner-wide no-escalation, service context privileged',
      files: { 'values.yaml': y`
        rbac:
          create: true
        runners:
          config: |
            [[runners]]
              [runners.kubernetes]
                namespace = "{{.Release.Namespace}}"
                allow_privilege_escalation = false
                [runners.kubernetes.service_container_security_context]
                  privileged = true
      ` },
      findings: [{ line: 8, column: 9, message: /the service container would get privileged: true \(from \[runners.kubernetes.service_container_security_context\]\)/ }],
      fixes: [
        { title: 'Allow privilege escalation only for the privileged service container', output: { 'values.yaml': y`
          rbac:
            create: true
          runners:
            config: |
              [[runners]]
                [runners.kubernetes]
                  namespace = "{{.Release.Namespace}}"
                  allow_privilege_escalation = false
                  [runners.kubernetes.service_container_security_context]
                    privileged = true
                    allow_privilege_escalation = true
        ` } },
        { title: 'Remove allow_privilege_escalation = false from [runners.kubernetes]', output: { 'values.yaml': y`
          rbac:
            create: true
          runners:
            config: |
              [[runners]]
                [runners.kubernetes]
                  namespace = "{{.Release.Namespace}}"
                  [runners.kubernetes.service_container_security_context]
                    privileged = true
        ` } },
      ],
    },
    {
      name: 'both in the build container context',
      files: { 'config.toml': k8s('    [runners.kubernetes.build_container_security_context]\n      privileged = true\n      allow_privilege_escalation = false  # hardening\n') },
      findings: [{ line: 8, column: 7, message: /the build container would get privileged: true/ }],
      fixes: [{ title: 'Remove allow_privilege_escalation = false', output: { 'config.toml': k8s('    [runners.kubernetes.build_container_security_context]\n      privileged = true\n') } }],
    },
    {
      name: 'service context repeats the runner-wide false: set it to true instead of removing it',
      files: { 'config.toml': k8s('    allow_privilege_escalation = false\n    [runners.kubernetes.service_container_security_context]\n      privileged = true\n      allow_privilege_escalation = false\n') },
      findings: [{ line: 9, column: 7 }],
      fixes: [{ title: 'Set allow_privilege_escalation = true for the service container', output: { 'config.toml': k8s('    allow_privilege_escalation = false\n    [runners.kubernetes.service_container_security_context]\n      privileged = true\n      allow_privilege_escalation = true\n') } }],
    },
  ],
};
