import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'GitLab docs TLS example: DOCKER_TLS_CERTDIR set in YAML', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services:
          - docker:29-dind
        variables:
          DOCKER_HOST: tcp://docker:2376
          DOCKER_TLS_CERTDIR: "/certs"
          DOCKER_TLS_VERIFY: 1
          DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"
        script:
          - docker info
    ` } },
    { name: 'relying on the image default without referencing it', files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services:\n    - docker:29-dind\n  script:\n    - docker info\n' } },
    { name: 'a script line using it (the job image has it in its environment)', files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services:\n    - docker:29-dind\n  script:\n    - ls "$DOCKER_TLS_CERTDIR/client"\n' } },
    { name: 'partial pipeline', files: { '.gitlab-ci.yml': 'include:\n  - project: group/ci\n    file: vars.yml\nbuild:\n  image: docker:29-cli\n  services:\n    - docker:29-dind\n  variables:\n    DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"\n  script:\n    - docker info\n' } },
  ],
  invalid: [
    {
      name: 'DOCKER_CERT_PATH built from a DOCKER_TLS_CERTDIR that only the CI/CD settings define',
      files: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services:
            - docker:29-dind
          variables:
            DOCKER_HOST: tcp://docker:2376
            DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"
          script:
            - docker info
      ` },
      findings: [{ line: 7, column: 23, severity: 'info', message: /reaches the job container but not the dind service 'docker:29-dind'/ }],
      fixes: [{ title: 'Set DOCKER_TLS_CERTDIR: "/certs" in the YAML (what the dind service uses now)', output: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services:
            - docker:29-dind
          variables:
            DOCKER_HOST: tcp://docker:2376
            DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"
            DOCKER_TLS_CERTDIR: /certs
          script:
            - docker info
      ` } }],
    },
  ],
};
