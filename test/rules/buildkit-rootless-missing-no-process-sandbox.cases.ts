import { y, type RuleCases } from '../harness';

const job = (vars: string) => `build:
  image:
    name: moby/buildkit:rootless
    entrypoint: [""]
${vars}  script:
    - |
      buildctl-daemonless.sh build \\
        --frontend dockerfile.v0 \\
        --local context=. \\
        --local dockerfile=.
`;
const dockerToml = (priv: string) => `[[runners]]\n  executor = "docker"\n  [runners.docker]\n    image = "alpine:3"\n${priv}`;

export const cases: RuleCases = {
  valid: [
    { name: 'GitLab doc example: flag set', files: { '.gitlab-ci.yml': job('  variables:\n    BUILDKITD_FLAGS: --oci-worker-no-process-sandbox\n') } },
    { name: 'flag set together with --config (GitLab mirror example)', files: { '.gitlab-ci.yml': job('  variables:\n    BUILDKITD_FLAGS: --oci-worker-no-process-sandbox --config /tmp/buildkit.toml\n') } },
    { name: 'privileged Docker runner', files: { '.gitlab-ci.yml': job(''), 'config.toml': dockerToml('    privileged = true\n') } },
    { name: 'flags exported by the script', files: { '.gitlab-ci.yml': 'build:\n  image: {name: moby/buildkit:rootless, entrypoint: [""]}\n  script:\n    - export BUILDKITD_FLAGS="--oci-worker-no-process-sandbox"\n    - buildctl-daemonless.sh build --local context=. --local dockerfile=.\n' } },
    { name: 'plain buildctl against a remote daemon starts no buildkitd', files: { '.gitlab-ci.yml': 'build:\n  image: {name: moby/buildkit:rootless, entrypoint: [""]}\n  script: [buildctl build --local context=. --local dockerfile=.]\n' } },
    { name: 'remote include may set the variable', files: { '.gitlab-ci.yml': 'include:\n  - remote: https://example.com/ci.yml\n' + job('') } },
  ],
  invalid: [
    {
      name: 'unprivileged Docker runner, variable not set',
      files: { '.gitlab-ci.yml': job(''), 'config.toml': dockerToml('    privileged = false\n') },
      findings: [{ line: 3, column: 11, endColumn: 33, severity: 'error', message: /mount proc:\/proc/ }],
      fixes: [{ title: 'Set BUILDKITD_FLAGS: --oci-worker-no-process-sandbox', output: { '.gitlab-ci.yml': job('') + '  variables:\n    BUILDKITD_FLAGS: --oci-worker-no-process-sandbox\n' } }],
    },
    {
      name: 'no runner known: conditional warning on the global variable',
      files: { '.gitlab-ci.yml': y`
        variables:
          BUILDKITD_FLAGS: "--config /tmp/buildkit.toml"
      ` + '\n' + job('') },
      findings: [{ line: 2, column: 20, severity: 'warning', message: /^.{20,100}?[.!?] If the runner does not run the build container privileged/ }],
      fixes: [{ title: 'Add --oci-worker-no-process-sandbox to BUILDKITD_FLAGS', output: { '.gitlab-ci.yml': y`
        variables:
          BUILDKITD_FLAGS: "--oci-worker-no-process-sandbox --config /tmp/buildkit.toml"
      ` + '\n' + job('') } }],
    },
  ],
};
