import { type RuleCases } from '../harness';

const config = 'runners:\n  config: |\n    [[runners]]\n';

export const cases: RuleCases = {
  valid: [
    { name: 'chart defaults (non-root)', files: { 'values.yaml': 'podSecurityContext:\n  runAsUser: 100\n  fsGroup: 65533\n' + config } },
    { name: 'job pods as root are configured in runners.config, not here', files: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      [runners.kubernetes.pod_security_context]\n        run_as_user = 0\n' } },
  ],
  invalid: [
    {
      name: 'real-world case: securityContext runAsUser 0',
      files: { 'values.yaml': 'securityContext:\n  runAsUser: 0\n  runAsNonRoot: false\n' + config },
      findings: [{ line: 2, column: 14, endColumn: 15, severity: 'info', message: /securityContext\.runAsUser: 0 runs the runner manager as root/ }],
    },
    {
      name: 'podSecurityContext runAsUser 0',
      files: { 'values.yaml': 'podSecurityContext:\n  runAsUser: 0\n' + config },
      findings: [{ line: 2, column: 14, message: /podSecurityContext\.runAsUser/ }],
    },
  ],
};
