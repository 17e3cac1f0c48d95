import { y, type RuleCases } from '../harness';

const socketRunner = y`
  [[runners]]
    executor = "docker"
    [runners.docker]
      image = "docker:29-cli"
      volumes = ["/var/run/docker.sock:/var/run/docker.sock", "/cache"]
`;

export const cases: RuleCases = {
  valid: [
    { name: 'dind service with default alias docker', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [docker:29-dind]
        variables:
          DOCKER_HOST: tcp://docker:2376
        script: [docker info]
    ` } },
    { name: 'a dind service with other aliases is dind-service-alias-not-docker\'s', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [registry.example.com/docker:29-dind]
        variables:
          DOCKER_HOST: tcp://docker:2376
        script: [docker info]
    ` } },
    { name: 'global DOCKER_HOST and a job that does not use docker (real-world mixed-runner pipeline unit_test)', files: { '.gitlab-ci.yml': y`
      variables:
        DOCKER_HOST: tcp://docker:2375
      unit_test:
        image: maven:3-eclipse-temurin-21
        script:
          - mvn clean test
    ` } },
    { name: 'dotted host: a remote daemon is assumed', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        variables:
          DOCKER_HOST: tcp://builder.example.com:2376
        script: [docker info]
    ` } },
    { name: 'runner-level dind service', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        variables:
          DOCKER_HOST: tcp://docker:2376
        script: [docker info]
    `, 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n    [[runners.docker.services]]\n      name = "docker:29-dind"\n' } },
    { name: 'runner extra_hosts maps the name', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        variables:
          DOCKER_HOST: tcp://dockerd:2375
        script: [docker info]
    `, 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    extra_hosts = ["dockerd:10.0.0.5"]\n' } },
    { name: 'service name with variables may answer', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services:
          - name: $DIND_IMAGE
        variables:
          DOCKER_HOST: tcp://docker:2376
        script: [docker info]
    ` } },
    { name: 'parent template in a file we cannot see', files: { '.gitlab-ci.yml': y`
      build:
        extends: .docker
        variables:
          DOCKER_HOST: tcp://docker:2376
        script: [docker info]
    ` } },
  ],
  invalid: [
    {
      name: 'real-world socket-binding pipeline: DOCKER_HOST to docker without any service',
      files: { '.gitlab-ci.yml': y`
        variables:
          DOCKER_HOST: tcp://docker:2375
        build:
          image: docker:19.03
          script:
            - docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" "$CI_REGISTRY"
            - docker build -t app .
      ` },
      findings: [{ line: 2, column: 16, endColumn: 33, severity: 'error', message: /starts no service reachable as 'docker'/ }],
      fixes: [{ title: "Add a docker:29-dind service with TLS reachable as 'docker' in job 'build' (DOCKER_HOST tcp://docker:2376), job image docker:29-cli (then reported: dind-registry-rate-limits, dind-mtu-not-set)", output: { '.gitlab-ci.yml': y`
        variables:
          DOCKER_HOST: tcp://docker:2375
        build:
          image: docker:29-cli
          script:
            - docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" "$CI_REGISTRY"
            - docker build -t app .
          services:
            - name: docker:29-dind
              alias: docker
          variables:
            DOCKER_HOST: tcp://docker:2376
            DOCKER_TLS_CERTDIR: /certs
            DOCKER_TLS_VERIFY: "1"
            DOCKER_CERT_PATH: $DOCKER_TLS_CERTDIR/client
      ` } }],
    },
    {
      name: 'socket-binding runner: removing DOCKER_HOST is preferred',
      files: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          variables:
            DOCKER_HOST: tcp://docker:2376
            IMAGE: app
          script:
            - docker build -t "$IMAGE" .
      `, 'config.toml': socketRunner },
      findings: [{ line: 4, column: 18, severity: 'error' }],
      fixes: [
        { title: 'Remove DOCKER_HOST (the runner binds the host socket)', output: { '.gitlab-ci.yml': y`
          build:
            image: docker:29-cli
            variables:
              IMAGE: app
            script:
              - docker build -t "$IMAGE" .
        ` } },
      ],
    },
    {
      name: 'a service that is not a daemon under another name (flow list)',
      files: { '.gitlab-ci.yml': 'test:\n  image: docker:27-cli\n  services: [postgres:16]\n  variables: { DOCKER_HOST: "tcp://dind:2376" }\n  script: [docker compose up -d]\n' },
      findings: [{ line: 4, column: 29, severity: 'error', message: /reachable as 'dind'/ }],
      fixes: [{ title: "Add a docker:27-dind service with TLS reachable as 'dind' (DOCKER_HOST tcp://dind:2376) (then reported: dind-registry-rate-limits, dind-mtu-not-set)", output: { '.gitlab-ci.yml': 'test:\n  image: docker:27-cli\n  services: [postgres:16, { name: docker:27-dind, alias: dind }]\n  variables: { DOCKER_HOST: "tcp://dind:2376", DOCKER_TLS_CERTDIR: /certs, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: $DOCKER_TLS_CERTDIR/client }\n  script: [docker compose up -d]\n' } }],
    },
  ],
};
