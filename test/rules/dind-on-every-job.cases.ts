import { y, type RuleCases } from '../harness';

// real-world Helm-runner pipeline (trimmed)
const report003 = (inherit: string) => y`
  default:
    image:
      name: docker:19.03.13
    services:
      - name: docker:19.03.13-dind
        command: ["--insecure-registry=registry.bellship.com"]

  variables:
    DOCKER_HOST: tcp://docker:2376
    DOCKER_TLS_CERTDIR: "/certs"

  before_script:
    - apk add --update curl && rm -rf /var/cache/apk/*
    - docker info

  build-job:
    stage: build
    script:
    - echo "Hello, $GITLAB_USER_LOGIN!"${inherit}

  test-job1:
    stage: test
    script:
    - echo "This job tests something"${inherit}
`;

export const cases: RuleCases = {
  valid: [
    { name: 'every inheriting job runs docker itself', files: { '.gitlab-ci.yml': y`
      default:
        image: docker:29-cli
        services: [docker:29-dind]
      build:
        script: [docker build -t app .]
      push:
        script: [docker push app]
    ` } },
    { name: 'job-level DOCKER_HOST (e.g. Testcontainers) uses the daemon', files: { '.gitlab-ci.yml': y`
      default:
        services: [docker:29-dind]
      test:
        image: maven:3-eclipse-temurin-21
        variables:
          DOCKER_HOST: tcp://docker:2375
          DOCKER_TLS_CERTDIR: ""
        script: [mvn verify]
    ` } },
    { name: 'the job names its own services', files: { '.gitlab-ci.yml': y`
      default:
        services: [docker:29-dind]
      test:
        image: python:3.12
        services: [postgres:16]
        script: [pytest]
    ` } },
    { name: 'dind in the job itself, not in default', files: { '.gitlab-ci.yml': 'test:\n  image: alpine\n  services: [docker:29-dind]\n  script: [echo hi]\n' } },
  ],
  invalid: [
    {
      name: 'real-world Helm-runner pipeline: echo jobs inherit dind and the docker before_script',
      files: { '.gitlab-ci.yml': report003('') },
      findings: [{ line: 5, column: 13, endColumn: 33, severity: 'info', message: /^.{20,100}?[.!?] 2 jobs \(build-job, test-job1\) inherit the dind service 'docker:19\.03\.13-dind' from `default: services`/ }],
      fixes: [{
        title: "Stop inheriting the dind service (and the before_script that runs docker) in 2 jobs: inherit: default: [image] (in jobs 'build-job', 'test-job1')",
        output: { '.gitlab-ci.yml': report003('\n    inherit:\n      default: [image]') },
      }],
    },
    {
      name: 'real-world mixed-runner pipeline: top-level services, the maven job never runs docker',
      files: { '.gitlab-ci.yml': y`
        image: harbor-registry.inner.yd.com/devops/docker:19.03-ydci

        services:
          - name: harbor-registry.inner.yd.com/devops/docker:19.03-dind
            alias: docker

        unit_test:
          image: harbor-registry.inner.yd.com/ead/xxx-base:latest
          stage: test
          script:
            - mvn clean test

        build-image:
          stage: build
          script:
            - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .
      ` },
      findings: [{ line: 4, column: 11, message: /^.{20,100}?[.!?] Job \(unit_test\) inherits .* from top-level `services:`/ }],
      fixes: [{ title: "Stop inheriting the dind service in 'unit_test': inherit: default: [image]", output: { '.gitlab-ci.yml': y`
        image: harbor-registry.inner.yd.com/devops/docker:19.03-ydci

        services:
          - name: harbor-registry.inner.yd.com/devops/docker:19.03-dind
            alias: docker

        unit_test:
          image: harbor-registry.inner.yd.com/ead/xxx-base:latest
          stage: test
          script:
            - mvn clean test
          inherit:
            default: [image]

        build-image:
          stage: build
          script:
            - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .
      ` } }],
    },
  ],
};
