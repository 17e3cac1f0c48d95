import type { RuleCases } from '../harness';

const ci = (cmd: string, extra = '') => `build:\n  image: docker:29-cli\n${extra}  services:\n    - name: docker:29-dind\n      alias: docker\n      command: ${cmd}\n  variables:\n    DOCKER_TLS_CERTDIR: "/certs"\n  script:\n    - docker build .\n`;
const runner = (mtu: string, ff = '\n  [runners.feature_flags]\n    FF_NETWORK_PER_BUILD = true\n') => `[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n    volumes = ["/certs/client"]\n    network_mtu = ${mtu}${ff}`;

export const cases: RuleCases = {
  valid: [
    { name: 'dind MTU equal to the per-build network MTU', files: { '.gitlab-ci.yml': ci('["--mtu=1400"]'), 'config.toml': runner('1400') } },
    { name: 'dind MTU below it', files: { '.gitlab-ci.yml': ci('["--mtu=1360"]'), 'config.toml': runner('1400') } },
    { name: 'network_mtu set but no per-build network (the default bridge MTU is unknown)', files: { '.gitlab-ci.yml': ci('["--mtu=1500"]'), 'config.toml': runner('1400', '\n') } },
    { name: 'no runner config, untagged: outer MTU unknown', files: { '.gitlab-ci.yml': ci('["--mtu=1500"]') } },
    { name: 'MTU from a variable', files: { '.gitlab-ci.yml': ci('["--mtu=$DIND_MTU"]'), 'config.toml': runner('1400') } },
    { name: 'hosted amd64 runner: its MTU is not documented', files: { '.gitlab-ci.yml': ci('["--mtu=1500"]', '  tags: [saas-linux-small-amd64]\n') } },
    { name: 'hosted Arm runner with the documented 1400', files: { '.gitlab-ci.yml': ci('["--mtu=1400"]', '  tags: [saas-linux-medium-arm64]\n') } },
    { name: 'two runners in view, one without network_mtu', files: { '.gitlab-ci.yml': ci('["--mtu=1500"]'), 'a/config.toml': runner('1400'), 'b/config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n' } },
  ],
  invalid: [
    {
      name: 'dind MTU 1500 on a per-build network of 1400',
      files: { '.gitlab-ci.yml': ci('["--mtu=1500"]'), 'config.toml': runner('1400') },
      findings: [{ line: 6, column: 17, endColumn: 29, severity: 'warning', message: /^.{20,100}?[.!?] dind starts with --mtu=1500, but the runner's per-build network has network_mtu = 1400: packets between 1400 and 1500 bytes/ }],
      fixes: [{ title: "Lower dind's MTU to 1400", output: { '.gitlab-ci.yml': ci('["--mtu=1400"]') } }],
    },
    {
      name: 'per-build network switched on by a job variable, --mtu as two items',
      files: { '.gitlab-ci.yml': ci('[--mtu, "1450"]').replace('    DOCKER_TLS_CERTDIR: "/certs"\n', '    DOCKER_TLS_CERTDIR: "/certs"\n    FF_NETWORK_PER_BUILD: "true"\n'), 'config.toml': runner('1360', '\n') },
      findings: [{ line: 6, column: 17, endColumn: 30 }],
      fixes: [{ title: "Lower dind's MTU to 1360", output: { '.gitlab-ci.yml': ci('[--mtu, "1360"]').replace('    DOCKER_TLS_CERTDIR: "/certs"\n', '    DOCKER_TLS_CERTDIR: "/certs"\n    FF_NETWORK_PER_BUILD: "true"\n') } }],
    },
    {
      name: 'hosted Linux Arm runner with --mtu=1460',
      files: { '.gitlab-ci.yml': ci('["--mtu=1460"]', '  tags: [saas-linux-large-arm64]\n') },
      findings: [{ line: 7, column: 17, message: /GitLab's hosted Linux Arm runners need --mtu=1400/ }],
      fixes: [{ title: "Lower dind's MTU to 1400", output: { '.gitlab-ci.yml': ci('["--mtu=1400"]', '  tags: [saas-linux-large-arm64]\n') } }],
    },
  ],
};
