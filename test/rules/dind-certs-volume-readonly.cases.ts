import { y, type RuleCases } from '../harness';

// Real-world Helm-runner pipeline (Helm-deployed Kubernetes runner): a registry CA secret mounted over /certs/client.
const values003 = (volume: string) => y`
  gitlabUrl: "https://gitlab.example.com"
  runners:
    config: |
      [[runners]]
        name = "specific-runner"
        url = "https://gitlab.example.com"
        executor = "kubernetes"
        [runners.kubernetes]
          image = "docker:19.03.13"
          privileged = true
          [[runners.kubernetes.host_aliases]]
            ip = "10.123.123.217"
            hostnames = ["gitlab.example.com", "registry.example.com"]
${volume}
        [[runners.kubernetes.volumes.empty_dir]]
          name = "dind-storage"
          mount_path = "/var/lib/docker"
  rbac:
    create: true
`;
const secret003 = '        [[runners.kubernetes.volumes.secret]]\n          name = "ca-pem"\n          mount_path = "/certs/client"\n          read_only = true';
const movedSecret003 = (host: string) => secret003.replace('/certs/client', `/etc/docker/certs.d/${host}`);
const privileged003 = '        privileged = true\n';
const emptyDirIndented003 = '        [[runners.kubernetes.volumes.empty_dir]]\n          name = "docker-certs"\n          mount_path = "/certs/client"\n          medium = "Memory"\n';
const emptyDir003 = '        [[runners.kubernetes.volumes.empty_dir]]\n          name = "docker-certs"\n          mount_path = "/certs/client"\n          medium = "Memory"';

const ci = y`
  build:
    image: docker:29-cli
    services:
      - docker:29-dind
    variables:
      DOCKER_HOST: tcp://docker:2376
      DOCKER_TLS_CERTDIR: "/certs"
    script:
      - docker info
`;

const TODO = " (replace <registry-host> with your registry's host name)";

const ciPushing = ci.replace('    - docker info\n', '    - docker build -t registry.example.com/team/app:1 .\n    - docker push registry.example.com/team/app:1\n');

const dockerAlone = (image: string) => `[[runners]]\n  executor = "docker"\n  [runners.docker]\n    image = "${image}"\n    privileged = true\n    volumes = ["/srv/certs:/certs:ro", "/cache"]\n`;

export const cases: RuleCases = {
  valid: [
    { name: 'runner alone: a read-only /certs on a runner that is not set up for dind (default image alpine)', file: 'config.toml', files: { 'config.toml': dockerAlone('alpine:3.20') } },
    { name: 'real-world Helm-runner pipeline fixed: writable empty_dir at /certs/client', files: { 'values.yaml': values003(emptyDir003) } },
    { name: 'docker executor sharing /certs/client writable (real-world mixed-runner pipeline)', files: { 'config.toml': y`
      [[runners]]
        name = "docker"
        executor = "docker"
        [runners.docker]
          image = "docker:29-cli"
          privileged = true
          volumes = ["/certs/client", "/cache"]
    ` } },
    { name: 'secret at another path (registry CA mounted elsewhere)', files: { 'config.toml': y`
      [[runners]]
        executor = "kubernetes"
        [runners.kubernetes]
          privileged = true
        [[runners.kubernetes.volumes.secret]]
          name = "registry-ca"
          mount_path = "/etc/docker/certs.d/registry.example.com"
    ` } },
    { name: 'unprivileged runner without CI in view: a client-cert secret for a remote daemon is legitimate', files: { 'config.toml': y`
      [[runners]]
        executor = "kubernetes"
        [runners.kubernetes]
          privileged = false
        [[runners.kubernetes.volumes.secret]]
          name = "remote-docker-client"
          mount_path = "/certs/client"
    ` } },
    { name: 'docker executor whose own daemon is remote: read-only client certs for jobs (corpus realqingtian)', files: { 'config.toml': y`
      [[runners]]
        executor = "docker"
        [runners.docker]
          host = "tcp://docker:2376"
          tls_verify = true
          cert_path = "/certs/client"
          privileged = true
          volumes = ["/cache", "/certs/client:/certs/client:ro"]
    ` } },
    { name: 'pipelines in view use no dind', files: {
      '.gitlab-ci.yml': 'test:\n  image: node:22\n  script: [npm test]\n',
      'config.toml': '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = true\n  [[runners.kubernetes.volumes.secret]]\n    name = "ca"\n    mount_path = "/certs/client"\n',
    }, file: 'config.toml' },
    { name: 'bare /certs secret without any dind in view', files: { 'config.toml': '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = true\n  [[runners.kubernetes.volumes.secret]]\n    name = "ca"\n    mount_path = "/certs"\n' } },
    { name: 'only TLS-off dind jobs in view', files: {
      '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  variables: { DOCKER_HOST: "tcp://docker:2375", DOCKER_TLS_CERTDIR: "" }\n  script: [docker info]\n',
      'config.toml': '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = true\n  [[runners.kubernetes.volumes.secret]]\n    name = "ca"\n    mount_path = "/certs/client"\n',
    }, file: 'config.toml' },
  ],
  invalid: [
    {
      name: 'runner alone: a read-only /certs on a privileged runner whose default image is docker (a dind runner)',
      file: 'config.toml',
      files: { 'config.toml': dockerAlone('docker:29') },
      findings: [{ line: 6, column: 16, severity: 'error' }],
      fixes: [{
        title: `Move "/srv/certs:/certs:ro" to /etc/docker/certs.d/<registry-host>, where dind reads a registry CA${TODO}, and share "/certs/client" writable`,
        output: { 'config.toml': dockerAlone('docker:29').replace('"/srv/certs:/certs:ro", "/cache"', '"/srv/certs:/etc/docker/certs.d/<registry-host>:ro", "/cache", "/certs/client"') },
      }],
    },
    {
      name: 'real-world Helm-runner pipeline: secret over /certs/client in Helm runners.config',
      files: { 'values.yaml': values003(secret003) },
      findings: [{ line: 16, column: 22, endLine: 16, endColumn: 37, severity: 'error', message: /secret volume \('ca-pem'\) is mounted at \/certs\/client/ }],
      fixes: [{
        title: `Move the secret volume 'ca-pem' to /etc/docker/certs.d/<registry-host>, where dind reads a registry CA${TODO}, and share the certificates through a writable empty_dir at /certs/client`,
        output: { 'values.yaml': values003(movedSecret003('<registry-host>')).replace(privileged003, privileged003 + emptyDirIndented003) },
      }],
    },
    {
      name: 'Helm runner serving a job that pushes to one registry: the secret moves to that registry\'s certs.d directory',
      files: { 'values.yaml': values003(secret003), '.gitlab-ci.yml': ciPushing },
      file: 'values.yaml',
      findings: [{ line: 16, column: 22, severity: 'error' }],
      fixes: [{
        title: "Move the secret volume 'ca-pem' to /etc/docker/certs.d/registry.example.com, where dind reads a registry CA, and share the certificates through a writable empty_dir at /certs/client",
        output: { 'values.yaml': values003(movedSecret003('registry.example.com')).replace(privileged003, privileged003 + emptyDirIndented003) },
      }],
    },
    {
      name: 'config.toml: config_map at /certs with a dind job in view (cross-file): kept, with its items, at the registry CA path',
      files: {
        '.gitlab-ci.yml': ci,
        'config.toml': y`
          [[runners]]
            executor = "kubernetes"
            [runners.kubernetes]
              privileged = false
            [[runners.kubernetes.volumes.config_map]]
              name = "ca-bundle"
              mount_path = "/certs"
              [runners.kubernetes.volumes.config_map.items]
                "ca.crt" = "ca.pem"
            [[runners.kubernetes.volumes.empty_dir]]
              name = "dind-storage"
              mount_path = "/var/lib/docker"
        `,
      },
      file: 'config.toml',
      findings: [{ line: 7, column: 18, severity: 'error', message: /config_map volume \('ca-bundle'\) is mounted at \/certs;/ }],
      fixes: [{ title: `Move the config_map volume 'ca-bundle' to /etc/docker/certs.d/<registry-host>, where dind reads a registry CA${TODO}, and share the certificates through a writable empty_dir at /certs/client`, output: { 'config.toml': y`
        [[runners]]
          executor = "kubernetes"
          [runners.kubernetes]
            privileged = false
            [[runners.kubernetes.volumes.empty_dir]]
              name = "docker-certs"
              mount_path = "/certs/client"
              medium = "Memory"
          [[runners.kubernetes.volumes.config_map]]
            name = "ca-bundle"
            mount_path = "/etc/docker/certs.d/<registry-host>"
            [runners.kubernetes.volumes.config_map.items]
              "ca.crt" = "ca.pem"
          [[runners.kubernetes.volumes.empty_dir]]
            name = "dind-storage"
            mount_path = "/var/lib/docker"
      ` } }],
    },
    {
      name: 'read-only host_path at /certs/ca next to the empty_dir: kept, moved to the registry CA path',
      files: { 'config.toml': y`
        [[runners]]
        executor = "kubernetes"
        [runners.kubernetes]
        privileged = true
        [[runners.kubernetes.volumes.empty_dir]]
        name = "docker-certs"
        mount_path = "/certs/client"
        [[runners.kubernetes.volumes.host_path]]
        name = "ca"
        mount_path = "/certs/ca/"
        host_path = "/etc/pki/ca"
        read_only = true
      ` },
      findings: [{ line: 10, column: 14, message: /host_path volume 'ca' at \/certs\/ca has read_only = true/ }],
      fixes: [{ title: `Move the host_path volume 'ca' to /etc/docker/certs.d/<registry-host>, where dind reads a registry CA${TODO}`, output: { 'config.toml': y`
        [[runners]]
        executor = "kubernetes"
        [runners.kubernetes]
        privileged = true
        [[runners.kubernetes.volumes.empty_dir]]
        name = "docker-certs"
        mount_path = "/certs/client"
        [[runners.kubernetes.volumes.host_path]]
        name = "ca"
        mount_path = "/etc/docker/certs.d/<registry-host>"
        host_path = "/etc/pki/ca"
        read_only = true
      ` } }],
    },
    {
      name: 'docker executor: /certs/client mounted :ro from the host',
      files: { 'config.toml': y`
        [[runners]]
          executor = "docker"
          [runners.docker]
            privileged = true
            volumes = ["/cache", "/srv/certs:/certs/client:ro"]
      ` },
      findings: [{ line: 5, column: 26, endColumn: 55, message: /mounts \/certs\/client read-only/ }],
      fixes: [{ title: `Move "/srv/certs:/certs/client:ro" to /etc/docker/certs.d/<registry-host>, where dind reads a registry CA${TODO}, and share "/certs/client" writable`, output: { 'config.toml': y`
        [[runners]]
          executor = "docker"
          [runners.docker]
            privileged = true
            volumes = ["/cache", "/srv/certs:/etc/docker/certs.d/<registry-host>:ro", "/certs/client"]
      ` } }],
    },
    {
      name: 'docker executor with remote daemon, but a TLS dind job in view',
      files: {
        '.gitlab-ci.yml': ci,
        'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    host = "tcp://docker:2376"\n    privileged = true\n    volumes = [\n      "/certs/client",\n      "/certs/client:/certs/client:ro,Z",\n    ]\n',
      },
      file: 'config.toml',
      findings: [{ line: 8, column: 7 }],
      fixes: [{ title: `Move "/certs/client:/certs/client:ro,Z" to /etc/docker/certs.d/<registry-host>, where dind reads a registry CA${TODO}`, output: { 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    host = "tcp://docker:2376"\n    privileged = true\n    volumes = [\n      "/certs/client",\n      "/certs/client:/etc/docker/certs.d/<registry-host>:ro,Z",\n    ]\n' } }],
    },
  ],
};
