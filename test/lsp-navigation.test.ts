/**
 * LSP protocol tests of navigation, outline and "Show effective configuration": the built server (dist/server.js)
 * over stdio, a project on disk with a local include; each request answered from files that are not even open
 * (the engine reads them), and the cases that must give nothing.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeLens, DocumentLink, DocumentSymbol, Location, SymbolInformation } from 'vscode-languageserver-protocol';
import { EFFECTIVE_CONFIG_REQUEST, SHOW_EFFECTIVE_CONFIG_COMMAND, type EffectiveConfigResult } from '../common/effective-config';

const server = join(__dirname, '..', 'dist', 'server.js');
let proc: ChildProcess;
let conn: MessageConnection;
let dir: string;
let caps: Record<string, unknown>;
let lensSetting: unknown = null;

const CI = `include:
  - local: ci/base.yml
build:
  extends: .docker
  script:
    - docker build -t app .
`;
const BASE = `.docker:
  image: docker:29-cli
`;
const uri = (rel: string) => pathToFileURL(join(dir, 'proj', rel)).href;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dd-lsp-nav-'));
  mkdirSync(join(dir, 'proj', 'ci'), { recursive: true });
  writeFileSync(join(dir, 'proj', '.gitlab-ci.yml'), CI);
  writeFileSync(join(dir, 'proj', 'ci', 'base.yml'), BASE);
  proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, DIND_DOCTOR_DEBOUNCE_MS: '20' } });
  conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.onNotification('textDocument/publishDiagnostics', () => undefined);
  conn.onRequest('workspace/configuration', () => [lensSetting === null ? null : { codeLens: { effectiveConfig: lensSetting } }]);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/codeLens/refresh', () => null);
  conn.listen();
  const root = pathToFileURL(join(dir, 'proj')).href;
  const init = await conn.sendRequest('initialize', { processId: process.pid, rootUri: root, capabilities: { workspace: { configuration: true, codeLens: { refreshSupport: true } } }, workspaceFolders: [{ uri: root, name: 'proj' }] }) as { capabilities: Record<string, unknown> };
  caps = init.capabilities;
  await conn.sendNotification('initialized', {});
});

after(() => { conn?.dispose(); proc?.kill('SIGKILL'); rmSync(dir, { recursive: true, force: true }); });

test('capabilities: definition, references, links, document and workspace symbols, code lenses', () => {
  for (const k of ['definitionProvider', 'referencesProvider', 'documentLinkProvider', 'documentSymbolProvider', 'workspaceSymbolProvider', 'codeLensProvider']) assert.ok(caps[k], k);
});

test('textDocument/definition and references: extends → the template in the included file, and back', async () => {
  const defs = await conn.sendRequest('textDocument/definition', { textDocument: { uri: uri('.gitlab-ci.yml') }, position: { line: 3, character: 13 } }) as Location[];
  assert.deepEqual(defs, [{ uri: uri('ci/base.yml'), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 7 } } }]);
  const refs = await conn.sendRequest('textDocument/references', { textDocument: { uri: uri('ci/base.yml') }, position: { line: 0, character: 2 }, context: { includeDeclaration: false } }) as Location[];
  assert.deepEqual(refs, [{ uri: uri('.gitlab-ci.yml'), range: { start: { line: 3, character: 11 }, end: { line: 3, character: 18 } } }]);
  const none = await conn.sendRequest('textDocument/definition', { textDocument: { uri: uri('.gitlab-ci.yml') }, position: { line: 5, character: 8 } }) as Location[];
  assert.deepEqual(none, [], 'a script line names no job');
});

test('textDocument/documentLink, documentSymbol and workspace/symbol', async () => {
  const links = await conn.sendRequest('textDocument/documentLink', { textDocument: { uri: uri('.gitlab-ci.yml') } }) as DocumentLink[];
  assert.deepEqual(links.map((l) => [l.target, l.range.start.line, l.range.start.character]), [[uri('ci/base.yml'), 1, 11]]);
  const syms = await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uri('.gitlab-ci.yml') } }) as DocumentSymbol[];
  assert.deepEqual(syms.map((s) => s.name), ['include', 'build']);
  const ws = await conn.sendRequest('workspace/symbol', { query: 'dock' }) as SymbolInformation[];
  assert.deepEqual(ws.map((s) => [s.name, s.location.uri]), [['.docker', uri('ci/base.yml')]]);
  const other = await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'untitled:Untitled-1' } }) as DocumentSymbol[];
  assert.deepEqual(other, [], 'not a file on disk');
});

test('dindDoctor/effectiveConfig: the job at a position, then its text with origins; code lenses; the setting turns them off', async () => {
  const at = await conn.sendRequest(EFFECTIVE_CONFIG_REQUEST, { uri: uri('.gitlab-ci.yml'), position: { line: 4, character: 4 } }) as EffectiveConfigResult;
  assert.deepEqual(at, { jobs: ['build'], job: 'build' });
  const r = await conn.sendRequest(EFFECTIVE_CONFIG_REQUEST, { uri: uri('.gitlab-ci.yml'), job: 'build', render: true }) as EffectiveConfigResult;
  assert.match(r.text!, /^ {2}image: docker:29-cli {2}# from ci\/base\.yml:2 \(extends \.docker\)$/m);
  assert.deepEqual(parse(r.text!), { build: { image: 'docker:29-cli', script: ['docker build -t app .'] } });
  const bad = await conn.sendRequest(EFFECTIVE_CONFIG_REQUEST, { uri: 'untitled:x', render: true }) as EffectiveConfigResult;
  assert.match(bad.problem!, /on disk/);
  const lenses = await conn.sendRequest('textDocument/codeLens', { textDocument: { uri: uri('.gitlab-ci.yml') } }) as CodeLens[];
  assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.command, l.command?.arguments]), [[2, SHOW_EFFECTIVE_CONFIG_COMMAND, [uri('.gitlab-ci.yml'), 'build']]]);
  lensSetting = false;
  await conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  let after: CodeLens[] = lenses;
  for (let i = 0; i < 100 && after.length; i++) {
    after = await conn.sendRequest('textDocument/codeLens', { textDocument: { uri: uri('.gitlab-ci.yml') } }) as CodeLens[];
    if (after.length) await new Promise((res) => setTimeout(res, 20));
  }
  assert.deepEqual(after, [], 'dindDoctor.codeLens.effectiveConfig: false');
});
