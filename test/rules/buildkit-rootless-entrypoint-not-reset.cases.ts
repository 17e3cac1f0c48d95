import { y, type RuleCases } from '../harness';

const script = `  variables:
    BUILDKITD_FLAGS: --oci-worker-no-process-sandbox
  script:
    - buildctl-daemonless.sh build --frontend dockerfile.v0 --local context=. --local dockerfile=.
`;
const dockerToml = '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    image = "alpine:3"\n';
const k8sToml = '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    image = "alpine:3"\n';

export const cases: RuleCases = {
  valid: [
    { name: 'GitLab doc example: entrypoint reset', files: { '.gitlab-ci.yml': `build:\n  image:\n    name: moby/buildkit:rootless\n    entrypoint: [""]\n${script}` } },
    { name: 'root image moby/buildkit:latest is not the rootless variant', files: { '.gitlab-ci.yml': `build:\n  image: moby/buildkit:v0.23.2\n${script}` } },
    { name: 'Kubernetes executor ignores image entrypoints', files: { '.gitlab-ci.yml': `build:\n  image: moby/buildkit:rootless\n${script}`, 'config.toml': k8sToml } },
    { name: 'shell executor has no image', files: { '.gitlab-ci.yml': `build:\n  image: moby/buildkit:rootless\n${script}` }, options: { runner: { executor: 'shell' } } },
    { name: 'image name from a variable', files: { '.gitlab-ci.yml': `build:\n  image: $BUILDKIT_IMAGE\n${script}` } },
  ],
  invalid: [
    {
      name: 'docker executor, scalar image',
      files: { '.gitlab-ci.yml': `build:\n  image: moby/buildkit:v0.23.2-rootless\n${script}`, 'config.toml': dockerToml },
      findings: [{ line: 2, column: 10, endColumn: 40, severity: 'error', message: /ENTRYPOINT \["rootlesskit", "buildkitd"\]/ }],
      fixes: [{ title: 'Reset the image entrypoint: entrypoint: [""]', output: { '.gitlab-ci.yml': `build:\n  image:\n    name: moby/buildkit:v0.23.2-rootless\n    entrypoint: [""]\n${script}` } }],
    },
    {
      name: 'no runner known: conditional warning; image map in an extended template',
      files: { '.gitlab-ci.yml': y`
        .bk:
          image:
            name: registry.example.com/mirror/moby/buildkit:rootless
        build:
          extends: .bk
          script:
            - buildctl-daemonless.sh build --local context=. --local dockerfile=.
      ` },
      findings: [{ line: 3, column: 11, severity: 'warning', message: /^.{20,100}?[.!?] If this job runs on the Docker executor/ }],
      fixes: [{ title: 'Reset the image entrypoint: entrypoint: [""]', output: { '.gitlab-ci.yml': y`
        .bk:
          image:
            name: registry.example.com/mirror/moby/buildkit:rootless
            entrypoint: [""]
        build:
          extends: .bk
          script:
            - buildctl-daemonless.sh build --local context=. --local dockerfile=.
      ` } }],
    },
    {
      name: 'Kubernetes with FF_KUBERNETES_HONOR_ENTRYPOINT, flow image map',
      files: { '.gitlab-ci.yml': 'build:\n  image: { name: moby/buildkit:rootless }\n  variables: { FF_KUBERNETES_HONOR_ENTRYPOINT: "true" }\n  script: [buildctl-daemonless.sh build]\n', 'config.toml': k8sToml },
      findings: [{ line: 2, column: 18, severity: 'error' }],
      fixes: [{ title: 'Reset the image entrypoint: entrypoint: [""]', output: { '.gitlab-ci.yml': 'build:\n  image: { name: moby/buildkit:rootless, entrypoint: [""] }\n  variables: { FF_KUBERNETES_HONOR_ENTRYPOINT: "true" }\n  script: [buildctl-daemonless.sh build]\n' } }],
    },
  ],
};
