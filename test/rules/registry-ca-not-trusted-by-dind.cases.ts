import { y, type RuleCases } from '../harness';

// real-world Helm-runner pipeline (trimmed)
const values = (extra = '') => y`
  gitlabUrl: "https://gitlab.bellship.com"
  certsSecretName: "bellship-wildcard-tls"
  runners:
    config: |
      [[runners]]
        name = "ains-specific-runner"
        executor = "kubernetes"
        [runners.kubernetes]
          image = "docker:19.03.13"
          privileged = true
          [[runners.kubernetes.volumes.empty_dir]]
            name = "docker-certs"
            mount_path = "/certs/client"${extra}
`;
const ci = (svc: string, login = 'echo -n $CI_JOB_TOKEN | docker login -u gitlab-ci-token --password-stdin $CI_REGISTRY') => y`
  default:
    image:
      name: docker:19.03.13
    services:
      - name: docker:19.03.13-dind${svc}
  before_script:
    - docker info
    - ${login}
  build-job:
    script:
    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"
`;

export const cases: RuleCases = {
  valid: [
    { name: 'CA mounted for dind at /etc/docker/certs.d', files: {
      '.gitlab-ci.yml': ci(''),
      'values.yaml': values('\n      [[runners.kubernetes.volumes.secret]]\n        name = "bellship-wildcard-tls"\n        mount_path = "/etc/docker/certs.d/registry.bellship.com"'),
    } },
    { name: 'service wrapper installs the CA', files: {
      '.gitlab-ci.yml': ci('\n        command: ["/bin/sh", "-c", "echo \\"$CA_CERTIFICATE\\" > /usr/local/share/ca-certificates/ca.crt && update-ca-certificates && dockerd-entrypoint.sh || exit"]'),
      'values.yaml': values(),
    } },
    { name: 'no private CA configured for the runner', files: { '.gitlab-ci.yml': ci(''), 'values.yaml': values().replace('certsSecretName: "bellship-wildcard-tls"\n', '') } },
    { name: 'push to another domain (Docker Hub)', files: {
      '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  script:\n    - docker push docker.io/acme/app:1\n',
      'values.yaml': values(),
    } },
  ],
  invalid: [
    {
      name: 'real-world Helm-runner pipeline: certsSecretName, dind logs in and pushes to $CI_REGISTRY',
      files: { '.gitlab-ci.yml': ci('\n        command: ["--insecure-registry=registry.bellship.com"]'), 'values.yaml': values() },
      findings: [{ line: 5, column: 13, endColumn: 33, severity: 'info', message: /certsSecretName "bellship-wildcard-tls".*\$CI_REGISTRY.*x509: certificate signed by unknown authority.*--insecure-registry hides this/ }],
    },
    {
      name: 'config.toml tls-ca-file, push to a literal registry host of the same domain',
      files: {
        '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  script:\n    - docker push registry.example.com/team/app:$CI_COMMIT_SHA\n',
        'config.toml': '[[runners]]\n  url = "https://gitlab.example.com/"\n  tls-ca-file = "/etc/gitlab-runner/certs/ca.crt"\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n',
      },
      findings: [{ line: 3, column: 14, message: /\(tls-ca-file\).*registry\.example\.com/ }],
    },
  ],
};
