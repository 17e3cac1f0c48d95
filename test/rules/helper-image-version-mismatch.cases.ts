import { type RuleCases } from '../harness';

const docker = (line: string) => `[[runners]]\n  executor = "docker"\n  [runners.docker]\n    image = "alpine:3.20"\n    ${line}\n`;

export const cases: RuleCases = {
  valid: [
    { name: 'GitLab Runner docs: tag follows ${CI_RUNNER_VERSION}', files: { 'config.toml': docker('helper_image = "my.registry.local/gitlab/gitlab-runner-helper:x86_64-v${CI_RUNNER_VERSION}"') } },
    { name: 'tag follows ${CI_RUNNER_REVISION}', files: { 'config.toml': docker('helper_image = "my.registry.local/gitlab-runner-helper:x86_64-${CI_RUNNER_REVISION}"') } },
    { name: 'no helper_image (runner default)', files: { 'config.toml': docker('privileged = false') } },
    { name: 'templated in Helm values', files: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        helper_image = "reg/helper:x86_64-v{{ .Chart.AppVersion }}"\n' } },
  ],
  invalid: [
    {
      name: 'moving tag x86_64-latest',
      files: { 'config.toml': docker('helper_image = "my.registry.local/gitlab-runner-helper:x86_64-latest"') },
      findings: [{ line: 5, column: 5, severity: 'warning', message: /moving tag x86_64-latest/ }],
      fixes: [{ title: 'Follow the runner version: tag x86_64-v${CI_RUNNER_VERSION}', output: { 'config.toml': docker('helper_image = "my.registry.local/gitlab-runner-helper:x86_64-v${CI_RUNNER_VERSION}"') } }],
    },
    {
      name: 'hard-coded release in Helm values (corpus: arm64-v18.3.0)',
      files: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        helper_image = "registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:arm64-v18.3.0"\n' },
      findings: [{ line: 5, column: 9, message: /fixed tag arm64-v18\.3\.0/ }],
      fixes: [{ title: 'Follow the runner version: tag arm64-v${CI_RUNNER_VERSION}', output: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        helper_image = "registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:arm64-v${CI_RUNNER_VERSION}"\n' } }],
    },
    {
      name: 'no tag at all: no fix (the architecture is unknown)',
      files: { 'config.toml': docker('helper_image = "my.registry.local/gitlab-runner-helper"') },
      findings: [{ line: 5, column: 5, message: /moving tag latest/ }],
    },
  ],
};
