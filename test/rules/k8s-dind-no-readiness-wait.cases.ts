import { y, type RuleCases } from '../harness';

const k8s = '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = true\n';
const ci = (svc: string, before = '') => `build:\n  image: docker:29-cli\n  services:\n${svc}  variables:\n    DOCKER_HOST: tcp://docker:2376\n    DOCKER_TLS_CERTDIR: "/certs"\n    DOCKER_TLS_VERIFY: "1"\n    DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"\n${before}  script:\n    - docker build -t app .\n`;

export const cases: RuleCases = {
  valid: [
    { name: 'canonical Kubernetes TLS setup: HEALTHCHECK_TCP_PORT on the service', files: { '.gitlab-ci.yml': ci('    - name: docker:29-dind\n      alias: docker\n      variables:\n        HEALTHCHECK_TCP_PORT: "2376"\n'), 'config.toml': k8s } },
    { name: 'retry loop before the first docker command', files: { '.gitlab-ci.yml': ci('    - docker:29-dind\n', '  before_script:\n    - until docker info >/dev/null 2>&1; do sleep 1; done\n'), 'config.toml': k8s } },
    { name: 'timeout wrapper', files: { '.gitlab-ci.yml': ci('    - docker:29-dind\n', "  before_script:\n    - timeout 60 sh -c 'until docker info; do sleep 1; done'\n"), 'config.toml': k8s } },
    { name: 'Docker executor waits for services', files: { '.gitlab-ci.yml': ci('    - docker:29-dind\n'), 'config.toml': '[[runners]]\n  executor = "docker"\n' } },
    { name: 'no runner config, no Kubernetes hint', files: { '.gitlab-ci.yml': ci('    - docker:29-dind\n') } },
  ],
  invalid: [
    {
      name: 'Kubernetes runner, string service item (real-world Helm-runner pipeline shape)',
      files: { '.gitlab-ci.yml': ci('    - docker:29-dind\n'), 'config.toml': k8s },
      findings: [{ line: 4, column: 7, endColumn: 21, severity: 'warning', message: /without waiting for services/ }],
      fixes: [
        { title: 'Add HEALTHCHECK_TCP_PORT: "2376" to the dind service', output: { '.gitlab-ci.yml': ci('    - name: docker:29-dind\n      variables:\n        HEALTHCHECK_TCP_PORT: "2376"\n') } },
        { title: 'Wait for the daemon in before_script (until docker info …)', output: { '.gitlab-ci.yml': ci('    - docker:29-dind\n', '  before_script:\n    - until docker info >/dev/null 2>&1; do sleep 1; done\n') } },
      ],
    },
    {
      name: 'TLS off, long-form service, existing before_script; k8s tag hint without runner config',
      files: { '.gitlab-ci.yml': y`
        build:
          tags: [k8s]
          image: docker:29-cli
          services:
            - name: docker:29-dind
              alias: docker
          variables:
            DOCKER_HOST: tcp://docker:2375
            DOCKER_TLS_CERTDIR: ""
          before_script:
            - docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" "$CI_REGISTRY"
          script:
            - docker build -t app .
      ` },
      findings: [{ line: 5, column: 13, severity: 'warning', message: /^.{20,100}?[.!?] If this job runs on a Kubernetes executor/ }],
      fixes: [
        { title: 'Add HEALTHCHECK_TCP_PORT: "2375" to the dind service', output: { '.gitlab-ci.yml': y`
          build:
            tags: [k8s]
            image: docker:29-cli
            services:
              - name: docker:29-dind
                alias: docker
                variables:
                  HEALTHCHECK_TCP_PORT: "2375"
            variables:
              DOCKER_HOST: tcp://docker:2375
              DOCKER_TLS_CERTDIR: ""
            before_script:
              - docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" "$CI_REGISTRY"
            script:
              - docker build -t app .
        ` } },
        { title: 'Wait for the daemon in before_script (until docker info …)', output: { '.gitlab-ci.yml': y`
          build:
            tags: [k8s]
            image: docker:29-cli
            services:
              - name: docker:29-dind
                alias: docker
            variables:
              DOCKER_HOST: tcp://docker:2375
              DOCKER_TLS_CERTDIR: ""
            before_script:
              - until docker info >/dev/null 2>&1; do sleep 1; done
              - docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" "$CI_REGISTRY"
            script:
              - docker build -t app .
        ` } },
      ],
    },
  ],
};
