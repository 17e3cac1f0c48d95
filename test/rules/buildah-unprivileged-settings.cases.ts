import { y, type RuleCases } from '../harness';

const dockerToml = (extra: string) => `[[runners]]\n  executor = "docker"\n  [runners.docker]\n    image = "alpine:3"\n${extra}`;
const job = (vars: string) => `build:\n  image: quay.io/buildah/stable:v1.40\n${vars}  script:\n    - buildah build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .\n    - buildah push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"\n`;

export const cases: RuleCases = {
  valid: [
    { name: 'GitLab Buildah example (vfs + chroot)', files: { '.gitlab-ci.yml': job('  variables:\n    STORAGE_DRIVER: vfs\n    BUILDAH_FORMAT: docker\n    BUILDAH_ISOLATION: chroot\n') } },
    { name: 'official image sets BUILDAH_ISOLATION=chroot itself (multi-arch doc example)', files: { '.gitlab-ci.yml': job('  variables:\n    STORAGE_DRIVER: vfs\n') } },
    { name: 'privileged runner', files: { '.gitlab-ci.yml': job(''), 'config.toml': dockerToml('    privileged = true\n') } },
    { name: '/dev/fuse passed through (fuse-overlayfs works)', files: { '.gitlab-ci.yml': job(''), 'config.toml': dockerToml('    privileged = false\n    devices = ["/dev/fuse"]\n') } },
    { name: '--storage-driver on the command', files: { '.gitlab-ci.yml': 'build:\n  image: quay.io/buildah/stable\n  script: [buildah --storage-driver vfs build -t app .]\n' } },
    { name: 'only buildah login / push (nothing built)', files: { '.gitlab-ci.yml': 'push:\n  image: quay.io/buildah/stable\n  script: [buildah push app docker://registry.example.com/app]\n' } },
  ],
  invalid: [
    {
      name: 'unprivileged Docker runner, no settings',
      files: { '.gitlab-ci.yml': job(''), 'config.toml': dockerToml('    privileged = false\n') },
      findings: [{ line: 2, column: 10, severity: 'warning', message: /^.{20,100}?[.!?] The runner does not run the build container privileged.*fuse-overlayfs/ }],
      fixes: [{ title: 'Set STORAGE_DRIVER: vfs', output: { '.gitlab-ci.yml': job('') + '  variables:\n    STORAGE_DRIVER: vfs\n' } }],
    },
    {
      name: 'buildah installed in a generic image, global overlay: conditional warning',
      files: { '.gitlab-ci.yml': y`
        variables:
          STORAGE_DRIVER: overlay
        build:
          image: debian:12
          variables:
            BUILDAH_FORMAT: docker
          script:
            - apt-get update && apt-get install -y buildah
            - buildah bud -t app .
      ` },
      findings: [{ line: 2, column: 19, severity: 'warning', message: /^.{20,100}?[.!?] If the runner does not run the build container privileged.*STORAGE_DRIVER is "overlay"; no BUILDAH_ISOLATION: chroot/ }],
      fixes: [{ title: "Set STORAGE_DRIVER: vfs, BUILDAH_ISOLATION: chroot (in job 'build')", output: { '.gitlab-ci.yml': y`
        variables:
          STORAGE_DRIVER: vfs
        build:
          image: debian:12
          variables:
            BUILDAH_FORMAT: docker
            BUILDAH_ISOLATION: chroot
          script:
            - apt-get update && apt-get install -y buildah
            - buildah bud -t app .
      ` } }],
    },
  ],
};
