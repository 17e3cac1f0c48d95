import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'aliases in the chart and in runners.config (real-world case: both defined)', files: { 'values.yaml': y`
      hostAliases:
        - ip: "10.0.0.5"
          hostnames: ["registry.internal"]
      runners:
        config: |
          [[runners]]
            [runners.kubernetes]
              image = "alpine:3.20"
              [[runners.kubernetes.host_aliases]]
                ip = "10.0.0.5"
                hostnames = ["registry.internal"]
    ` } },
    { name: 'no hostAliases', files: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n' } },
    { name: 'empty hostAliases', files: { 'values.yaml': 'hostAliases: []\nrunners:\n  config: |\n    [[runners]]\n' } },
  ],
  invalid: [
    {
      name: 'chart hostAliases only',
      files: { 'values.yaml': y`
        hostAliases:
          - ip: "10.0.0.5"
            hostnames:
              - "registry.internal"
              - "gitlab.internal"
        runners:
          config: |
            [[runners]]
              [runners.kubernetes]
                image = "alpine:3.20"
      ` },
      findings: [{ line: 1, column: 1, endColumn: 12, severity: 'info', message: /apply to the runner manager pod only/ }],
      fixes: [{ title: 'Add the same host aliases for job pods ([[runners.kubernetes.host_aliases]])', output: { 'values.yaml': y`
        hostAliases:
          - ip: "10.0.0.5"
            hostnames:
              - "registry.internal"
              - "gitlab.internal"
        runners:
          config: |
            [[runners]]
              [runners.kubernetes]
                image = "alpine:3.20"
                [[runners.kubernetes.host_aliases]]
                  ip = "10.0.0.5"
                  hostnames = ["registry.internal", "gitlab.internal"]
      ` } }],
    },
  ],
};
