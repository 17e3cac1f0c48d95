import { y, type RuleCases } from '../harness';

const k8s = '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = true\n    [[runners.kubernetes.volumes.empty_dir]]\n      name = "docker-certs"\n      mount_path = "/certs/client"\n      medium = "Memory"\n';
const ci = (vars: string, image = 'docker:29-cli') => y`
  build:
    image: ${image}
    services:
      - name: docker:29-dind
        alias: docker
    variables:
${vars}
    script:
      - docker info
`;

export const cases: RuleCases = {
  valid: [
    { name: 'canonical Kubernetes TLS setup (both variables set)', files: { '.gitlab-ci.yml': ci('      DOCKER_HOST: tcp://docker:2376\n      DOCKER_TLS_CERTDIR: "/certs"\n      DOCKER_TLS_VERIFY: "1"\n      DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"'), 'config.toml': k8s } },
    { name: 'real-world Helm-runner pipeline (global DOCKER_TLS_VERIFY: 1 and DOCKER_CERT_PATH)', files: { '.gitlab-ci.yml': y`
      default:
        image:
          name: docker:19.03.13
        services:
          - name: docker:19.03.13-dind
      variables:
        DOCKER_HOST: tcp://docker:2376
        DOCKER_TLS_CERTDIR: "/certs"
        DOCKER_TLS_VERIFY: 1
        DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"
      build-job:
        script: [docker info]
    `, 'config.toml': k8s } },
    { name: 'Docker executor with the official image: the entrypoint exports them', files: { '.gitlab-ci.yml': ci('      DOCKER_HOST: tcp://docker:2376\n      DOCKER_TLS_CERTDIR: "/certs"'), 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n    volumes = ["/certs/client", "/cache"]\n' } },
    { name: 'Kubernetes runner honours the image entrypoint (feature flag)', files: { '.gitlab-ci.yml': ci('      DOCKER_HOST: tcp://docker:2376'), 'config.toml': k8s.replace('  executor = "kubernetes"\n', '  executor = "kubernetes"\n  [runners.feature_flags]\n    FF_KUBERNETES_HONOR_ENTRYPOINT = true\n') } },
    { name: 'TLS off on 2375', files: { '.gitlab-ci.yml': ci('      DOCKER_HOST: tcp://docker:2375\n      DOCKER_TLS_CERTDIR: ""'), 'config.toml': k8s } },
    { name: 'runner environment sets the client variables', files: { '.gitlab-ci.yml': ci('      DOCKER_HOST: tcp://docker:2376'), 'config.toml': k8s.replace('  executor = "kubernetes"\n', '  executor = "kubernetes"\n  environment = ["DOCKER_TLS_VERIFY=1", "DOCKER_CERT_PATH=/certs/client"]\n') } },
    { name: 'remote include may define them', files: { '.gitlab-ci.yml': 'include:\n  - remote: https://example.com/vars.yml\n' + ci('      DOCKER_HOST: tcp://docker:2376'), 'config.toml': k8s } },
  ],
  invalid: [
    {
      name: 'Kubernetes runner, official image, no client variables',
      files: { '.gitlab-ci.yml': ci('      DOCKER_HOST: tcp://docker:2376\n      DOCKER_TLS_CERTDIR: "/certs"'), 'config.toml': k8s },
      findings: [{ line: 7, column: 18, endColumn: 35, severity: 'error', message: /On the Kubernetes executor.*Client sent an HTTP request to an HTTPS server/ }],
      fixes: [{ title: 'Add DOCKER_TLS_VERIFY and DOCKER_CERT_PATH next to DOCKER_HOST', output: { '.gitlab-ci.yml': ci('      DOCKER_HOST: tcp://docker:2376\n      DOCKER_TLS_VERIFY: "1"\n      DOCKER_CERT_PATH: $DOCKER_TLS_CERTDIR/client\n      DOCKER_TLS_CERTDIR: "/certs"') } }],
    },
    {
      name: 'no runner known, official image: conditional warning',
      files: { '.gitlab-ci.yml': ci('      DOCKER_HOST: tcp://docker:2376') },
      findings: [{ line: 7, column: 18, severity: 'warning', message: /^.{20,100}?[.!?] If this job runs on a Kubernetes executor/ }],
      fixes: [{ title: 'Add DOCKER_TLS_VERIFY and DOCKER_CERT_PATH next to DOCKER_HOST', output: { '.gitlab-ci.yml': ci('      DOCKER_HOST: tcp://docker:2376\n      DOCKER_TLS_VERIFY: "1"\n      DOCKER_CERT_PATH: /certs/client') } }],
    },
    {
      name: 'custom job image on any executor, flow map, only DOCKER_CERT_PATH missing',
      files: { '.gitlab-ci.yml': 'test:\n  image: python:3.13\n  services: [docker:29-dind]\n  variables: { DOCKER_HOST: "tcp://docker:2376", DOCKER_TLS_VERIFY: "1" }\n  script: [pytest]\n' },
      findings: [{ line: 4, column: 29, severity: 'error', message: /'python:3.13' is not the official docker image.*without DOCKER_CERT_PATH/ }],
      fixes: [{ title: 'Add DOCKER_CERT_PATH next to DOCKER_HOST', output: { '.gitlab-ci.yml': 'test:\n  image: python:3.13\n  services: [docker:29-dind]\n  variables: { DOCKER_HOST: "tcp://docker:2376", DOCKER_CERT_PATH: /certs/client, DOCKER_TLS_VERIFY: "1" }\n  script: [pytest]\n' } }],
    },
  ],
};
