/**
 * The image versions dind-doctor writes: into quick fixes, job conversions, generated jobs, runner settings and
 * snippets. One place, so that a rule's fix and the build-strategy picker never suggest different versions.
 *
 * Shared by the language server, the CLI and the VS Code client; imports nothing.
 */

/** The Docker CLI and daemon major to suggest (`docker:29-cli` with `docker:29-dind`): Docker Engine 29 raised the
 * minimum client API to 1.44 (https://docs.docker.com/engine/release-notes/29/). */
export const DOCKER_MAJOR = 29;
/** Docker majors the picker and the snippets offer (CLI and daemon always equal); the first is the default. */
export const DOCKER_VERSIONS: readonly string[] = [String(DOCKER_MAJOR), String(DOCKER_MAJOR - 1)];
/** The dind service image to suggest when nothing in the job decides the version. */
export const DIND_IMAGE = `docker:${DOCKER_MAJOR}-dind`;
/** The Docker CLI image to suggest as a job image. */
export const DOCKER_CLI_IMAGE = `docker:${DOCKER_MAJOR}-cli`;

/** quay.io/buildah/stable tag (https://quay.io/repository/buildah/stable?tab=tags). */
export const BUILDAH_TAG = 'v1.41.5';
/** moby/buildkit rootless tag (https://hub.docker.com/r/moby/buildkit/tags). */
export const BUILDKIT_TAG = 'v0.25.1-rootless';
/**
 * The Kaniko executor image to suggest: the maintained community fork's debug variant (it has the busybox shell
 * GitLab needs). GoogleContainerTools/kaniko was archived on 2025-06-03 (https://github.com/GoogleContainerTools/kaniko).
 */
export const KANIKO_IMAGE = 'ghcr.io/osscontainertools/kaniko:debug';
/** The last debug image the archived upstream project published: a stop-gap for jobs that must stay on upstream. */
export const KANIKO_UPSTREAM_LAST_DEBUG = 'gcr.io/kaniko-project/executor:v1.24.0-debug';
