/**
 * The language server on hostile input: settings of any shape, a file opened from outside the workspace (its folder
 * is not listed), and a JSON-RPC frame without Content-Length (the server exits instead of sitting deaf).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

const server = join(__dirname, '..', 'dist', 'server.js');
const dir = mkdtempSync(join(tmpdir(), 'dd-lsp-rel-'));
const procs: ChildProcess[] = [];
after(() => { for (const p of procs) p.kill('SIGKILL'); rmSync(dir, { recursive: true, force: true }); });

const CI = 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  variables:\n    DOCKER_HOST: tcp://docker:2375\n  script: [docker info]\n';

interface Client { proc: ChildProcess; conn: MessageConnection; diags: Map<string, PublishDiagnosticsParams>; warnings: string[]; stderr: () => string; config: { value: unknown } }

async function start(root: string): Promise<Client> {
  const proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, DIND_DOCTOR_DEBOUNCE_MS: '10' } });
  procs.push(proc);
  let err = '';
  proc.stderr!.on('data', (d) => { err += d; });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const c: Client = { proc, conn, diags: new Map(), warnings: [], stderr: () => err, config: { value: null } };
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => { c.diags.set(p.uri, p); });
  conn.onNotification('window/showMessage', (p: { message: string }) => { c.warnings.push(p.message); });
  conn.onRequest('window/showMessageRequest', (p: { message: string }) => { c.warnings.push(p.message); return null; });
  conn.onNotification('window/logMessage', () => undefined);
  conn.onRequest('workspace/configuration', () => [c.config.value]);
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  const uri = pathToFileURL(root).href;
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: uri, capabilities: { workspace: { configuration: true } }, workspaceFolders: [{ uri, name: 'w' }] });
  await conn.sendNotification('initialized', {});
  return c;
}

async function until<T>(f: () => T | undefined, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function openAndWait(c: Client, file: string, text: string, version = 1) {
  const uri = pathToFileURL(file).href;
  c.diags.delete(uri);
  await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  return until(() => c.diags.get(uri));
}

test('settings with null, wrongly typed or absurd values: the server keeps analysing and says what is wrong', async () => {
  const root = join(dir, 's'); mkdirSync(root, { recursive: true });
  writeFileSync(join(root, '.gitlab-ci.yml'), CI);
  const c = await start(root);
  c.config.value = { ciFiles: null, runnerConfigFiles: null, rules: null, runner: null };
  await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  const first = await openAndWait(c, join(root, '.gitlab-ci.yml'), CI);
  assert.ok(first.diagnostics.some((d) => d.code === 'dind-tls-port-mismatch'), JSON.stringify(first.diagnostics));
  c.config.value = { ciFiles: 'ci/*.yml', rules: { 'dind-tls-port-mismatch': 'loud' }, enable: 'yes', runner: { executor: 42 } };
  await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  const msg = await until(() => c.warnings.find((w) => /dindDoctor\.ciFiles must be an array/.test(w)));
  assert.match(msg, /dindDoctor\.rules\."dind-tls-port-mismatch": severity must be one of/);
  assert.match(msg, /dindDoctor\.enable must be true or false/);
  c.config.value = 'not an object';
  await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await until(() => c.warnings.find((w) => /settings must be an object/.test(w)));
  mkdirSync(join(root, 'b'));
  const again = await openAndWait(c, join(root, 'b', '.gitlab-ci.yml'), CI);
  assert.ok(again.diagnostics.some((d) => d.code === 'dind-tls-port-mismatch'), 'still analysing with the defaults: ' + JSON.stringify(again.diagnostics));
  assert.equal(c.proc.exitCode, null, c.stderr());
});

test('a file opened from outside the workspace is analysed without listing its folder', async () => {
  const root = join(dir, 'ws'); mkdirSync(root, { recursive: true });
  const outside = join(dir, 'outside'); mkdirSync(join(outside, 'sub'), { recursive: true });
  // a runner config beside the file would be paired with it if the folder were listed
  writeFileSync(join(outside, 'sub', 'config.toml'), '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = false\n');
  const c = await start(root);
  const p = await openAndWait(c, join(outside, '.gitlab-ci.yml'), CI);
  assert.ok(p.diagnostics.some((d) => d.code === 'dind-tls-port-mismatch'));
  assert.ok(!p.diagnostics.some((d) => d.code === 'dind-requires-privileged'), 'the folder was listed: ' + JSON.stringify(p.diagnostics.map((d) => d.code)));
  // inside the workspace the same layout is paired
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(root, 'sub', 'config.toml'), '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = false\n');
  const q = await openAndWait(c, join(root, 'sub', '.gitlab-ci.yml'), CI);
  assert.ok(q.diagnostics.some((d) => d.code === 'dind-requires-privileged'), JSON.stringify(q.diagnostics.map((d) => d.code)));
});

test('a frame without Content-Length: the server exits with a message (the client restarts it) instead of going deaf', async () => {
  const root = join(dir, 'f'); mkdirSync(root, { recursive: true });
  const c = await start(root);
  const body = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didClose', params: { textDocument: { uri: 'file:///x' } } });
  c.proc.stdin!.write(`Content-Type: application/json\r\n\r\n${body}`);
  const code = await until(() => c.proc.exitCode ?? undefined);
  assert.equal(code, 1);
  assert.match(c.stderr(), /unreadable message from the client \(Header must provide a Content-Length property\.\); exiting/);
});
