import { y, type RuleCases } from '../harness';

const config = '  config: |\n    [[runners]]\n      [runners.kubernetes]\n        image = "alpine:3.20"\n';

export const cases: RuleCases = {
  valid: [
    { name: 'runnerToken without registration settings', files: { 'values.yaml': 'runnerToken: "glrt-abc"\nrunners:\n' + config } },
    { name: 'tags with a registration token (legacy workflow)', files: { 'values.yaml': 'runnerRegistrationToken: "GR1348941abc"\nrunners:\n  tags: "docker"\n' + config } },
    { name: 'token from a Secret: not visible, stay quiet', files: { 'values.yaml': 'runners:\n  secret: gitlab-runner-secret\n  tags: "docker"\n' + config } },
    { name: 'defaults that pass no flag (locked: true, runUntagged: false)', files: { 'values.yaml': 'runnerToken: "glrt-abc"\nrunners:\n  locked: true\n  runUntagged: false\n  protected: false\n' + config } },
  ],
  invalid: [
    {
      name: 'GitLab docs Kubernetes dind example: runners.tags with a runner authentication token',
      files: { 'values.yaml': y`
        gitlabUrl: https://gitlab.example.com/
        runnerToken: "glrt-abcdefghijklmnop"
        runners:
          tags: "tls-dind-kubernetes-runner"
          runUntagged: true
          config: |
            [[runners]]
              [runners.kubernetes]
                privileged = true
      ` },
      findings: [
        { line: 4, column: 3, endColumn: 7, severity: 'warning', message: /runners\.tags is a registration setting.*FATAL: Runner configuration other than name and executor/ },
        { line: 5, column: 3, severity: 'warning', message: /runners\.runUntagged/ },
      ],
      fixes: [
        { title: 'Remove runners.tags (set it on the runner in GitLab instead)', output: { 'values.yaml': y`
          gitlabUrl: https://gitlab.example.com/
          runnerToken: "glrt-abcdefghijklmnop"
          runners:
            runUntagged: true
            config: |
              [[runners]]
                [runners.kubernetes]
                  privileged = true
        ` } },
        { title: 'Remove runners.runUntagged (set it on the runner in GitLab instead)', output: { 'values.yaml': y`
          gitlabUrl: https://gitlab.example.com/
          runnerToken: "glrt-abcdefghijklmnop"
          runners:
            tags: "tls-dind-kubernetes-runner"
            config: |
              [[runners]]
                [runners.kubernetes]
                  privileged = true
        ` } },
      ],
    },
  ],
};
