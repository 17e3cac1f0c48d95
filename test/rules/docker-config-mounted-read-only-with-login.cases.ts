import { y, type RuleCases } from '../harness';

const toml = '[[runners]]\n  name = "builder"\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n    volumes = ["/srv/docker-config.json:/root/.docker/config.json:ro", "/certs/client"]\n';

const ci = (vars: string) => y`
  build:
    image: docker:29-cli
    services: [docker:29-dind]${vars}
    script:
      - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"
      - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .
`;

export const cases: RuleCases = {
  valid: [
    { name: 'mounted config without a login', files: {
      '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  script: [docker build .]\n', 'config.toml': toml,
    } },
    { name: 'login into a job-local DOCKER_CONFIG', files: { '.gitlab-ci.yml': ci('\n    variables:\n      DOCKER_CONFIG: $CI_PROJECT_DIR/.docker'), 'config.toml': toml } },
    { name: 'read-write mount', files: { '.gitlab-ci.yml': ci(''), 'config.toml': toml.replace(':ro"', '"') } },
    { name: 'no runner config known', files: { '.gitlab-ci.yml': ci('') } },
  ],
  invalid: [
    {
      name: 'docker executor mounts config.json :ro',
      files: { '.gitlab-ci.yml': ci(''), 'config.toml': toml },
      findings: [{ line: 5, column: 38, endColumn: 50, severity: 'error', message: /mounts the volume "\/srv\/docker-config\.json:\/root\/\.docker\/config\.json:ro" read-only/ }],
      fixes: [
        { title: 'Keep the login job-local: DOCKER_CONFIG: $CI_PROJECT_DIR/.docker', output: { '.gitlab-ci.yml': ci('') + '  variables:\n    DOCKER_CONFIG: $CI_PROJECT_DIR/.docker\n' } },
        { title: 'Remove the docker login (the mounted config already authenticates)', output: { '.gitlab-ci.yml': y`
          build:
            image: docker:29-cli
            services: [docker:29-dind]
            script:
              - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .
        ` } },
      ],
    },
    {
      name: 'Kubernetes secret at /root/.docker (Helm values)',
      files: {
        '.gitlab-ci.yml': 'push:\n  image: docker:29-cli\n  script:\n    - docker login -u bot --password-stdin registry.example.com < "$BOT_TOKEN_FILE"\n    - docker push registry.example.com/app:1\n',
        'values.yaml': y`
          runners:
            config: |
              [[runners]]
                [runners.kubernetes]
                  [[runners.kubernetes.volumes.secret]]
                    name = "registry-auth"
                    mount_path = "/root/.docker"
        `,
      },
      findings: [{ line: 4, column: 7, severity: 'error', message: /the secret volume 'registry-auth' at \/root\/\.docker/ }],
      fixes: [
        { title: 'Keep the login job-local: DOCKER_CONFIG: $CI_PROJECT_DIR/.docker', output: { '.gitlab-ci.yml': 'push:\n  image: docker:29-cli\n  script:\n    - docker login -u bot --password-stdin registry.example.com < "$BOT_TOKEN_FILE"\n    - docker push registry.example.com/app:1\n  variables:\n    DOCKER_CONFIG: $CI_PROJECT_DIR/.docker\n' } },
        { title: 'Remove the docker login (the mounted config already authenticates)', output: { '.gitlab-ci.yml': 'push:\n  image: docker:29-cli\n  script:\n    - docker push registry.example.com/app:1\n' } },
      ],
    },
  ],
};
