/**
 * LSP protocol tests: the built server (dist/server.js) over stdio, driven by vscode-languageserver-protocol.
 * Open a document, wait for its diagnostics, ask for code actions, apply the preferred fix, see the finding go.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticsLog } from './lsp-diagnostics-log';
import { TLS_PORT_MISMATCH_CI } from './ci-fixtures';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams, Hover } from 'vscode-languageserver-protocol';
import { snippetSources } from '../common/strategies';

const server = join(__dirname, '..', 'dist', 'server.js');
let proc: ChildProcess;
let conn: MessageConnection;
let dir: string;
let serverInfo: { name: string; version?: string } | undefined;
const log = new DiagnosticsLog();
const { diags, waitFor } = log;
function latest(uri: string, minVersion = 0): PublishDiagnosticsParams | undefined {
  const l = diags.get(uri)?.at(-1);
  return l && (l.version ?? 0) >= minVersion ? l : undefined;
}

const CI = TLS_PORT_MISMATCH_CI;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dd-lsp-'));
  mkdirSync(join(dir, 'proj'));
  writeFileSync(join(dir, 'proj', '.gitlab-ci.yml'), CI);
  proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, DIND_DOCTOR_DEBOUNCE_MS: '20' } });
  conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.onNotification('textDocument/publishDiagnostics', log.publish);
  conn.onRequest('workspace/configuration', () => [null]);
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  const root = pathToFileURL(join(dir, 'proj')).href;
  const init = await conn.sendRequest('initialize', { processId: process.pid, rootUri: root, capabilities: { workspace: { configuration: true } }, workspaceFolders: [{ uri: root, name: 'proj' }] }) as { capabilities: Record<string, unknown>; serverInfo?: { name: string; version?: string } };
  assert.ok(init.capabilities.codeActionProvider);
  serverInfo = init.serverInfo;
  await conn.sendNotification('initialized', {});
});

after(() => { conn?.dispose(); proc?.kill('SIGKILL'); rmSync(dir, { recursive: true, force: true }); });

test('serverInfo names the version from package.json', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  assert.deepEqual(serverInfo, { name: 'dind-doctor', version: pkg.version });
});

test('open → diagnostics with code, source and exact range', async () => {
  const uri = pathToFileURL(join(dir, 'proj', '.gitlab-ci.yml')).href;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: CI } });
  const p = await waitFor(() => latest(uri, 1));
  const d = p.diagnostics.find((x: Diagnostic) => x.code === 'dind-tls-port-mismatch');
  assert.ok(d, JSON.stringify(p.diagnostics));
  assert.equal(d.source, 'dind-doctor');
  assert.equal(d.severity, 1);
  assert.deepEqual(d.range, { start: { line: 5, character: 17 }, end: { line: 5, character: 34 } });
});

test('code actions: preferred fix applied, finding gone; disable and docs actions offered', async () => {
  const uri = pathToFileURL(join(dir, 'proj', '.gitlab-ci.yml')).href;
  const d = latest(uri, 1)!.diagnostics.find((x) => x.code === 'dind-tls-port-mismatch')!;
  const actions = await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } }) as CodeAction[];
  const titles = actions.map((a) => a.title);
  assert.ok(titles.includes('Disable dind-tls-port-mismatch for this line'), titles.join(' | '));
  assert.ok(titles.includes('Show documentation for dind-tls-port-mismatch'));
  const preferred = actions.find((a) => a.isPreferred)!;
  assert.equal(preferred.title, 'Use TLS: set DOCKER_HOST to port 2376, with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH');
  const edits = preferred.edit!.changes![uri];
  const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, CI), edits);
  assert.match(fixed, /DOCKER_HOST: tcp:\/\/docker:2376/);
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
  const p = await waitFor(() => latest(uri, 2));
  assert.ok(!p.diagnostics.some((x) => x.code === 'dind-tls-port-mismatch'), JSON.stringify(p.diagnostics));
});

test('incremental change re-analyses and brings the finding back', async () => {
  const uri = pathToFileURL(join(dir, 'proj', '.gitlab-ci.yml')).href;
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 5, character: 33 }, end: { line: 5, character: 34 } }, text: '5' }] });
  const p = await waitFor(() => latest(uri, 3));
  assert.ok(p.diagnostics.some((x) => x.code === 'dind-tls-port-mismatch'));
});

test('hover on DOCKER_TLS_CERTDIR explains it; hover on a finding shows why, its fixes and its page', async () => {
  const uri = pathToFileURL(join(dir, 'proj', '.gitlab-ci.yml')).href;
  const h = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 6 } }) as Hover;
  const text = JSON.stringify(h.contents);
  assert.match(text, /DOCKER_HOST/);
  const h2 = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 25 } }) as Hover;
  assert.match(JSON.stringify(h2.contents), /Why it breaks:.*Quick fixes:\*\* ★ Use TLS.*Rule page: dind-tls-port-mismatch/s);
});

test('a broken YAML file gets a syntax diagnostic, not a crash', async () => {
  const uri = pathToFileURL(join(dir, 'proj', 'broken.gitlab-ci.yml')).href;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: 'build:\n  script: [a\n  - b: c: d\n' } });
  const p = await waitFor(() => latest(uri, 1));
  assert.ok(p.diagnostics.some((x) => x.code === 'yaml-syntax-error'), JSON.stringify(p.diagnostics));
});

test('cross-file: editing the runner config on disk (not open) re-analyses the open CI file', async () => {
  const ciPath = join(dir, 'proj', 'x', '.gitlab-ci.yml');
  mkdirSync(join(dir, 'proj', 'x'));
  const ci = 'build:\n  image: docker:29-cli\n  services:\n    - docker:29-dind\n  variables:\n    DOCKER_HOST: tcp://docker:2376\n    DOCKER_TLS_CERTDIR: "/certs"\n  script:\n    - docker build -t app .\n';
  writeFileSync(ciPath, ci);
  const toml = (priv: boolean) => `[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = ${priv}\n    volumes = ["/certs/client", "/cache"]\n`;
  const tomlPath = join(dir, 'proj', 'x', 'config.toml');
  writeFileSync(tomlPath, toml(true));
  const uri = pathToFileURL(ciPath).href;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: ci } });
  const first = await waitFor(() => latest(uri, 1));
  assert.ok(!first.diagnostics.some((d) => d.code === 'dind-requires-privileged'), JSON.stringify(first.diagnostics));
  const n = diags.get(uri)!.length;
  writeFileSync(tomlPath, toml(false));
  await conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(tomlPath).href, type: 2 }] });
  const second = await waitFor(() => (diags.get(uri)!.length > n ? diags.get(uri)!.at(-1) : undefined));
  const d = second.diagnostics.find((x) => x.code === 'dind-requires-privileged');
  assert.ok(d, JSON.stringify(second.diagnostics));
  assert.equal(d.relatedInformation?.[0].location.uri, pathToFileURL(tomlPath).href);
  const m = diags.get(uri)!.length;
  writeFileSync(tomlPath, toml(true));
  await conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(tomlPath).href, type: 2 }] });
  const third = await waitFor(() => (diags.get(uri)!.length > m ? diags.get(uri)!.at(-1) : undefined));
  assert.ok(!third.diagnostics.some((x) => x.code === 'dind-requires-privileged'));
});

test('source.fixAll.dindDoctor: the safe fixes of the file as one edit (editor.codeActionsOnSave)', async () => {
  const path = join(dir, 'proj', 'fixall', '.gitlab-ci.yml');
  mkdirSync(join(dir, 'proj', 'fixall'));
  writeFileSync(path, CI);
  const uri = pathToFileURL(path).href;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: CI } });
  await waitFor(() => latest(uri, 1));
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const actions = await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll'] } }) as CodeAction[];
  assert.deepEqual(actions.map((a) => a.kind), ['source.fixAll.dindDoctor']);
  assert.match(actions[0].title, /^Fix all safe dind-doctor problems/);
  const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, CI), actions[0].edit!.changes![uri]);
  assert.match(fixed, /DOCKER_HOST: tcp:\/\/docker:2376/);
  assert.ok(!/--mtu/.test(fixed), 'suggestions (a dind command) are not applied');
  const none = await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } }) as CodeAction[];
  assert.ok(!none.some((a) => a.kind === 'source.fixAll.dindDoctor'), 'not offered unless asked for');
});

test('completion: job snippets in a CI file with a free job name; runner snippets in config.toml; Helm one in a new values file', async () => {
  const ciText = 'build-image:\n  script: [echo]\n\nkan';
  const ciPath = join(dir, 'proj', 'snip', '.gitlab-ci.yml');
  mkdirSync(join(dir, 'proj', 'snip'));
  const files: [string, string, string][] = [[ciPath, 'yaml', ciText], [join(dir, 'proj', 'snip', 'config.toml'), 'toml', 'concurrent = 2\n\n'], [join(dir, 'proj', 'snip', 'values.yaml'), 'yaml', '']];
  const got: Record<string, { label: string; textEdit?: { newText: string } }[]> = {};
  for (const [path, languageId, text] of files) {
    writeFileSync(path, text);
    const uri = pathToFileURL(path).href;
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    const lines = text.split('\n');
    const r = await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: lines.length - 1, character: lines.at(-1)!.length } }) as { label: string }[];
    got[path.split('/').pop()!] = r.filter((i) => snippetSources().some((s) => s.prefix === i.label));
  }
  const names = (k: string) => got[k].map((i) => i.label).sort();
  assert.deepEqual(names('.gitlab-ci.yml'), snippetSources().filter((s) => s.kind === 'job').map((s) => s.prefix).sort());
  assert.match(got['.gitlab-ci.yml'].find((i) => i.label === 'kaniko')!.textEdit!.newText, /^\$\{1:build-image-2\}:/);
  assert.deepEqual(names('config.toml'), snippetSources().filter((s) => s.kind === 'runner').map((s) => s.prefix).sort());
  assert.deepEqual(names('values.yaml'), ['helm-runners-config-dind']);
});
