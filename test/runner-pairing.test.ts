/** The status bar's client logic (common/runner-pairing.ts) and the dindDoctor.runnerConfigs setting. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pairingLabel, runnerConfigChoices, type RunnerPairing } from '../common/runner-pairing';
import { parseEditorSettings } from '../server/src/engine/config-file';
import { workspaceOptions } from '../server/src/lsp/settings';
import { Workspace } from '../server/src/engine/workspace';
import { MemoryFs, ROOT } from './harness';

const cfg = (relativePath: string, executor?: string) => ({ uri: `file:///w/${relativePath}`, relativePath, helm: relativePath.endsWith('.yaml'), ...(executor ? { executor } : {}) });

test('status bar text: the runner config by name with its executor; several; profile; assumed executor; none', () => {
  const one: RunnerPairing = { ci: true, source: 'nearest', configs: [cfg('runner/config.toml', 'docker')], executor: 'docker' };
  assert.equal(pairingLabel(one).text, '$(server-process) config.toml (docker)');
  assert.match(pairingLabel(one).tooltip, /against runner\/config\.toml \(docker\) — the nearest runner configs to this file\. Click to choose/);
  const chosen = pairingLabel({ ...one, source: 'setting' });
  assert.match(chosen.tooltip, /chosen in dindDoctor\.runnerConfigs/);
  assert.equal(pairingLabel({ ci: true, source: 'nearest', configs: [cfg('a/config.toml', 'docker'), cfg('b/values.yaml', 'kubernetes')], executor: 'mixed' }).text, '$(server-process) 2 runner configs');
  assert.equal(pairingLabel({ ci: true, source: 'profile', configs: [], executor: 'docker', profile: 'gitlab-hosted-linux' }).text, '$(cloud) GitLab-hosted runners');
  const assumed = pairingLabel({ ci: true, source: 'executor', configs: [], executor: 'kubernetes' });
  assert.equal(assumed.text, '$(server-process) no runner config (kubernetes)');
  assert.match(assumed.tooltip, /assumes the kubernetes executor \(dindDoctor\.runner\.executor\)/);
  const none = pairingLabel({ ci: true, source: 'none', configs: [], executor: 'unknown' });
  assert.equal(none.text, '$(server-process) no runner config');
  assert.match(none.tooltip, /rules that depend on the runner say less/);
});

test('quick pick: automatic first, then every runner config; the current choice is marked and the setting value is right', () => {
  const found = [{ relativePath: 'deploy/values.yaml', helm: true, executor: 'kubernetes' }, { relativePath: 'runner/config.toml', helm: false, executor: 'docker' }, { relativePath: 'x/config.toml', helm: false }];
  const auto = runnerConfigChoices(found, undefined);
  assert.deepEqual(auto.map((c) => [c.label, c.description, c.setting, c.current]), [
    ['$(sync) Nearest runner configs (automatic)', 'current', undefined, true],
    ['$(server-process) deploy/values.yaml', 'Helm values · kubernetes executor', ['deploy/values.yaml'], false],
    ['$(server-process) runner/config.toml', 'config.toml · docker executor', ['runner/config.toml'], false],
    ['$(server-process) x/config.toml', 'config.toml', ['x/config.toml'], false],
  ]);
  const chosen = runnerConfigChoices(found, ['./runner/config.toml']);
  assert.deepEqual(chosen.map((c) => c.current), [false, false, true, false]);
  assert.equal(chosen[2].description, 'config.toml · docker executor · current');
  assert.equal(chosen[0].description, undefined);
  assert.deepEqual(runnerConfigChoices(found, []).map((c) => c.current), [true, false, false, false]);
});

test('dindDoctor.runnerConfigs: read, resolved against the folder, and it replaces the pairing by folder', () => {
  const s = parseEditorSettings({ runnerConfigs: ['ops/config.toml', 3, ''] });
  assert.deepEqual(s.settings.runnerConfigs, ['ops/config.toml']);
  assert.deepEqual(s.errors, ['dindDoctor.runnerConfigs: entries that are not paths are ignored']);
  assert.equal(parseEditorSettings({ runnerConfigs: 'ops/config.toml' }).errors.length, 1);
  assert.equal(parseEditorSettings({}).settings.runnerConfigs, undefined);
  const o = workspaceOptions(ROOT, s.settings);
  assert.deepEqual(o.runnerConfigs, [`${ROOT}/ops/config.toml`]);
  assert.equal('runnerConfigs' in workspaceOptions(ROOT, parseEditorSettings({}).settings), false);
  const files = {
    [`${ROOT}/app/.gitlab-ci.yml`]: 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  script: [docker info]\n',
    [`${ROOT}/app/config.toml`]: '[[runners]]\n  executor = "docker"\n',
    [`${ROOT}/ops/config.toml`]: '[[runners]]\n  executor = "kubernetes"\n',
  };
  const fs = new MemoryFs();
  for (const [k, v] of Object.entries(files)) fs.files.set(k, v);
  const byFolder = new Workspace(fs, { roots: [ROOT] }).runnerPairing(`${ROOT}/app/.gitlab-ci.yml`)!;
  assert.deepEqual([byFolder.configs, byFolder.fromOptions, byFolder.executor], [[`${ROOT}/app/config.toml`], false, 'docker']);
  const chosen = new Workspace(fs, o).runnerPairing(`${ROOT}/app/.gitlab-ci.yml`)!;
  assert.deepEqual([chosen.configs, chosen.fromOptions, chosen.executor], [[`${ROOT}/ops/config.toml`], true, 'kubernetes']);
  assert.equal(new Workspace(fs, { roots: [ROOT] }).runnerPairing(`${ROOT}/ops/config.toml`), undefined);
});
