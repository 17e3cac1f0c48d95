import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'Kubernetes dind setup with an empty_dir for certs (canonical Kubernetes TLS setup)', files: { 'config.toml': y`
      [[runners]]
        executor = "kubernetes"
        [runners.kubernetes]
          privileged = true
          [[runners.kubernetes.volumes.empty_dir]]
            name = "docker-certs"
            mount_path = "/certs/client"
    ` } },
    { name: 'Docker executor socket bind is not this rule', files: { 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    volumes = ["/var/run/docker.sock:/var/run/docker.sock"]\n' } },
  ],
  invalid: [
    {
      name: 'host_path docker.sock on Kubernetes',
      files: { 'config.toml': y`
        [[runners]]
          executor = "kubernetes"
          [runners.kubernetes]
            image = "docker:29-cli"
            [[runners.kubernetes.volumes.host_path]]
              name = "docker-sock"
              mount_path = "/var/run/docker.sock"
              host_path = "/var/run/docker.sock"
            [[runners.kubernetes.volumes.empty_dir]]
              name = "cache"
              mount_path = "/cache"
      ` },
      findings: [{ line: 8, column: 7, endColumn: 41, severity: 'warning', message: /containerd or CRI-O/ }],
      fixes: [{ title: "Remove the host_path volume 'docker-sock'", output: { 'config.toml': y`
        [[runners]]
          executor = "kubernetes"
          [runners.kubernetes]
            image = "docker:29-cli"
            [[runners.kubernetes.volumes.empty_dir]]
              name = "cache"
              mount_path = "/cache"
      ` } }],
    },
    {
      name: 'Helm values, mount_path only',
      files: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        [[runners.kubernetes.volumes.host_path]]\n          name = "docker"\n          mount_path = "/var/run/docker.sock"\n' },
      findings: [{ line: 7, column: 11, severity: 'warning' }],
      fixes: [{ title: "Remove the host_path volume 'docker'", output: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n' } }],
    },
  ],
};
