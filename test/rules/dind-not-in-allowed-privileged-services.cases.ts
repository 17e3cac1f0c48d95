import { y, type RuleCases } from '../harness';

const toml = (allowed: string) => `[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = false\n    services_privileged = true\n    allowed_privileged_services = ${allowed}\n    volumes = ["/certs/client", "/cache"]\n`;
const ci = (svc: string) => y`
  build:
    image: docker:29-cli
    services:
      - name: ${svc}
        alias: docker
    script:
      - docker info
`;

export const cases: RuleCases = {
  valid: [
    { name: 'pattern docker:*-dind matches docker:29-dind', files: { '.gitlab-ci.yml': ci('docker:29-dind'), 'config.toml': toml('["docker:*-dind"]') } },
    { name: 'GitLab Runner docs: rootless patterns match docker:dind-rootless', files: { '.gitlab-ci.yml': ci('docker:dind-rootless'), 'config.toml': toml('["docker.io/library/docker:*-dind-rootless", "docker.io/library/docker:dind-rootless", "docker:*-dind-rootless", "docker:dind-rootless"]') } },
    { name: 'empty allow-list: every service may run privileged', files: { '.gitlab-ci.yml': ci('docker:29-dind'), 'config.toml': toml('[]') } },
    { name: 'service name with variables: matched only after expansion', files: { '.gitlab-ci.yml': ci('$CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX/docker:29-dind'), 'config.toml': toml('["docker:*-dind"]') } },
    { name: 'no runner config known', files: { '.gitlab-ci.yml': ci('docker:29-dind') } },
  ],
  invalid: [
    {
      name: 'mirror spelling not in the list',
      files: { '.gitlab-ci.yml': ci('registry.example.com/library/docker:29-dind'), 'config.toml': toml('["docker:*-dind"]') },
      findings: [{ line: 4, column: 13, severity: 'error', message: /does not match 'registry.example.com\/library\/docker:29-dind'/ }],
      fixes: [{ title: 'config.toml: add "registry.example.com/library/docker:29-dind" to allowed_privileged_services', output: { 'config.toml': toml('["docker:*-dind", "registry.example.com/library/docker:29-dind"]') } }],
    },
    {
      name: 'docker:dind does not match docker:*-dind',
      files: { '.gitlab-ci.yml': ci('docker:dind'), 'config.toml': toml('[\n      "docker:*-dind",\n    ]') },
      findings: [{ line: 4, column: 13 }],
      fixes: [{ title: 'config.toml: add "docker:dind" to allowed_privileged_services', output: { 'config.toml': toml('[\n      "docker:*-dind", "docker:dind",\n    ]') } }],
    },
  ],
};
