import { y, type RuleCases } from '../harness';

// Real-world Helm-runner pipeline (Helm-deployed Kubernetes runner), fixed certs volume, with its two host paths.
const modules = '      [[runners.kubernetes.volumes.host_path]]\n        name = "hostpath-modules"\n        mount_path = "/lib/modules"\n        read_only = true\n        host_path = "/lib/modules"\n';
const cgroup = '      [[runners.kubernetes.volumes.host_path]]\n        name = "hostpath-cgroup"\n        mount_path = "/sys/fs/cgroup"\n        host_path = "/sys/fs/cgroup"\n';
const values003 = (vols: string) => `runners:
  config: |
    [[runners]]
      name = "specific-runner"
      executor = "kubernetes"
      [runners.kubernetes]
        image = "docker:19.03.13"
        privileged = true
      [[runners.kubernetes.volumes.empty_dir]]
        name = "docker-certs"
        mount_path = "/certs/client"
        medium = "Memory"
      [[runners.kubernetes.volumes.empty_dir]]
        name = "dind-storage"
        mount_path = "/var/lib/docker"
${vols}rbac:
  create: true
`;

export const cases: RuleCases = {
  valid: [
    { name: 'real-world Helm-runner pipeline without its host paths', files: { 'values.yaml': values003('') } },
    { name: 'read-only cgroup tree', files: { 'config.toml': y`
      [[runners]]
        executor = "kubernetes"
        [runners.kubernetes]
        [[runners.kubernetes.volumes.host_path]]
          name = "cgroup"
          mount_path = "/sys/fs/cgroup"
          read_only = true
    ` } },
    { name: 'harmless host paths (a CA bundle, a cache dir)', files: { 'config.toml': y`
      [[runners]]
        executor = "kubernetes"
        [runners.kubernetes]
        [[runners.kubernetes.volumes.host_path]]
          name = "ca"
          mount_path = "/etc/ssl/certs"
          host_path = "/etc/ssl/certs"
          read_only = true
        [[runners.kubernetes.volumes.host_path]]
          name = "cache"
          mount_path = "/cache"
          host_path = "/srv/gitlab-cache"
    ` } },
    { name: 'container path /etc backed by a harmless host dir', files: { 'config.toml': '[[runners]]\n  executor = "kubernetes"\n  [[runners.kubernetes.volumes.host_path]]\n    name = "x"\n    mount_path = "/etc"\n    host_path = "/srv/etc-overlay"\n' } },
    { name: 'docker.sock: reported by k8s-socket-binding-no-docker-node', files: { 'config.toml': '[[runners]]\n  executor = "kubernetes"\n  [[runners.kubernetes.volumes.host_path]]\n    name = "docker"\n    mount_path = "/var/run/docker.sock"\n' } },
    { name: 'Docker executor volumes are not host_path tables', files: { 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    volumes = ["/sys/fs/cgroup:/sys/fs/cgroup", "/cache"]\n' } },
  ],
  invalid: [
    {
      name: 'real-world Helm-runner pipeline: /lib/modules read-only (info) and /sys/fs/cgroup writable (warning)',
      files: { 'values.yaml': values003(modules + cgroup) },
      findings: [
        { line: 20, column: 21, endColumn: 35, severity: 'info', message: /hostpath-modules' mounts the node's kernel modules \(read-only\)/ },
        { line: 24, column: 21, severity: 'warning', message: /hostpath-cgroup' mounts the node's cgroup tree, writable/ },
      ],
      fixes: [
        { title: "Remove the host_path volume 'hostpath-modules'", output: { 'values.yaml': values003(cgroup) } },
        { title: "Remove the host_path volume 'hostpath-cgroup'", output: { 'values.yaml': values003(modules) } },
        { title: 'Mount /sys/fs/cgroup read-only', output: { 'values.yaml': values003(modules + cgroup.replace('host_path = "/sys/fs/cgroup"\n', 'host_path = "/sys/fs/cgroup"\n        read_only = true\n')) } },
      ],
    },
    {
      name: 'containerd socket via /var/run, host_path omitted (mount_path is used)',
      files: { 'config.toml': y`
        [[runners]]
          executor = "kubernetes"
          [runners.kubernetes]
            privileged = false
          [[runners.kubernetes.volumes.host_path]]
            name = "containerd"
            mount_path = "/var/run/containerd/containerd.sock"
          [[runners.kubernetes.volumes.empty_dir]]
            name = "docker-certs"
            mount_path = "/certs/client"
      ` },
      findings: [{ line: 7, column: 18, severity: 'warning', message: /containerd socket/ }],
      fixes: [{ title: "Remove the host_path volume 'containerd'", output: { 'config.toml': y`
        [[runners]]
          executor = "kubernetes"
          [runners.kubernetes]
            privileged = false
          [[runners.kubernetes.volumes.empty_dir]]
            name = "docker-certs"
            mount_path = "/certs/client"
      ` } }],
    },
    {
      name: 'the whole node root file system, read-only still counts',
      files: { 'config.toml': '[[runners]]\n  executor = "kubernetes"\n  [[runners.kubernetes.volumes.host_path]]\n    name = "host"\n    mount_path = "/host"\n    host_path = "/"\n    read_only = true\n' },
      findings: [{ line: 6, column: 17, severity: 'warning', message: /whole root file system/ }],
      fixes: [{ title: "Remove the host_path volume 'host'", output: { 'config.toml': '[[runners]]\n  executor = "kubernetes"\n' } }],
    },
  ],
};
