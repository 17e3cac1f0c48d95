/**
 * The GitLab-hosted runner profile: settings, `.dind-doctor.json` and CLI parsing; the engine uses the documented
 * facts (Docker executor, privileged) only for CI files no runner config serves and whose jobs run on hosted Linux
 * runners; nothing undocumented is assumed; the official templates stay free of errors with the profile on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace } from '../server/src/engine/workspace';
import { parseEditorSettings, parseProjectConfig } from '../server/src/engine/config-file';
import { parseCliArgs } from '../server/src/cli';
import { readSettings, workspaceOptions } from '../server/src/lsp/settings';
import type { AnalyzeOptions } from '../server/src/engine/types';
import { analyze, MemoryFs } from './harness';

const HOSTED: AnalyzeOptions = { runner: { profile: 'gitlab-hosted-linux' } };
const ids = (fs: { ruleId: string; severity: string }[]) => fs.map((f) => `${f.ruleId}:${f.severity}`).sort();

test('profile: .dind-doctor.json runner.profile and runner.mtu are read and checked', () => {
  assert.deepEqual(parseProjectConfig('{"runner":{"profile":"gitlab-hosted-linux","mtu":1400}}'), { config: { runner: { profile: 'gitlab-hosted-linux', mtu: 1400 } }, errors: [] });
  assert.deepEqual(parseProjectConfig('{"runner":{"profile":"","mtu":0}}').config, { runner: {} });
  const bad = parseProjectConfig('{"runner":{"profile":"gitlab-hosted-windows","mtu":"1400"}}');
  assert.deepEqual(bad.errors, [
    '"runner"."profile": unknown runner profile "gitlab-hosted-windows"; known: gitlab-hosted-linux',
    '"runner"."mtu": expected a whole number of bytes from 576 to 9216 (0: unknown), not "1400"',
  ]);
});

test('profile: editor settings dindDoctor.runner.profile / .mtu are checked', () => {
  assert.deepEqual(parseEditorSettings({ runner: { profile: 'gitlab-hosted-linux', mtu: 1400 } }).settings.runner, { executor: '', profile: 'gitlab-hosted-linux', mtu: 1400 });
  assert.deepEqual(parseEditorSettings({ runner: { profile: 'hosted', mtu: 70000 } }).errors, [
    'dindDoctor.runner.profile: unknown runner profile "hosted"; known: gitlab-hosted-linux; using none',
    'dindDoctor.runner.mtu: expected a whole number of bytes from 576 to 9216 (0: unknown), not number 70000; using unknown',
  ]);
});

test('profile: CLI --runner-profile and --runner-mtu', () => {
  const a = parseCliArgs(['--runner-profile', 'gitlab-hosted-linux', '--runner-mtu', '1400', '.']);
  assert.equal(a.runnerProfile, 'gitlab-hosted-linux');
  assert.equal(a.runnerMtu, 1400);
  assert.throws(() => parseCliArgs(['--runner-profile', 'saas']), /--runner-profile: unknown runner profile "saas"; known: gitlab-hosted-linux/);
  assert.throws(() => parseCliArgs(['--runner-mtu', 'big']), /--runner-mtu: expected a whole number of bytes from 576 to 9216 \(0: unknown\), not "big"/);
});

test('profile: editor settings over .dind-doctor.json', () => {
  const s = readSettings({ runner: { executor: '', profile: 'gitlab-hosted-linux', mtu: 0 } });
  assert.deepEqual(workspaceOptions('/w', s, { runner: { mtu: 1450 } }).analyze!.runner, { executor: undefined, profile: 'gitlab-hosted-linux', mtu: 1450 });
  assert.deepEqual(workspaceOptions('/w', readSettings({})).analyze!.runner, { executor: undefined });
});

const dind = (extra = '') => `build:\n  image: docker:29-cli\n${extra}  services:\n    - docker:29-dind\n  variables:\n    DOCKER_HOST: tcp://localhost:2375\n    DOCKER_TLS_CERTDIR: ""\n  script:\n    - docker build .\n`;

test('profile: untagged and saas-linux-* jobs are judged on the Docker executor', () => {
  const without = analyze({ '.gitlab-ci.yml': dind() }, '.gitlab-ci.yml').findings;
  const withProfile = analyze({ '.gitlab-ci.yml': dind() }, '.gitlab-ci.yml', HOSTED).findings;
  // localhost does not reach a service container on the Docker executor: certain only once the executor is known
  assert.ok(!without.some((f) => f.ruleId === 'docker-host-localhost-on-docker-executor' && f.severity === 'error'), ids(without).join(', '));
  assert.ok(withProfile.some((f) => f.ruleId === 'docker-host-localhost-on-docker-executor' && f.severity === 'error'), ids(withProfile).join(', '));
  const tagged = analyze({ '.gitlab-ci.yml': dind('  tags: [saas-linux-medium-amd64]\n') }, '.gitlab-ci.yml', HOSTED).findings;
  assert.ok(tagged.some((f) => f.ruleId === 'docker-host-localhost-on-docker-executor' && f.severity === 'error'));
});

test('profile: not applied when a job has another tag, or a runner config serves the file', () => {
  const own = analyze({ '.gitlab-ci.yml': dind('  tags: [my-k8s-runner]\n') }, '.gitlab-ci.yml', HOSTED).findings;
  assert.deepEqual(ids(own), ids(analyze({ '.gitlab-ci.yml': dind('  tags: [my-k8s-runner]\n') }, '.gitlab-ci.yml').findings));
  const gpu = analyze({ '.gitlab-ci.yml': dind('  tags: [saas-linux-medium-amd64-gpu-standard]\n') }, '.gitlab-ci.yml', HOSTED).findings;
  assert.ok(!gpu.some((f) => f.ruleId === 'docker-host-localhost-on-docker-executor' && f.severity === 'error'));
  const k8s = { '.gitlab-ci.yml': dind(), 'config.toml': '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = true\n' };
  assert.deepEqual(ids(analyze(k8s, '.gitlab-ci.yml', HOSTED).findings), ids(analyze(k8s, '.gitlab-ci.yml').findings));
});

test('profile: what GitLab does not document stays unknown (no certificate-volume error without a config.toml)', () => {
  const tls = 'build:\n  image: docker:29-cli\n  services:\n    - docker:29-dind\n  variables:\n    DOCKER_HOST: tcp://docker:2376\n    DOCKER_TLS_CERTDIR: "/certs"\n  script:\n    - docker info\n';
  const f = analyze({ '.gitlab-ci.yml': tls }, '.gitlab-ci.yml', HOSTED).findings;
  assert.deepEqual(f.filter((x) => /certs|privileged/.test(x.ruleId)).map((x) => x.ruleId), []);
  // nothing is reported in, or points at, the profile's runner (it is not a file)
  assert.ok(f.every((x) => !x.file.includes('dind-doctor-profile') && !(x.related ?? []).some((r) => r.file.includes('dind-doctor-profile'))));
  assert.ok(f.every((x) => (x.fixes ?? []).every((fx) => fx.edits.every((e) => !e.file.includes('dind-doctor-profile')))));
});

test('profile: dind-mtu-not-set speaks of hosted runners for untagged jobs', () => {
  const f = analyze({ '.gitlab-ci.yml': dind() }, '.gitlab-ci.yml', HOSTED).findings.filter((x) => x.ruleId === 'dind-mtu-not-set');
  assert.deepEqual(f.map((x) => x.severity), ['warning']);
});

test('profile: runner.mtu setting feeds dind-mtu-above-network', () => {
  const ci = 'build:\n  image: docker:29-cli\n  services:\n    - name: docker:29-dind\n      command: ["--mtu=1500"]\n  script:\n    - docker info\n';
  assert.deepEqual(analyze({ '.gitlab-ci.yml': ci }, '.gitlab-ci.yml').findings.filter((x) => x.ruleId === 'dind-mtu-above-network'), []);
  const f = analyze({ '.gitlab-ci.yml': ci }, '.gitlab-ci.yml', { runner: { mtu: 1450 } }).findings.filter((x) => x.ruleId === 'dind-mtu-above-network');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /the settings say the outer network's MTU is 1450/);
});

const corpus = process.env.DIND_DOCTOR_CORPUS ?? join(__dirname, '..', '..', 'shared', 'corpus');
test('profile: official templates and docs examples give no error with the hosted profile on', () => {
  for (const folder of ['gitlab-templates', 'docs-examples']) {
    const dir = join(corpus, folder);
    assert.ok(existsSync(dir), `corpus folder ${dir}`);
    for (const name of readdirSync(dir).sort()) {
      if (folder === 'docs-examples' && !/\.ya?ml$/.test(name)) continue;
      const fs = new MemoryFs({ [name]: readFileSync(join(dir, name), 'utf8') });
      const ws = new Workspace(fs, { roots: ['/w'], ciFiles: ['**/*.yml', '**/*.yaml'], analyze: HOSTED });
      const errors = ws.analyze(`/w/${name}`).filter((f) => f.severity === 'error' && folder === 'gitlab-templates');
      assert.deepEqual(errors.map((f) => `${name}:${f.range.start.line + 1} ${f.ruleId}: ${f.message}`), []);
    }
  }
});
