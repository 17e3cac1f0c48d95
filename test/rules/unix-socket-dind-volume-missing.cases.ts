import { y, type RuleCases } from '../harness';

const job = y`
  job:
    image: docker:29-cli
    services:
      - docker:29-dind
    variables:
      DOCKER_HOST: "unix:///runner/services/docker/docker.sock"
    script:
      - docker version
`;
const runner = (vols: string) => y`
  [[runners]]
    executor = "docker"
    [runners.docker]
      image = "docker:29-cli"
      privileged = true
${vols}
`;

export const cases: RuleCases = {
  valid: [
    { name: 'GitLab\'s documented Unix-socket setup', files: { '.gitlab-ci.yml': job, 'config.toml': runner('    volumes = ["/runner/services/docker"]') } },
    { name: 'host:container bind covering a parent directory', files: { '.gitlab-ci.yml': job, 'config.toml': runner('    volumes = ["/srv/runner:/runner"]') } },
    { name: 'runner unknown: stays quiet', files: { '.gitlab-ci.yml': job } },
    { name: 'the default socket path /var/run', files: { '.gitlab-ci.yml': job.replace('/runner/services/docker/docker.sock', '/var/run/docker.sock'), 'config.toml': runner('    volumes = ["/cache"]') } },
    { name: 'Kubernetes empty_dir at the socket directory', files: { '.gitlab-ci.yml': job, 'config.toml': '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = true\n    [[runners.kubernetes.volumes.empty_dir]]\n      name = "sock"\n      mount_path = "/runner/services/docker"\n' } },
  ],
  invalid: [
    {
      name: 'Docker runner without the shared directory',
      files: { '.gitlab-ci.yml': job, 'config.toml': runner('    volumes = ["/cache"]') },
      findings: [{ line: 6, column: 18, severity: 'error', message: /no runner volume shares \/runner\/services\/docker/ }],
      fixes: [{ title: 'Share /runner/services/docker in config.toml', output: { 'config.toml': runner('    volumes = ["/cache", "/runner/services/docker"]') } }],
    },
    {
      name: 'Docker runner without volumes key',
      files: { '.gitlab-ci.yml': job, 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n' },
      findings: [{ line: 6, column: 18 }],
      fixes: [{ title: 'Share /runner/services/docker in config.toml', output: { 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n    volumes = ["/runner/services/docker"]\n' } }],
    },
    {
      name: 'Kubernetes runner in Helm values',
      files: { '.gitlab-ci.yml': job, 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        privileged = true\n' },
      findings: [{ line: 6, column: 18, message: /an empty_dir volume at \/runner\/services\/docker/ }],
      fixes: [{ title: 'Share /runner/services/docker in values.yaml', output: { 'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        privileged = true\n        [[runners.kubernetes.volumes.empty_dir]]\n          name = "docker-socket"\n          mount_path = "/runner/services/docker"\n' } }],
    },
  ],
};
