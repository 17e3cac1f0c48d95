/**
 * The status bar's source: the `dindDoctor/runnerPairing` request of the built server (dist/server.js) over stdio,
 * and the `dindDoctor.runnerConfigs` setting the status bar's quick pick writes, honoured by the analysis.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticsLog } from './lsp-diagnostics-log';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import { RUNNER_PAIRING_REQUEST, type RunnerPairing } from '../common/runner-pairing';

const server = join(__dirname, '..', 'dist', 'server.js');
let proc: ChildProcess;
let conn: MessageConnection;
let dir: string;
let settings: Record<string, unknown> = {};
const log = new DiagnosticsLog();
const { diags, waitFor } = log;

const CI = 'build:\n  image: docker:29-cli\n  services:\n    - docker:29-dind\n  script:\n    - docker build -t app .\n';
const DOCKER = '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n    volumes = ["/certs/client", "/cache"]\n';
const K8S = '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = true\n';
const file = (...p: string[]) => join(dir, 'proj', ...p);
const uriOf = (p: string) => pathToFileURL(p).href;
/** Asks again until the answer satisfies `ok` (the server reloads settings asynchronously), then returns it. */
async function until<T>(ask: () => Promise<T>, ok: (v: T) => boolean, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await ask();
    if (ok(v)) return v;
    if (Date.now() > end) assert.fail(`no such answer in ${ms} ms; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const pairing = (p: string) => conn.sendRequest(RUNNER_PAIRING_REQUEST, { uri: uriOf(p) }) as Promise<RunnerPairing>;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dd-pairing-'));
  for (const d of ['app/runner', 'ops', 'lonely']) mkdirSync(file(d), { recursive: true });
  writeFileSync(file('app', '.gitlab-ci.yml'), CI);
  writeFileSync(file('app', 'runner', 'config.toml'), DOCKER);
  writeFileSync(file('ops', 'config.toml'), K8S);
  proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, DIND_DOCTOR_DEBOUNCE_MS: '20' } });
  conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.onNotification('textDocument/publishDiagnostics', log.publish);
  conn.onRequest('workspace/configuration', () => [settings]);
  conn.onRequest('client/registerCapability', () => null);
  conn.onNotification('window/logMessage', () => undefined);
  conn.onRequest('window/showMessageRequest', () => null);
  conn.onNotification('window/showMessage', () => undefined);
  conn.listen();
  const root = uriOf(join(dir, 'proj'));
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: root, capabilities: { workspace: { configuration: true } }, workspaceFolders: [{ uri: root, name: 'proj' }] });
  await conn.sendNotification('initialized', {});
});

after(() => { conn?.dispose(); proc?.kill('SIGKILL'); rmSync(dir, { recursive: true, force: true }); });

test('a CI file is paired with the runner configs of the nearest folder that has any', async () => {
  const p = await pairing(file('app', '.gitlab-ci.yml'));
  assert.deepEqual(p, {
    ci: true, source: 'nearest', executor: 'docker',
    configs: [{ uri: uriOf(file('app', 'runner', 'config.toml')), relativePath: 'app/runner/config.toml', helm: false, executor: 'docker' }],
  });
});

test('a runner config or another YAML file has no pairing; a CI file with no runner config in its folders says none', async () => {
  assert.equal((await pairing(file('ops', 'config.toml'))).ci, false);
  writeFileSync(file('lonely', 'values.yml'), 'a: 1\n');
  assert.equal((await pairing(file('lonely', 'values.yml'))).ci, false);
  // the workspace root holds runner configs below it, so a CI file at the root sees them all; one in its own
  // folder next to none is judged with no runner
  writeFileSync(file('lonely', 'build.gitlab-ci.yml'), CI);
  const root = await pairing(file('lonely', 'build.gitlab-ci.yml'));
  assert.equal(root.ci, true);
  assert.deepEqual(root.configs.map((c) => c.relativePath).sort(), ['app/runner/config.toml', 'ops/config.toml']);
  assert.equal(root.executor, 'mixed');
});

test('dindDoctor.runnerConfigs chooses the runner config: the pairing and the analysis follow it', async () => {
  const ci = file('app', '.gitlab-ci.yml');
  const uri = uriOf(ci);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: CI } });
  // the publication for the open document (version 1), not one from the start-up analysis of the closed file
  const first = await waitFor(() => diags.get(uri)?.find((d) => d.version === 1));
  assert.ok(!first.diagnostics.some((d) => d.code === 'k8s-dind-docker-host-unset'), JSON.stringify(first.diagnostics));
  const n = diags.get(uri)!.length;
  settings = { runnerConfigs: ['ops/config.toml'] };
  await conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  const second = await waitFor(() => (diags.get(uri)!.length > n ? diags.get(uri)!.at(-1) : undefined));
  assert.ok(second.diagnostics.some((d) => d.code === 'k8s-dind-docker-host-unset'), JSON.stringify(second.diagnostics.map((d) => d.code)));
  const p = await pairing(ci);
  assert.equal(p.source, 'setting');
  assert.equal(p.executor, 'kubernetes');
  assert.deepEqual(p.configs.map((c) => c.relativePath), ['ops/config.toml']);
  // a path that names no file of this folder is ignored: pairing by folder again
  settings = { runnerConfigs: ['nowhere/config.toml'] };
  await conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  const again = await until(() => pairing(ci), (x) => x.source === 'nearest');
  assert.deepEqual(again.configs.map((c) => c.relativePath), ['app/runner/config.toml']);
  settings = {};
});
