/**
 * Job-scoped rules that report a place shared by several jobs (a template's script line, an image written once)
 * only once, for the first job that reaches it: their checks keep a set of the places already reported. Run job by
 * job, the engine does the same: a report at a place (file and start) an earlier job's report of the rule already
 * took is dropped.
 */
export const REPORTED_ONCE_PER_PLACE: ReadonlySet<string> = new Set([
  'deprecated-ci-build-token',
  'dind-ca-used-as-registry-ca',
  'dind-mtu-above-network',
  'docker-config-mounted-read-only-with-login',
  'docker-image-unpinned',
  'docker-login-password-on-command-line',
  'insecure-registry-flags',
  'registry-ca-not-trusted-by-dind',
  'script-item-inside-block-scalar',
]);

/**
 * Rules whose findings for a job depend only on that job's effective configuration and what is pipeline-wide
 * (defaults, global variables, templates, the runners, the settings), never on the other jobs: the engine may run
 * them one job at a time and keep each job's results until the job's inputs change (engine/job-cache.ts). A rule
 * not listed here runs on the whole pipeline at every analysis, which is always correct; list a rule only when its
 * check is a loop over `ctx.jobs` that reports about each job alone (test/job-cache.test.ts compares both ways
 * on every rule case, the corpus and random edits). Not listed on purpose: dind-requires-privileged (its fix writes an
 * allow-list matching the dind images of every job, so that a mirror in another job gets no new finding), and
 * dind-host-without-service and docker-cli-without-daemon (the title of their dind fix reads the dind images of
 * every job, whose allow-list it may leave out).
 */
export const JOB_SCOPED_RULES: ReadonlySet<string> = new Set([
  'buildah-unprivileged-settings',
  'buildctl-without-daemon',
  'buildkit-local-dockerfile-is-file',
  'buildkit-rootless-entrypoint-not-reset',
  'buildkit-rootless-k8s-seccomp-apparmor',
  'buildkit-rootless-missing-no-process-sandbox',
  'buildx-cache-export-with-docker-driver',
  'cache-from-image-not-pulled',
  'daemonless-job-inherits-dind',
  'dind-certdir-volume-mismatch',
  'dind-command-conflicting-flags',
  'dind-not-in-allowed-privileged-services',
  'dind-service-alias-not-docker',
  'dind-service-command-bypasses-entrypoint',
  'dind-service-defined-only-in-ui-variable',
  'dind-tls-certs-not-shared-docker',
  'dind-tls-certs-not-shared-k8s',
  'dind-tls-client-env-missing',
  'dind-tls-disabled',
  'dind-tls-off-startup-delay',
  'dind-tls-port-mismatch',
  'dind-too-old',
  'docker-cli-dind-version-skew',
  'docker-cli-too-old-for-daemon',
  'docker-host-localhost-on-docker-executor',
  'docker-service-not-dind',
  'healthcheck-port-mismatch',
  'heredoc-quoted-delimiter-blocks-expansion',
  'image-or-service-not-allowed',
  'inherited-docker-script-in-non-docker-image',
  'inline-cache-without-cache-from',
  'job-image-dind-without-daemon',
  'job-image-lacks-docker-cli',
  'job-services-override-drops-dind',
  'k8s-dind-docker-host-unset',
  'k8s-dind-no-readiness-wait',
  'k8s-dind-storage-not-emptydir',
  'kaniko-archived-image',
  'kaniko-deprecated-flags',
  'kaniko-entrypoint-not-reset',
  'kaniko-image-without-shell',
  'kaniko-in-foreign-image',
  'kaniko-manual-registry-config-unneeded',
  'kaniko-multiple-builds-without-cleanup',
  'legacy-link-env-vars',
  'obsolete-docker-compose-image',
  'redundant-docker-tool-install',
  'service-alias-invalid-dns',
  'shell-executor-daemon-hostname',
  'shell-executor-docker-login-persists',
  'shell-executor-ignores-image-and-services',
  'socket-binding-destructive-commands',
  'socket-binding-host-relative-mounts',
  'socket-binding-testcontainers-host',
  'socket-binding-with-dind-service',
  'unix-socket-dind-volume-missing',
  ...REPORTED_ONCE_PER_PLACE,
]);
