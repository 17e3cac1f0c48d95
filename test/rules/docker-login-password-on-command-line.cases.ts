import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'GitLab canonical --password-stdin', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [docker:29-dind]
        before_script:
          - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"
          - echo -n $CI_JOB_TOKEN | docker login -u gitlab-ci-token --password-stdin $CI_REGISTRY
        script: [docker build .]
    ` } },
    { name: 'docker run -p is a port, not a password', files: { '.gitlab-ci.yml': 'test:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  script: [docker run -p 8080:80 nginx]\n' } },
  ],
  invalid: [
    {
      name: 'GitLab caching example: docker login -u … -p …',
      files: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services: [docker:29-dind]
          before_script:
            - docker login -u $CI_REGISTRY_USER -p $CI_REGISTRY_PASSWORD $CI_REGISTRY
          script: [docker build .]
      ` },
      findings: [{ line: 5, column: 41, endColumn: 65, severity: 'info', message: /gets \$CI_REGISTRY_PASSWORD on the command line.*Using --password via the CLI is insecure/ }],
      fixes: [{ title: 'Pipe the password into docker login --password-stdin', output: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services: [docker:29-dind]
          before_script:
            - echo "$CI_REGISTRY_PASSWORD" | docker login -u $CI_REGISTRY_USER --password-stdin $CI_REGISTRY
          script: [docker build .]
      ` } }],
    },
    {
      name: 'literal password with --password=, in a chain: masked in the message',
      files: { '.gitlab-ci.yml': "push:\n  image: quay.io/podman/stable\n  script:\n    - podman login --username bot --password=s3cr3tvalue registry.example.com && podman push app\n" },
      findings: [{ line: 4, column: 35, message: /a literal password \(s3…\)/ }],
      fixes: [{ title: 'Pipe the password into podman login --password-stdin', output: { '.gitlab-ci.yml': "push:\n  image: quay.io/podman/stable\n  script:\n    - echo \"s3cr3tvalue\" | podman login --username bot --password-stdin registry.example.com && podman push app\n" } }],
    },
  ],
};
