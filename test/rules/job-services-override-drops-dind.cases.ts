import { y, type RuleCases } from '../harness';

const head = y`
  default:
    image: docker:29-cli
    services:
      - name: docker:29-dind
        alias: docker
  variables:
    DOCKER_HOST: tcp://docker:2376
    DOCKER_TLS_CERTDIR: "/certs"
`;

export const cases: RuleCases = {
  valid: [
    { name: 'job lists dind next to its own service', files: { '.gitlab-ci.yml': head + y`
      integration:
        services:
          - name: docker:29-dind
            alias: docker
          - postgres:16
        script:
          - docker run --rm app
    ` } },
    { name: 'job with its own services that does not use docker', files: { '.gitlab-ci.yml': head + y`
      unit:
        image: maven:3-eclipse-temurin-17
        before_script: []
        services:
          - postgres:16
        script:
          - mvn test
    ` } },
    { name: 'job opts out of default services on purpose (inherit: default: false)', files: { '.gitlab-ci.yml': head + y`
      integration:
        inherit:
          default: false
        image: docker:29-cli
        services:
          - postgres:16
        script:
          - docker run --rm app
    ` } },
    { name: 'job inherits the default list', files: { '.gitlab-ci.yml': head + 'build:\n  script:\n    - docker build -t app .\n' } },
  ],
  invalid: [
    {
      name: 'job services: [postgres] drops the default dind while DOCKER_HOST still points at it',
      files: { '.gitlab-ci.yml': head + y`
        integration:
          services:
            - postgres:16
          script:
            - docker run --rm app
      ` },
      findings: [{ line: 10, column: 3, endColumn: 11, severity: 'error', message: /replaces the default list instead of adding to it, so the dind service 'docker:29-dind'/ }],
      fixes: [{ title: `Add docker:29-dind to the job's services (then reported: dind-tls-client-env-missing, dind-registry-rate-limits, dind-mtu-not-set)`, output: { '.gitlab-ci.yml': head + y`
        integration:
          services:
            - postgres:16
            - name: docker:29-dind
              alias: docker
          script:
            - docker run --rm app
      ` } }],
    },
  ],
};
