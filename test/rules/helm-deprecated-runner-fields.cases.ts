import { y, type RuleCases } from '../harness';

const config = '  config: |\n    [[runners]]\n      [runners.kubernetes]\n        image = "docker:29-cli"\n';

export const cases: RuleCases = {
  valid: [
    { name: 'privileged set inside runners.config (GitLab docs)', files: { 'values.yaml': y`
      runners:
        config: |
          [[runners]]
            [runners.kubernetes]
              privileged = true
    ` } },
    { name: 'keys the chart still passes to registration (tags, nodeSelector, env, name)', files: { 'values.yaml': 'runners:\n  tags: "k8s"\n  name: "r1"\n  nodeSelector:\n    kubernetes.io/os: linux\n  env:\n    A: b\n' + config } },
    { name: 'runners.privileged: false loses nothing', files: { 'values.yaml': 'runners:\n  privileged: false\n' + config } },
    { name: 'templated runners.image', files: { 'values.yaml': 'runners:\n  image: "{{ .Values.jobImage }}"\n' + config } },
  ],
  invalid: [
    {
      name: 'runners.privileged: true (advice seen in a real-world case), nothing in the config',
      files: { 'values.yaml': 'gitlabUrl: https://gitlab.example.com/\nrunners:\n  privileged: true\n' + config },
      findings: [{ line: 3, column: 3, endColumn: 13, severity: 'error', message: /job pods run unprivileged/ }],
      fixes: [{ title: 'Move privileged into runners.config ([runners.kubernetes] privileged = true) (then reported: privileged-wider-than-needed, dind-tls-certs-not-shared-k8s)', output: { 'values.yaml': 'gitlabUrl: https://gitlab.example.com/\nrunners:\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        image = "docker:29-cli"\n        privileged = true\n' } }],
    },
    {
      name: 'runners.privileged next to a config that already sets it: info',
      files: { 'values.yaml': 'runners:\n  privileged: true\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        privileged = true\n' },
      findings: [{ line: 2, column: 3, severity: 'info', message: /already sets privileged = true/ }],
    },
    {
      name: 'runners.image and resource limits of the old chart',
      files: { 'values.yaml': 'runners:\n  image: ubuntu:22.04\n  builds:\n    cpuLimit: 200m\n' + config },
      findings: [
        { line: 2, column: 3, severity: 'warning', message: /runners\.image is no longer read/ },
        { line: 3, column: 3, severity: 'warning', message: /^runners\.builds is no longer read.*cpu_limit/ },
      ],
    },
  ],
};
