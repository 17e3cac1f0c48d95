/** Unit tests of the image reference parser and version logic (server/src/model/docker.ts) and the E/F helpers (model/images.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dockerVersion, isDindImage, isDockerLibraryImage, isUnversionedTag, parseImageRef, versionLess } from '../server/src/model/docker';
import { dockerVariant, isArchivedKaniko, isMovingDindTag, kanikoFamily, releaseTag, retag } from '../server/src/model/images';

const D = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

test('parseImageRef: name, tag, digest, registry port', () => {
  assert.deepEqual(pick(parseImageRef('docker:24.0.5-dind')), { name: 'docker', tag: '24.0.5-dind', digest: undefined, base: 'docker', valid: true });
  assert.deepEqual(pick(parseImageRef('registry.example.com:5000/group/docker:20-dind')), { name: 'registry.example.com:5000/group/docker', tag: '20-dind', digest: undefined, base: 'docker', valid: true });
  assert.deepEqual(pick(parseImageRef('localhost:5000/docker')), { name: 'localhost:5000/docker', tag: undefined, digest: undefined, base: 'docker', valid: true });
  assert.deepEqual(pick(parseImageRef(`docker:dind@${D}`)), { name: 'docker', tag: 'dind', digest: D, base: 'docker', valid: true });
  assert.equal(parseImageRef('Docker:latest').valid, false);
});

test('parseImageRef: variables make the reference unknown but keep the known parts', () => {
  const proxy = parseImageRef('${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/docker:dind');
  assert.equal(proxy.hasVariables, true);
  assert.equal(proxy.base, 'docker');
  assert.equal(proxy.tag, 'dind');
  const tagVar = parseImageRef('docker:$DOCKER_VERSION-dind');
  assert.equal(tagVar.tag, '$DOCKER_VERSION-dind');
  assert.equal(parseImageRef('$IMAGE').base, '$IMAGE');
});

test('isDockerLibraryImage: official image and mirrors', () => {
  for (const s of ['docker', 'library/docker:24', 'docker.io/library/docker:24-dind', 'mirror.gcr.io/library/docker:24.0.5-cli', 'harbor-registry.inner.yd.com/devops/docker:19.03-dind', '${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/docker:dind']) assert.ok(isDockerLibraryImage(parseImageRef(s)), s);
  for (const s of ['alpine', 'docker/compose:1.29.2', 'jpetazzo/dind', '$IMAGE', 'my-docker:1']) assert.ok(!isDockerLibraryImage(parseImageRef(s)), s);
});

test('isUnversionedTag: digests pin, variable tags are unknown, moving tags are unpinned', () => {
  for (const s of ['docker', 'docker:latest', 'docker:dind', 'docker:cli', 'docker:stable', 'docker:stable-dind', 'docker:dind-rootless', 'docker:git', 'docker:test', 'docker:edge', 'registry.example.com:5000/docker']) assert.ok(isUnversionedTag(parseImageRef(s)), s);
  for (const s of [`docker@${D}`, `docker:dind@${D}`, 'docker:$DOCKER_VERSION-dind', 'docker:${V}', 'docker:24.0.5-dind', 'docker:29-cli', '${PREFIX}/docker']) assert.ok(!isUnversionedTag(parseImageRef(s)), s);
});

test('dockerVersion and versionLess', () => {
  assert.deepEqual(dockerVersion(parseImageRef('docker:24.0.5-dind')), { major: 24, minor: 0, patch: 5 });
  assert.deepEqual(dockerVersion(parseImageRef('docker:19.03-dind')), { major: 19, minor: 3, patch: 0 });
  assert.deepEqual(dockerVersion(parseImageRef('docker:29-cli')), { major: 29, minor: 0, patch: 0 });
  assert.equal(dockerVersion(parseImageRef('docker:dind')), undefined);
  assert.equal(dockerVersion(parseImageRef('docker:$V-dind')), undefined);
  assert.equal(dockerVersion(parseImageRef(`docker@${D}`)), undefined);
  assert.ok(versionLess({ major: 19, minor: 3, patch: 13 }, 20, 10));
  assert.ok(versionLess({ major: 20, minor: 9, patch: 0 }, 20, 10));
  assert.ok(!versionLess({ major: 20, minor: 10, patch: 0 }, 20, 10));
  assert.ok(!versionLess({ major: 29, minor: 0, patch: 0 }, 25));
  assert.ok(versionLess({ major: 24, minor: 0, patch: 9 }, 25));
});

test('isDindImage: dind variants, bare versions from 22.06, CLI tags are not dind', () => {
  for (const s of ['docker', 'docker:latest', 'docker:dind', 'docker:24-dind', 'docker:24.0.5', 'docker:23', 'docker:22.06', 'docker:dind-rootless', 'registry.example.com/group/docker:20-dind', 'jpetazzo/dind']) assert.ok(isDindImage(parseImageRef(s)), s);
  for (const s of ['docker:cli', 'docker:24-cli', 'docker:stable', 'docker:20.10.16', 'docker:19.03', 'docker:22', 'docker:git', 'docker:$V']) assert.ok(!isDindImage(parseImageRef(s)), s);
});

test('helpers: variants, retag keeps registry and port, release tags', () => {
  assert.equal(dockerVariant(parseImageRef('docker:24-cli')), 'cli');
  assert.equal(dockerVariant(parseImageRef('docker:24.0.5')), 'plain');
  assert.equal(dockerVariant(parseImageRef('docker:dind-rootless')), 'dind-rootless');
  assert.equal(dockerVariant(parseImageRef('docker:git')), 'other');
  assert.equal(retag(parseImageRef(`registry.example.com:5000/mirror/docker:dind@${D}`), '29-dind'), 'registry.example.com:5000/mirror/docker:29-dind');
  assert.equal(releaseTag({ major: 20, minor: 10 }), '20.10');
  assert.equal(releaseTag({ major: 19, minor: 3 }), '19.03');
  assert.equal(releaseTag({ major: 29, minor: 7 }), '29');
  assert.ok(isMovingDindTag(parseImageRef('docker:dind')));
  assert.ok(!isMovingDindTag(parseImageRef(`docker:dind@${D}`)));
  assert.ok(!isMovingDindTag(parseImageRef('${P}/docker')));
});

test('helpers: kaniko families', () => {
  assert.equal(kanikoFamily(parseImageRef('gcr.io/kaniko-project/executor:latest')), 'upstream');
  assert.equal(kanikoFamily(parseImageRef('ghcr.io/osscontainertools/kaniko:debug')), 'oss');
  assert.equal(kanikoFamily(parseImageRef('martizih/kaniko')), 'martizih');
  assert.equal(kanikoFamily(parseImageRef('registry.gitlab.com/gitlab-ci-utils/container-images/kaniko:1')), undefined);
  assert.equal(kanikoFamily(parseImageRef('$KANIKO_IMAGE')), undefined);
  assert.ok(isArchivedKaniko(parseImageRef('gcr.io/kaniko-project/warmer:v1.23.2')));
  assert.ok(!isArchivedKaniko(parseImageRef('ghcr.io/osscontainertools/kaniko:debug')));
});

function pick(r: ReturnType<typeof parseImageRef>) { return { name: r.name, tag: r.tag, digest: r.digest, base: r.base, valid: r.valid }; }
