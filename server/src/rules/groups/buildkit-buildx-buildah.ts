/** BuildKit (rootless), Buildx caches, Buildah, and daemonless jobs. */
import type { Rule } from '../../engine/rule';
import { rule as buildkitRootlessEntrypointNotReset } from '../buildkit-rootless-entrypoint-not-reset';
import { rule as buildkitRootlessMissingNoProcessSandbox } from '../buildkit-rootless-missing-no-process-sandbox';
import { rule as buildkitRootlessK8sSeccompApparmor } from '../buildkit-rootless-k8s-seccomp-apparmor';
import { rule as buildkitLocalDockerfileIsFile } from '../buildkit-local-dockerfile-is-file';
import { rule as buildctlWithoutDaemon } from '../buildctl-without-daemon';
import { rule as buildxCacheExportWithDockerDriver } from '../buildx-cache-export-with-docker-driver';
import { rule as inlineCacheWithoutCacheFrom } from '../inline-cache-without-cache-from';
import { rule as cacheFromImageNotPulled } from '../cache-from-image-not-pulled';
import { rule as buildahUnprivilegedSettings } from '../buildah-unprivileged-settings';
import { rule as daemonlessJobInheritsDind } from '../daemonless-job-inherits-dind';

export const buildkitBuildxBuildahRules: Rule[] = [buildkitRootlessEntrypointNotReset, buildkitRootlessMissingNoProcessSandbox, buildkitRootlessK8sSeccompApparmor, buildkitLocalDockerfileIsFile, buildctlWithoutDaemon, buildxCacheExportWithDockerDriver, inlineCacheWithoutCacheFrom, cacheFromImageNotPulled, buildahUnprivilegedSettings, daemonlessJobInheritsDind];
