/**
 * The language server's runner-settings command (server/src/lsp/runner-settings.ts), tested without a server
 * process: which runner configs it reports with their executor, and the WorkspaceEdit it returns for the picker.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TextDocumentEdit } from 'vscode-languageserver';
import { RUNNER_SETTINGS_COMMAND } from '../common/runner-settings';
import { generateJob, runnerNeeds } from '../common/strategies';
import { planRunnerEdits } from '../server/src/edits/runner-needs';
import { applyEdits, toOffsetEdits } from '../server/src/engine/fixer';
import { Workspace } from '../server/src/engine/workspace';
import { runnerSettings, type RunnerSettingsEnv } from '../server/src/lsp/runner-settings';
import { MemoryFs, ROOT } from './harness';

const DOCKER_TOML = `[[runners]]
  name = "shared"
  url = "https://gitlab.example.com/"
  token = "glrt-abc"
  executor = "docker"
  [runners.docker]
    image = "alpine:3.20"
    privileged = false
    volumes = ["/cache"]
`;
const HELM = `gitlabUrl: https://gitlab.example.com/
runners:
  config: |
    [[runners]]
      [runners.kubernetes]
        namespace = "{{.Release.Namespace}}"
`;

function env(files: Record<string, string>): RunnerSettingsEnv {
  const fs = new MemoryFs(Object.fromEntries(Object.entries(files).map(([p, t]) => [`${ROOT}/${p}`, t])));
  return { workspaces: [{ root: ROOT, ws: new Workspace(fs, { roots: [ROOT] }) }], readFile: (p) => fs.readFile(p), uriOf: (p) => `file://${p}` };
}

const FILES = { '.gitlab-ci.yml': generateJob('dind-tls', 'docker'), 'deploy/values.yaml': HELM, 'runner/config.toml': DOCKER_TOML, 'notes.toml': 'title = "x"\n' };

test('the command id is the one the client calls', () => {
  assert.equal(RUNNER_SETTINGS_COMMAND, 'dindDoctor.server.runnerSettings');
});

test('without a strategy: the runner configs, shallowest first, with their executor and no edits', () => {
  const { files } = runnerSettings({}, env(FILES));
  assert.deepEqual(files.map((f) => [f.relativePath, f.executor, f.helm, f.edit === undefined]), [
    ['deploy/values.yaml', 'kubernetes', true, true],
    ['runner/config.toml', 'docker', false, true],
  ]);
});

test('with a strategy: a WorkspaceEdit whose every change is labelled and needs confirmation, equal to the plan', () => {
  const { files } = runnerSettings({ strategy: 'dind-tls', executor: 'docker' }, env(FILES));
  const f = files.find((x) => x.relativePath === 'runner/config.toml')!;
  assert.equal(f.runner, 'shared');
  assert.equal(f.problem, undefined);
  const change = f.edit!.documentChanges![0] as TextDocumentEdit;
  assert.equal(change.textDocument.uri, `file://${ROOT}/runner/config.toml`);
  const notes = change.edits.map((e) => f.edit!.changeAnnotations![(e as { annotationId: string }).annotationId]);
  assert.ok(notes.length > 0 && notes.every((n) => n.needsConfirmation === true && n.description === 'runner/config.toml'));
  assert.deepEqual(notes.map((n) => n.label), f.labels);
  const plan = planRunnerEdits(`${ROOT}/runner/config.toml`, DOCKER_TOML, 'docker', runnerNeeds('dind-tls', 'docker'));
  assert.equal(applyEdits(DOCKER_TOML, toOffsetEdits(DOCKER_TOML, change.edits)), applyEdits(DOCKER_TOML, plan.edits.map((e) => e.edit)));
  // the Helm values have no docker runner: reported, not planned
  assert.equal(files.find((x) => x.helm)!.edit, undefined);
});

test('a config that already has the settings gets an empty edit; bad arguments are read as none', () => {
  const plan = planRunnerEdits(`${ROOT}/runner/config.toml`, DOCKER_TOML, 'docker', runnerNeeds('dind-tls', 'docker'));
  const done = applyEdits(DOCKER_TOML, plan.edits.map((e) => e.edit));
  const { files } = runnerSettings({ strategy: 'dind-tls', executor: 'docker' }, env({ ...FILES, 'runner/config.toml': done }));
  const f = files.find((x) => x.relativePath === 'runner/config.toml')!;
  assert.deepEqual(f.labels, []);
  assert.deepEqual(f.edit!.documentChanges, []);
  assert.deepEqual(runnerSettings({ strategy: 'nope', executor: 42 }, env(FILES)).files.map((x) => x.edit), [undefined, undefined]);
  assert.equal(runnerSettings(undefined, env(FILES)).files.length, 2);
});

test('a runner config that does not parse is listed without an executor and gets no edits', () => {
  const { files } = runnerSettings({ strategy: 'dind-tls', executor: 'docker' }, env({ ...FILES, 'runner/config.toml': DOCKER_TOML + '[runners.docker\n' }));
  const f = files.find((x) => x.relativePath === 'runner/config.toml')!;
  assert.equal(f.executor, undefined);
  assert.equal(f.edit, undefined);
});
