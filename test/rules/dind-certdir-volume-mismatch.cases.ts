import { y, type RuleCases } from '../harness';

const ci = (certDir: string, extra = '') => y`
  build:
    image: docker:29-cli
    services:
      - docker:29-dind
    variables:
      DOCKER_HOST: tcp://docker:2376
      DOCKER_TLS_CERTDIR: ${certDir}
${extra}    script:
      - docker build -t app .
`;
const dockerToml = (volumes: string) => `[[runners]]\n  name = "docker"\n  executor = "docker"\n  [runners.docker]\n    image = "docker:29-cli"\n    privileged = true\n    volumes = ${volumes}\n`;
const k8sToml = (mount: string) => `[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = true\n    [[runners.kubernetes.volumes.empty_dir]]\n      name = "docker-certs"\n      mount_path = "${mount}"\n      medium = "Memory"\n`;

export const cases: RuleCases = {
  valid: [
    { name: 'GitLab docs: /certs with volumes = ["/certs/client", "/cache"]', files: { '.gitlab-ci.yml': ci('"/certs"'), 'config.toml': dockerToml('["/certs/client", "/cache"]') } },
    { name: 'custom cert dir shared on the runner', files: { '.gitlab-ci.yml': ci('/tls'), 'config.toml': dockerToml('["/tls/client", "/cache"]') } },
    { name: 'whole cert dir shared', files: { '.gitlab-ci.yml': ci('/tls'), 'config.toml': dockerToml('["/tls", "/cache"]') } },
    { name: 'no certificate volume at all (dind-tls-certs-not-shared-docker territory)', files: { '.gitlab-ci.yml': ci('/tls'), 'config.toml': dockerToml('["/cache"]') } },
    { name: 'TLS off', files: { '.gitlab-ci.yml': ci('""').replace('2376', '2375'), 'config.toml': dockerToml('["/certs/client"]') } },
    { name: 'no runner config: volumes unknown', files: { '.gitlab-ci.yml': ci('/tls') } },
    { name: 'k8s: DOCKER_CERT_PATH "$DOCKER_TLS_CERTDIR/client" (canonical Kubernetes TLS setup)', files: { '.gitlab-ci.yml': ci('"/certs"', '      DOCKER_TLS_VERIFY: "1"\n      DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"\n'), 'config.toml': k8sToml('/certs/client') } },
    { name: 'certificates copied elsewhere by the script', files: { '.gitlab-ci.yml': ci('"/certs"', '      DOCKER_TLS_VERIFY: "1"\n      DOCKER_CERT_PATH: /tmp/docker-certs\n    before_script:\n      - cp -r /certs/client /tmp/docker-certs\n') } },
    { name: 'runner environment sets DOCKER_TLS_CERTDIR (job does not)', files: { '.gitlab-ci.yml': ci('/tls').replace('      DOCKER_TLS_CERTDIR: /tls\n', ''), 'config.toml': dockerToml('["/tls/client"]').replace('  executor = "docker"\n', '  executor = "docker"\n  environment = ["DOCKER_TLS_CERTDIR=/tls"]\n') } },
  ],
  invalid: [
    {
      name: 'DOCKER_TLS_CERTDIR: /tls with the stock /certs/client volume',
      files: { '.gitlab-ci.yml': ci('/tls'), 'config.toml': dockerToml('["/certs/client", "/cache"]') },
      findings: [{ line: 7, column: 25, endColumn: 29, severity: 'error', message: /shares \/certs\/client instead/ }],
      fixes: [
        { title: 'Use DOCKER_TLS_CERTDIR: "/certs" (the directory the runner shares)', output: { '.gitlab-ci.yml': ci('/certs') } },
        { title: 'config.toml: share "/tls/client"', output: { 'config.toml': dockerToml('["/certs/client", "/cache", "/tls/client"]') } },
      ],
    },
    {
      name: 'Kubernetes: custom cert dir, literal DOCKER_CERT_PATH follows the fix',
      files: { '.gitlab-ci.yml': ci('"/docker-certs"', '      DOCKER_TLS_VERIFY: "1"\n      DOCKER_CERT_PATH: "/docker-certs/client"\n'), 'config.toml': k8sToml('/certs/client') },
      findings: [{ line: 7, column: 25, severity: 'error' }],
      fixes: [
        { title: 'Use DOCKER_TLS_CERTDIR: "/certs" (the directory the runner shares)', output: { '.gitlab-ci.yml': ci('"/certs"', '      DOCKER_TLS_VERIFY: "1"\n      DOCKER_CERT_PATH: "/certs/client"\n') } },
        { title: 'config.toml: share "/docker-certs/client"', output: { 'config.toml': k8sToml('/certs/client').replace('[runners.kubernetes]\n    privileged = true\n', '[runners.kubernetes]\n    privileged = true\n    [[runners.kubernetes.volumes.empty_dir]]\n      name = "docker-certs-2"\n      mount_path = "/docker-certs/client"\n      medium = "Memory"\n') } },
      ],
    },
    {
      name: 'DOCKER_CERT_PATH without /client, no runner config: conditional warning',
      files: { '.gitlab-ci.yml': ci('"/certs"', '      DOCKER_TLS_VERIFY: "1"\n      DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR"\n') },
      findings: [{ line: 9, column: 23, severity: 'warning', message: /open \/certs\/ca.pem/ }],
      fixes: [{ title: 'Set DOCKER_CERT_PATH to "$DOCKER_TLS_CERTDIR/client"', output: { '.gitlab-ci.yml': ci('"/certs"', '      DOCKER_TLS_VERIFY: "1"\n      DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"\n') } }],
    },
    {
      name: 'DOCKER_CERT_PATH elsewhere with a known Kubernetes runner: error',
      files: { '.gitlab-ci.yml': ci('"/certs"', '      DOCKER_TLS_VERIFY: "1"\n      DOCKER_CERT_PATH: /certs/ca\n'), 'config.toml': k8sToml('/certs/client') },
      findings: [{ line: 9, column: 23, severity: 'error' }],
      fixes: [{ title: 'Set DOCKER_CERT_PATH to "$DOCKER_TLS_CERTDIR/client"', output: { '.gitlab-ci.yml': ci('"/certs"', '      DOCKER_TLS_VERIFY: "1"\n      DOCKER_CERT_PATH: $DOCKER_TLS_CERTDIR/client\n') } }],
    },
  ],
};
