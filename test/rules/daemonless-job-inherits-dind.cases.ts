import { y, type RuleCases } from '../harness';

const defaults = y`
  default:
    image: docker:29-cli
    services:
      - docker:29-dind
    retry: 1
    before_script:
      - docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" $CI_REGISTRY
`;

export const cases: RuleCases = {
  valid: [
    { name: 'kaniko job that opts out of defaults', files: { '.gitlab-ci.yml': defaults + y`
      kaniko:
        image: { name: ghcr.io/osscontainertools/kaniko:debug, entrypoint: [""] }
        inherit:
          default: [retry]
        script:
          - /kaniko/executor --context . --destination $CI_REGISTRY_IMAGE
    ` } },
    { name: 'buildah job overriding services and before_script', files: { '.gitlab-ci.yml': defaults + y`
      buildah:
        image: quay.io/buildah/stable:v1.40
        services: []
        before_script: []
        script: [buildah build -t app .]
    ` } },
    { name: 'docker job inherits dind (that is what it needs)', files: { '.gitlab-ci.yml': defaults + 'build:\n  script: [docker build -t app .]\n' } },
    { name: 'remote include: job only partly known', files: { '.gitlab-ci.yml': 'include:\n  - remote: https://example.com/x.yml\n' + defaults + 'bk:\n  image: moby/buildkit:rootless\n  script: [buildctl-daemonless.sh build]\n' } },
  ],
  invalid: [
    {
      name: 'BuildKit job inherits dind and a docker login (real-world Helm-runner pipeline layout)',
      files: { '.gitlab-ci.yml': defaults + y`
        bk:
          image:
            name: moby/buildkit:rootless
            entrypoint: [""]
          script:
            - buildctl-daemonless.sh build --local context=. --local dockerfile=.
      ` },
      findings: [{ line: 8, column: 1, endColumn: 3, severity: 'error', message: /docker: not found/ }],
      fixes: [
        { title: "Drop the inherited services, before_script: services: [], before_script: [] (in job 'bk')", output: { '.gitlab-ci.yml': defaults + y`
          bk:
            image:
              name: moby/buildkit:rootless
              entrypoint: [""]
            script:
              - buildctl-daemonless.sh build --local context=. --local dockerfile=.
            services: []
            before_script: []
        ` } },
        { title: "Inherit only retry from default: (inherit: default: [retry]) (in job 'bk')", output: { '.gitlab-ci.yml': defaults + y`
          bk:
            image:
              name: moby/buildkit:rootless
              entrypoint: [""]
            script:
              - buildctl-daemonless.sh build --local context=. --local dockerfile=.
            inherit:
              default: [retry]
        ` } },
      ],
    },
    {
      name: 'kaniko job inherits only the dind service: info',
      files: { '.gitlab-ci.yml': 'services:\n  - docker:dind\nkaniko:\n  image: gcr.io/kaniko-project/executor:v1.24.0-debug\n  script:\n    - /kaniko/executor --context . --no-push\n' },
      findings: [{ line: 3, column: 1, severity: 'info', message: /wasted sidecar/ }],
      fixes: [
        { title: "Drop the inherited services: services: [] (in job 'kaniko')", output: { '.gitlab-ci.yml': 'services:\n  - docker:dind\nkaniko:\n  image: gcr.io/kaniko-project/executor:v1.24.0-debug\n  script:\n    - /kaniko/executor --context . --no-push\n  services: []\n' } },
        { title: "Inherit nothing from default: (inherit: default: false) (in job 'kaniko')", output: { '.gitlab-ci.yml': 'services:\n  - docker:dind\nkaniko:\n  image: gcr.io/kaniko-project/executor:v1.24.0-debug\n  script:\n    - /kaniko/executor --context . --no-push\n  inherit:\n    default: false\n' } },
      ],
    },
  ],
};
