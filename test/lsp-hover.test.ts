/**
 * Finding hovers over the protocol (the built server, dist/server.js): the hover on a finding's range adds why it
 * breaks, how to fix it, the quick fixes and the rule page, and never repeats the diagnostic's message (VS Code
 * shows that itself). Two servers: one as VS Code starts it (initializationOptions.extensionPath: the rule pages
 * come from there; here a copy whose page has a `<registry-host>` placeholder in its prose), one as another LSP
 * client starts it (no extensionPath: the pages next to dist/).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import MarkdownIt from 'markdown-it';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { DiagnosticsLog } from './lsp-diagnostics-log';
import { TLS_PORT_MISMATCH_CI } from './ci-fixtures';

const server = join(__dirname, '..', 'dist', 'server.js');
const repoDocs = join(__dirname, '..', 'docs', 'rules');
const CI = TLS_PORT_MISMATCH_CI;
const dirs: string[] = [];
const procs: ChildProcess[] = [];
after(() => { for (const p of procs) p.kill('SIGKILL'); for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const md = new MarkdownIt({ html: false });
const shown = (markdown: string) => md.render(markdown).replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** A server on a project holding CI, with the given initializationOptions; the diagnostic of dind-tls-port-mismatch. */
async function start(initializationOptions: object | undefined): Promise<{ conn: MessageConnection; uri: string; d: Diagnostic }> {
  const dir = mkdtempSync(join(tmpdir(), 'dd-hover-'));
  dirs.push(dir);
  writeFileSync(join(dir, '.gitlab-ci.yml'), CI);
  const proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, DIND_DOCTOR_DEBOUNCE_MS: '20' } });
  procs.push(proc);
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const log = new DiagnosticsLog();
  conn.onNotification('textDocument/publishDiagnostics', log.publish);
  conn.onRequest('workspace/configuration', () => [null]);
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  const root = pathToFileURL(dir).href;
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: root, capabilities: { workspace: { configuration: true } }, workspaceFolders: [{ uri: root, name: 'p' }], initializationOptions });
  await conn.sendNotification('initialized', {});
  const uri = pathToFileURL(join(dir, '.gitlab-ci.yml')).href;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: CI } });
  const d = await log.waitFor(() => log.diags.get(uri)?.at(-1)?.diagnostics.find((x) => x.code === 'dind-tls-port-mismatch'));
  return { conn, uri, d };
}

async function hoverOn(s: { conn: MessageConnection; uri: string; d: Diagnostic }): Promise<string> {
  const mid = { line: s.d.range.start.line, character: Math.floor((s.d.range.start.character + s.d.range.end.character) / 2) };
  const h = await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: s.uri }, position: mid }) as Hover;
  assert.equal((h.contents as MarkupContent).kind, 'markdown');
  return (h.contents as MarkupContent).value;
}

/** Neither the message's lines nor any sentence of it (of some length) is in the hover. */
function assertNoRepeat(value: string, message: string) {
  const text = shown(value);
  for (const line of message.split('\n')) assert.ok(!value.includes(line) && !text.includes(line), `the hover repeats the message line: ${line}`);
  for (const sentence of message.split(/(?<=[.!?])\s+/).filter((s) => s.length >= 30)) assert.ok(!text.includes(sentence), `the hover repeats: ${sentence}`);
}

test('hover on a finding (rule pages next to dist/): why, how to fix, quick fixes, rule page; not the message', async () => {
  const s = await start(undefined);
  const value = await hoverOn(s);
  const text = shown(value);
  assert.match(text, /Why it breaks: The dockerd-entrypoint\.sh of the official image chooses the listener from DOCKER_TLS_CERTDIR/);
  assert.match(text, /How to fix: Choose one mode and keep both sides consistent/);
  assert.match(text, /Quick fixes: ★ Use TLS: set DOCKER_HOST to port 2376/);
  const href = pathToFileURL(join(repoDocs, 'dind-tls-port-mismatch.md')).href;
  assert.ok(value.includes(`[Rule page: dind-tls-port-mismatch](${href})`), value);
  assert.equal(s.d.codeDescription?.href, href, 'the diagnostic links the same page');
  assert.match(s.d.message, /^DOCKER_HOST uses 2375 but dind listens on 2376 \(TLS on\): the client cannot connect\.\n/);
  assertNoRepeat(value, s.d.message);
});

test('hover on a finding (extensionPath from VS Code): its pages; a <registry-host> placeholder in them survives', async () => {
  const ext = mkdtempSync(join(tmpdir(), 'dd-ext-'));
  dirs.push(ext);
  mkdirSync(join(ext, 'docs', 'rules'), { recursive: true });
  const page = readFileSync(join(repoDocs, 'dind-tls-port-mismatch.md'), 'utf8')
    .replace('## How to fix\n', '## How to fix\nTrust the registry at /etc/docker/certs.d/<registry-host>/ca.crt, not_this *or* that.\n\n');
  writeFileSync(join(ext, 'docs', 'rules', 'dind-tls-port-mismatch.md'), page);
  const s = await start({ extensionPath: ext });
  const value = await hoverOn(s);
  const text = shown(value);
  assert.match(text, /How to fix: Trust the registry at \/etc\/docker\/certs\.d\/<registry-host>\/ca\.crt, not_this or that\./);
  assert.match(text, /Why it breaks: The dockerd-entrypoint\.sh/);
  assert.ok(value.includes(`(${pathToFileURL(join(ext, 'docs', 'rules', 'dind-tls-port-mismatch.md')).href})`), value);
  assertNoRepeat(value, s.d.message);
});
