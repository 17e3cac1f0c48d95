import { y, type RuleCases } from '../harness';

const ci = (image: string, svc: string) => y`
  build:
    image: ${image}
    services:
      - name: ${svc}
        alias: docker
    variables:
      DOCKER_HOST: tcp://docker:2376
    script:
      - docker info
`;
const toml = (lists: string) => `[[runners]]\n  name = "locked"\n  executor = "docker"\n  [runners.docker]\n    image = "alpine:3.20"\n    privileged = true\n${lists}    volumes = ["/certs/client", "/cache"]\n`;

export const cases: RuleCases = {
  valid: [
    { name: 'patterns match image and service', files: { '.gitlab-ci.yml': ci('docker:29-cli', 'docker:29-dind'), 'config.toml': toml('    allowed_images = ["docker:*"]\n    allowed_services = ["docker:*-dind"]\n') } },
    { name: 'empty lists allow everything', files: { '.gitlab-ci.yml': ci('docker:29-cli', 'docker:29-dind'), 'config.toml': toml('    allowed_images = []\n    allowed_services = []\n') } },
    { name: 'doublestar pattern across registry path', files: { '.gitlab-ci.yml': ci('registry.example.com/ci/docker:29-cli', 'registry.example.com/ci/docker:29-dind'), 'config.toml': toml('    allowed_images = ["registry.example.com/**"]\n    allowed_services = ["registry.example.com/**/docker:*"]\n') } },
    { name: "the runner's own default image is always allowed", files: { '.gitlab-ci.yml': ci('alpine:3.20', 'docker:29-dind'), 'config.toml': toml('    allowed_images = ["docker:*"]\n') } },
    { name: 'service image with variables: known only at job start', files: { '.gitlab-ci.yml': ci('docker:29-cli', '$CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX/docker:29-dind'), 'config.toml': toml('    allowed_services = ["docker:*-dind"]\n') } },
    { name: 'no runner config in view', files: { '.gitlab-ci.yml': ci('docker:29-cli', 'docker:29-dind') } },
    { name: 'a second runner without restrictions may take the job', files: { '.gitlab-ci.yml': ci('docker:29-cli', 'docker:29-dind'), 'config.toml': toml('    allowed_images = ["alpine:*"]\n') + '\n' + toml('') } },
    { name: 'runner-level service of the same name (Docker executor: internal service)', files: {
      '.gitlab-ci.yml': ci('docker:29-cli', 'docker:29-dind'),
      'config.toml': toml('    allowed_services = ["postgres:*"]\n') + '    [[runners.docker.services]]\n      name = "docker:29-dind"\n',
    } },
  ],
  invalid: [
    {
      name: 'docker executor: dind service not in allowed_services (cross-file fix)',
      files: { '.gitlab-ci.yml': ci('docker:29-cli', 'docker:dind'), 'config.toml': toml('    allowed_images = ["docker:*"]\n    allowed_services = ["docker:*-dind", "docker:29-dind"]\n') },
      findings: [{ line: 4, column: 13, endColumn: 24, severity: 'error', message: /'docker:dind' matches none.*The "docker:dind" image is not present on list of allowed services/ }],
      fixes: [
        { title: 'config.toml: add "docker:dind" to allowed_services', output: { 'config.toml': toml('    allowed_images = ["docker:*"]\n    allowed_services = ["docker:*-dind", "docker:29-dind", "docker:dind"]\n') } },
        { title: 'config.toml: add "docker:*" to allowed_services (any tag of docker)', output: { 'config.toml': toml('    allowed_images = ["docker:*"]\n    allowed_services = ["docker:*-dind", "docker:29-dind", "docker:*"]\n') } },
        { title: "Use 'docker:29-dind' (allowed by the runner)", output: { '.gitlab-ci.yml': ci('docker:29-cli', 'docker:29-dind') } },
      ],
    },
    {
      name: 'job image from default: not allowed; mirror spelling is not normalised',
      files: {
        '.gitlab-ci.yml': 'default:\n  image: docker.io/library/docker:29-cli\nbuild:\n  script: [docker info]\ntest:\n  script: [docker ps]\n',
        'config.toml': toml("    allowed_images = [\n      'docker:*',\n    ]\n"),
      },
      findings: [{ line: 2, column: 10, message: /allowed_images = \["docker:\*"\].*The "docker.io\/library\/docker:29-cli" image is not present on list of allowed images/ }],
      fixes: [
        { title: 'config.toml: add "docker.io/library/docker:29-cli" to allowed_images', output: { 'config.toml': toml("    allowed_images = [\n      'docker:*', 'docker.io/library/docker:29-cli',\n    ]\n") } },
        { title: 'config.toml: add "docker.io/library/docker:*" to allowed_images (any tag of docker.io/library/docker)', output: { 'config.toml': toml("    allowed_images = [\n      'docker:*', 'docker.io/library/docker:*',\n    ]\n") } },
      ],
    },
    {
      name: 'Helm values: Kubernetes runner with allowed_services',
      files: {
        '.gitlab-ci.yml': ci('docker:29-cli', 'registry.example.com/docker:29-dind'),
        'values.yaml': y`
          runners:
            config: |
              [[runners]]
                [runners.kubernetes]
                  image = "docker:29-cli"
                  privileged = true
                  allowed_services = ["docker:*-dind"]
        `,
      },
      findings: [{ line: 4, column: 13, message: /registry.example.com\/docker:29-dind/ }],
      fixes: [
        { title: 'values.yaml: add "registry.example.com/docker:29-dind" to allowed_services', output: { 'values.yaml': y`
          runners:
            config: |
              [[runners]]
                [runners.kubernetes]
                  image = "docker:29-cli"
                  privileged = true
                  allowed_services = ["docker:*-dind", "registry.example.com/docker:29-dind"]
        ` } },
        { title: 'values.yaml: add "registry.example.com/docker:*" to allowed_services (any tag of registry.example.com/docker)', output: { 'values.yaml': y`
          runners:
            config: |
              [[runners]]
                [runners.kubernetes]
                  image = "docker:29-cli"
                  privileged = true
                  allowed_services = ["docker:*-dind", "registry.example.com/docker:*"]
        ` } },
      ],
    },
  ],
};
