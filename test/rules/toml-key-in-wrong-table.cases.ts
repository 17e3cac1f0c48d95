import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'keys before the sub-table headers (GitLab docs Kubernetes dind example)', files: { 'config.toml': y`
      [[runners]]
        executor = "kubernetes"
        [runners.kubernetes]
          image = "docker:29-cli"
          privileged = true
          [[runners.kubernetes.volumes.empty_dir]]
            name = "docker-certs"
            mount_path = "/certs/client"
            medium = "Memory"
    ` } },
    { name: 'free-form plugin settings of a fleeting plugin', files: { 'config.toml': y`
      [[runners]]
        name = "autoscaler"
        executor = "docker-autoscaler"
        [runners.docker]
          image = "alpine:3.20"
        [runners.autoscaler]
          plugin = "fleeting-plugin-hetzner"
          [runners.autoscaler.plugin_config]
            name = "dev-docker-autoscaler"
            image = "ubuntu-24.04"
    ` } },
    { name: 'a node selector label that is not a runner setting', files: { 'config.toml': '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    image = "alpine"\n    [runners.kubernetes.node_selector]\n      "kubernetes.io/os" = "linux"\n' } },
  ],
  invalid: [
    {
      name: 'privileged after [[runners.kubernetes.volumes.empty_dir]] belongs to the volume',
      files: { 'config.toml': y`
        [[runners]]
          executor = "kubernetes"
          [runners.kubernetes]
            image = "docker:29-cli"
            [[runners.kubernetes.volumes.empty_dir]]
              name = "docker-certs"
              mount_path = "/certs/client"
            privileged = true
      ` },
      findings: [{ line: 8, column: 5, endColumn: 22, severity: 'error', message: /'privileged' is written after the \[\[runners\.kubernetes\.volumes\.empty_dir\]\] header.*\[runners\.kubernetes\] where it belongs/ }],
      fixes: [{ title: 'Move privileged up to [runners.kubernetes] (then reported: privileged-wider-than-needed)', output: { 'config.toml': y`
        [[runners]]
          executor = "kubernetes"
          [runners.kubernetes]
            image = "docker:29-cli"
            privileged = true
            [[runners.kubernetes.volumes.empty_dir]]
              name = "docker-certs"
              mount_path = "/certs/client"
      ` } }],
    },
    {
      name: 'helper_image after [runners.kubernetes.node_selector] in Helm values',
      files: { 'values.yaml': y`
        runners:
          config: |
            [[runners]]
              [runners.kubernetes]
                image = "alpine:3.20"
                [runners.kubernetes.node_selector]
                  "kubernetes.io/os" = "linux"
                helper_image = "registry.example.com/helper:x86_64-v\${CI_RUNNER_VERSION}"
      ` },
      findings: [{ line: 8, column: 9, endColumn: 82, severity: 'error' }],
      fixes: [{ title: 'Move helper_image up to [runners.kubernetes]', output: { 'values.yaml': y`
        runners:
          config: |
            [[runners]]
              [runners.kubernetes]
                image = "alpine:3.20"
                helper_image = "registry.example.com/helper:x86_64-v\${CI_RUNNER_VERSION}"
                [runners.kubernetes.node_selector]
                  "kubernetes.io/os" = "linux"
      ` } }],
    },
    {
      name: 'environment written inside [runners.docker] (runner-level setting): warning',
      files: { 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    image = "alpine"\n    environment = ["A=b"]\n' },
      findings: [{ line: 5, column: 5, severity: 'warning', message: /'environment' is written after the \[runners\.docker\] header.*\[\[runners\]\] where it belongs/ }],
      fixes: [{ title: 'Move environment up to [[runners]]', output: { 'config.toml': '[[runners]]\n  executor = "docker"\n  environment = ["A=b"]\n  [runners.docker]\n    image = "alpine"\n' } }],
    },
  ],
};
