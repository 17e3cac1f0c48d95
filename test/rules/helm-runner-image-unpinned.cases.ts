import { type RuleCases } from '../harness';

const config = 'runners:\n  config: |\n    [[runners]]\n';

export const cases: RuleCases = {
  valid: [
    { name: 'no image: the chart\'s own version', files: { 'values.yaml': 'gitlabUrl: https://gitlab.example.com/\n' + config } },
    { name: 'map form with a pinned tag', files: { 'values.yaml': 'image:\n  registry: registry.gitlab.com\n  image: gitlab-org/gitlab-runner\n  tag: alpine-v18.3.0\n' + config } },
    { name: 'templated tag', files: { 'values.yaml': 'image:\n  tag: "{{ .Chart.AppVersion }}"\n' + config } },
  ],
  invalid: [
    {
      name: 'real-world case: image: gitlab/gitlab-runner:latest',
      files: { 'values.yaml': 'image: gitlab/gitlab-runner:latest\n' + config },
      findings: [{ line: 1, column: 8, endColumn: 35, severity: 'info', message: /single-string form.*the tag latest/ }],
    },
    {
      name: 'string form with a pinned tag: only the deprecated form',
      files: { 'values.yaml': 'image: gitlab/gitlab-runner:alpine-v18.3.0\n' + config },
      findings: [{ line: 1, column: 8, message: /single-string form, which the gitlab-runner chart deprecates in favour of image\.registry \/ image\.image \/ image\.tag\. Remove/ }],
    },
    {
      name: 'map form with tag latest',
      files: { 'values.yaml': 'image:\n  image: gitlab-org/gitlab-runner\n  tag: latest\n' + config },
      findings: [{ line: 3, column: 8, message: /image\.tag: latest/ }],
    },
  ],
};
