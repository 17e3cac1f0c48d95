import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'registry mirror configured', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services:
          - name: docker:29-dind
            command: ["--registry-mirror", "https://mirror.example.com"]
        script: [docker build -t app .]
    ` } },
    { name: 'only docker login / push: nothing is pulled', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [docker:29-dind]
        script:
          - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"
          - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"
    ` } },
    { name: 'runner mounts a daemon.json', files: {
      '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  script: [docker build .]\n',
      'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n    volumes = ["/srv/daemon.json:/etc/docker/daemon.json:ro", "/certs/client"]\n',
    } },
    { name: 'dind itself comes from a private registry: the site has its own registry infrastructure', files: { '.gitlab-ci.yml': y`
      build:
        image: registry.example.com/mirror/docker:29-cli
        services:
          - name: registry.example.com/mirror/docker:29-dind
            alias: docker
        script: [docker build .]
    ` } },
    { name: 'builds through the dependency proxy', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [docker:29-dind]
        script:
          - docker build --build-arg BASE=$CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX/alpine:3 .
    ` } },
  ],
  invalid: [
    {
      name: 'two building jobs: reported once, on the first dind service',
      files: { '.gitlab-ci.yml': y`
        build-a:
          image: docker:29-cli
          services:
            - docker:29-dind
          script:
            - docker build -t a .
        build-b:
          image: docker:29-cli
          services:
            - name: docker:29-dind
          script:
            - docker compose up -d
      ` },
      findings: [{ line: 4, column: 7, endColumn: 21, severity: 'info', message: /no registry mirror.*toomanyrequests/ }],
    },
  ],
};
