/**
 * The whole workspace in the language server: diagnostics for closed CI files at start-up and on the command
 * "dind-doctor: Analyse workspace", the setting that limits it, a progress indicator, diagnostics cleared when a
 * file is deleted, and the output-channel log (files analysed, runner configs paired with CI files, time taken).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

const server = join(__dirname, '..', 'dist', 'server.js');
const dir = mkdtempSync(join(tmpdir(), 'dd-lsp-ws-'));
const procs: ChildProcess[] = [];
after(() => { for (const p of procs) p.kill('SIGKILL'); rmSync(dir, { recursive: true, force: true }); });

/** Port 2375 with TLS on by default: dind-tls-port-mismatch at line 5 (0-based 4). */
const CI = 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  variables:\n    DOCKER_HOST: tcp://docker:2375\n  script: [docker info]\n';
const CLEAN = 'test:\n  image: alpine:3.20\n  script: [echo ok]\n';
const RUNNER = '[[runners]]\n  name = "r"\n  url = "https://gitlab.example.com"\n  executor = "docker"\n  [runners.docker]\n    image = "alpine:3.20"\n    privileged = true\n';

interface Client {
  conn: MessageConnection; proc: ChildProcess; diags: Map<string, PublishDiagnosticsParams>; logs: { type: number; message: string }[];
  messages: string[]; progress: { token: unknown; value: { kind: string; message?: string; percentage?: number } }[]; created: unknown[];
}

async function start(root: string, config: Record<string, unknown>, progress = false): Promise<Client> {
  const proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, DIND_DOCTOR_DEBOUNCE_MS: '10' } });
  procs.push(proc);
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const c: Client = { conn, proc, diags: new Map(), logs: [], messages: [], progress: [], created: [] };
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => { c.diags.set(p.uri, p); });
  conn.onNotification('window/logMessage', (p: { type: number; message: string }) => { c.logs.push(p); });
  conn.onNotification('window/showMessage', (p: { message: string }) => { c.messages.push(p.message); });
  conn.onRequest('window/showMessageRequest', (p: { message: string }) => { c.messages.push(p.message); return null; });
  conn.onRequest('window/workDoneProgress/create', (p: { token: unknown }) => { c.created.push(p.token); return null; });
  conn.onNotification('$/progress', (p: Client['progress'][number]) => { c.progress.push(p); });
  conn.onRequest('workspace/configuration', () => [config]);
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  const uri = pathToFileURL(root).href;
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: uri, capabilities: { workspace: { configuration: true }, window: { workDoneProgress: progress } }, workspaceFolders: [{ uri, name: 'w' }] });
  await conn.sendNotification('initialized', {});
  return c;
}

async function until<T>(f: () => T | undefined | false, ms = 15000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const uriOf = (p: string) => pathToFileURL(p).href;

function workspace(name: string): string {
  const root = join(dir, name);
  for (const [f, t] of [['.gitlab-ci.yml', CI], ['svc/.gitlab-ci.yml', CI], ['svc/runner/config.toml', RUNNER], ['docs/clean.gitlab-ci.yml', CLEAN]]) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), t);
  }
  return root;
}

test('at start-up every CI file of the workspace gets diagnostics without being opened; the log names files, pairings and time', async () => {
  const root = workspace('startup');
  const c = await start(root, {});
  const d = await until(() => c.diags.get(uriOf(join(root, 'svc/.gitlab-ci.yml'))));
  assert.deepEqual(d.diagnostics.map((x) => [x.code, x.range.start.line]), [['dind-tls-port-mismatch', 4]]);
  const top = await until(() => c.diags.get(uriOf(join(root, '.gitlab-ci.yml'))));
  assert.deepEqual(top.diagnostics.map((x) => x.code), ['dind-tls-port-mismatch']);
  const done = await until(() => c.logs.find((l) => /^Workspace analysed:/.test(l.message)));
  assert.match(done.message, /^Workspace analysed: 4 files, \d+ findings?, in \d+ ms$/);
  const text = c.logs.map((l) => l.message).join('\n');
  assert.match(text, /Analysing the workspace \(start-up\): 4 files found \(3 CI, 1 runner config, 0 Helm values\)/);
  assert.match(text, /analysed svc\/\.gitlab-ci\.yml \(CI file\): 1 finding in \d+ ms/);
  assert.match(text, /analysed svc\/runner\/config\.toml \(runner config\): \d+ findings? in \d+ ms/);
  assert.match(text, /svc\/\.gitlab-ci\.yml is judged with the runner config svc\/runner\/config\.toml/);
  // the pairing walks up from the CI file's folder; at the workspace folder every runner config below it counts
  assert.match(text, /docs\/clean\.gitlab-ci\.yml is judged with the runner config svc\/runner\/config\.toml/);
  // a clean closed file gets no (empty) publish at all
  assert.equal(c.diags.has(uriOf(join(root, 'docs/clean.gitlab-ci.yml'))), false);
  // info lines are window/logMessage type 3 (Info)
  assert.equal(done.type, 3);
});

test('"onCommand": nothing is analysed until the command runs; a deleted file loses its diagnostics; closing an analysed file keeps them', async () => {
  const root = workspace('command');
  const c = await start(root, { analyseWorkspace: 'onCommand' });
  await sleep(800);
  assert.equal(c.diags.size, 0, 'no diagnostics before the command');
  const summary = await c.conn.sendRequest('workspace/executeCommand', { command: 'dindDoctor.analyseWorkspace', arguments: [] }) as { files: number; found: number; skipped: number };
  assert.deepEqual({ files: summary.files, found: summary.found, skipped: summary.skipped }, { files: 4, found: 4, skipped: 0 });
  const svc = join(root, 'svc/.gitlab-ci.yml');
  assert.equal(c.diags.get(uriOf(svc))?.diagnostics.length, 1);
  // open and close it: the workspace analysis keeps its diagnostics (from disk), it is not cleared
  await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(svc), languageId: 'yaml', version: 1, text: CI } });
  await until(() => c.diags.get(uriOf(svc))?.version === 1);
  await c.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(svc) } });
  await sleep(300);
  assert.equal(c.diags.get(uriOf(svc))?.diagnostics.length, 1, 'kept after close');
  // deleted: cleared
  rmSync(svc);
  await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(svc), type: 3 }] });
  await until(() => c.diags.get(uriOf(svc))?.diagnostics.length === 0);
  assert.equal(c.diags.get(uriOf(join(root, '.gitlab-ci.yml')))?.diagnostics.length, 1, 'other files keep theirs');
});

test('the command lists the files again: a CI file written since the last analysis, with no watcher notice, is analysed', async () => {
  const root = workspace('relist');
  const c = await start(root, { analyseWorkspace: 'onCommand' });
  const first = await c.conn.sendRequest('workspace/executeCommand', { command: 'dindDoctor.analyseWorkspace', arguments: [] }) as { found: number };
  assert.equal(first.found, 4);
  const later = join(root, 'later/.gitlab-ci.yml');
  mkdirSync(join(root, 'later'), { recursive: true });
  writeFileSync(later, CI);
  const second = await c.conn.sendRequest('workspace/executeCommand', { command: 'dindDoctor.analyseWorkspace', arguments: [] }) as { found: number; files: number };
  assert.deepEqual([second.found, second.files], [5, 5]);
  assert.deepEqual(c.diags.get(uriOf(later))?.diagnostics.map((d) => [d.code, d.range.start.line]), [['dind-tls-port-mismatch', 4]]);
});

test('the file cap: only the first analyseWorkspaceMaxFiles files are read, and the log says so; "off" refuses the command', async () => {
  const root = workspace('cap');
  const c = await start(root, { analyseWorkspace: 'onStartup', analyseWorkspaceMaxFiles: 1, logLevel: 'warning' });
  const warn = await until(() => c.logs.find((l) => /holds 4 files to analyse; only the first 1 are/.test(l.message)));
  assert.equal(warn.type, 2, 'a warning');
  await until(() => c.diags.size === 1);
  await sleep(500);
  assert.deepEqual([...c.diags.keys()], [uriOf(join(root, '.gitlab-ci.yml'))], 'only the first file');
  assert.deepEqual(c.logs.filter((l) => l.type >= 3), [], 'no info lines at logLevel warning');
  const off = await start(workspace('off'), { analyseWorkspace: 'off' });
  await sleep(500); // the settings are read after initialized
  const r = await off.conn.sendRequest('workspace/executeCommand', { command: 'dindDoctor.analyseWorkspace', arguments: [] });
  assert.equal(r, null);
  await until(() => off.messages.find((m) => /workspace analysis is off/.test(m)));
  assert.equal(off.diags.size, 0);
});

test('many files: a work-done progress is created, begun, reported and ended; a CI file without runner config is said to have none', async () => {
  const root = join(dir, 'many');
  for (let i = 0; i < 12; i++) { mkdirSync(join(root, `p${i}`), { recursive: true }); writeFileSync(join(root, `p${i}`, '.gitlab-ci.yml'), CI); }
  const c = await start(root, {}, true);
  await until(() => c.progress.find((p) => p.value.kind === 'end'));
  assert.equal(c.created.length, 1);
  const kinds = c.progress.map((p) => p.value.kind);
  assert.equal(kinds[0], 'begin');
  assert.equal(kinds.at(-1), 'end');
  assert.ok(kinds.filter((k) => k === 'report').length >= 12, kinds.join());
  assert.ok(c.progress.every((p) => p.token === c.created[0]));
  await until(() => [...c.diags.keys()].length >= 12);
  assert.ok(c.logs.some((l) => l.message === '    p3/.gitlab-ci.yml: no runner config in its folder or above (runner settings: dindDoctor.runner.*)'));
});

test('the corpus as a workspace: every CI file, runner config and Helm values file found is analysed once, none crashes, the log gives the time', async (t) => {
  const corpus = process.env.DIND_DOCTOR_CORPUS ?? join(__dirname, '..', '..', 'shared', 'corpus');
  if (!existsSync(corpus)) return assert.fail(`corpus not found at ${corpus} (set DIND_DOCTOR_CORPUS)`);
  const c = await start(corpus, { analyseWorkspaceMaxFiles: 100_000 });
  const done = await until(() => c.logs.find((l) => /^Workspace analysed:/.test(l.message)), 120_000);
  const found = c.logs.find((l) => /^Analysing the workspace \(start-up\)/.test(l.message))!;
  const m = /: (\d+) files found \((\d+) CI, (\d+) runner config, (\d+) Helm values\)/.exec(found.message);
  assert.ok(m, found.message);
  const [all, ci, runner, helm] = m.slice(1).map(Number);
  assert.equal(all, ci + runner + helm);
  // the corpus holds 44 files named *.gitlab-ci.yml (the other CI files are fragments nothing includes), 13 runner
  // configs and 8 Helm values files, plus the runner configs and values of docs examples
  assert.ok(ci >= 44 && runner >= 13 && helm >= 8, found.message);
  const analysed = c.logs.filter((l) => /^ {2}analysed /.test(l.message));
  assert.equal(analysed.length, all, 'one line per file');
  assert.equal(new Set(analysed.map((l) => l.message.split(' (')[0])).size, all, 'each file once');
  assert.match(done.message, new RegExp(`^Workspace analysed: ${all} files, \\d+ findings?, in \\d+ ms$`));
  assert.deepEqual(c.logs.filter((l) => l.type === 1).map((l) => l.message), [], 'no error logged');
  for (const [uri, p] of c.diags) assert.ok(!p.diagnostics.some((d) => d.code === 'internal-error'), uri);
  // a CI file judged with many runner configs names the first five and counts the others
  const pairing = c.logs.find((l) => /^ {4}gitlab-ci\/.* is judged with the runner configs /.test(l.message));
  assert.ok(pairing, 'a pairing line for a CI file');
  assert.match(pairing.message, /^ {4}\S+ is judged with the runner configs ([^,]+, ){4}[^,]+ and \d+ more$/);
  t.diagnostic(`${found.message} | ${done.message}`);
});

test('an opened file is answered before the workspace analysis goes on: the background analysis gives way to it', async () => {
  const root = join(dir, 'first');
  const jobs = (n: number) => Array.from({ length: n }, (_, i) => `build-${i}:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  variables:\n    DOCKER_HOST: tcp://docker:2375\n  script: [docker build -t app:${i} .]\n`).join('');
  // 40 CI files of 30 jobs: the start-up analysis has seconds of work when the editor opens a 400-job file, whose
  // analysis takes many slices (interleaved with the background's, several small files would be published meanwhile)
  for (let i = 0; i < 40; i++) { mkdirSync(join(root, `svc-${i}`), { recursive: true }); writeFileSync(join(root, `svc-${i}`, '.gitlab-ci.yml'), jobs(30)); }
  const text = jobs(400);
  writeFileSync(join(root, '.gitlab-ci.yml'), text);
  const order: string[] = [];
  const c = await start(root, {});
  c.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => { c.diags.set(p.uri, p); order.push(p.uri); });
  const opened = uriOf(join(root, '.gitlab-ci.yml'));
  // open it once the workspace analysis has begun analysing files
  await until(() => order.length >= 1 || undefined, 30_000);
  await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: opened, languageId: 'yaml', version: 7, text } });
  // publishes the server wrote before it read the didOpen may still be on their way: what follows the answer to a
  // request sent after the didOpen was written once the server had read it
  void c.conn.sendRequest('textDocument/hover', { textDocument: { uri: opened }, position: { line: 0, character: 0 } }).then(() => order.push('didOpen'));
  await until(() => c.diags.get(opened)?.version === 7 || undefined, 30_000);
  await until(() => c.logs.find((l) => /^Workspace analysed:/.test(l.message)), 60_000);
  const at = order.indexOf('didOpen');
  const answered = order.findIndex((u, i) => i > at && u === opened);
  assert.ok(answered > at, order.join('\n'));
  // at most the one file whose slice was running when the open came in is published in between
  assert.ok(answered - at - 1 <= 1, `published before the opened file: ${order.slice(at + 1, answered).join(', ')}`);
  const after = order.slice(answered + 1).filter((u) => u !== opened);
  assert.ok(after.length >= 8, `the workspace analysis went on afterwards (${after.length} files)`);
  assert.ok(c.diags.get(opened)!.diagnostics.filter((d) => d.code === 'dind-tls-port-mismatch').length === 400);
});

test('an opened file shows the rule findings first and the schema findings once validated; an edit replaces the whole set', async () => {
  const root = join(dir, 'early');
  mkdirSync(root, { recursive: true });
  const path = join(root, '.gitlab-ci.yml');
  // dind-tls-port-mismatch at line 5 and a schema error (`stage: [1]`) at line 7 (0-based 4 and 6)
  const text = CI.replace('  script: [docker info]\n', '  script: [docker info]\n  stage: [1]\n');
  writeFileSync(path, text);
  // (a file named x.gitlab-ci.yml may be a fragment another file includes: judged with care, it has no finding here)
  const clean = join(root, 'sub', '.gitlab-ci.yml');
  mkdirSync(join(root, 'sub'));
  writeFileSync(clean, CI);
  writeFileSync(join(root, 'config.toml'), RUNNER);
  const c = await start(root, { analyseWorkspace: 'off' });
  const seen = new Map<string, PublishDiagnosticsParams[]>();
  c.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => { seen.set(p.uri, [...(seen.get(p.uri) ?? []), p]); });
  await sleep(300);
  const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => `${d.code}@${d.range.start.line}`);
  await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(path), languageId: 'yaml', version: 1, text } });
  await until(() => seen.get(uriOf(path))?.some((p) => codes(p).includes('schema-validation@6')) || undefined);
  const [first, ...rest] = seen.get(uriOf(path))!;
  assert.deepEqual(codes(first), ['dind-tls-port-mismatch@4'], 'the rules first');
  assert.deepEqual(rest.map(codes), [['dind-tls-port-mismatch@4', 'schema-validation@6']], 'then the whole set, once');
  // an edit: one publish with the whole set (schema findings never vanish while typing)
  await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(path), version: 2 }, contentChanges: [{ text: text + '# edited\n' }] });
  await until(() => seen.get(uriOf(path))!.find((p) => p.version === 2));
  await sleep(300);
  assert.deepEqual(seen.get(uriOf(path))!.filter((p) => p.version === 2).map(codes), [['dind-tls-port-mismatch@4', 'schema-validation@6']]);
  // a file without schema findings is published once
  await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(clean), languageId: 'yaml', version: 1, text: CI } });
  await until(() => seen.get(uriOf(clean)));
  await sleep(300);
  assert.deepEqual(seen.get(uriOf(clean))!.map(codes), [['dind-tls-port-mismatch@4']]);
});

test('a closed file whose background analysis went stale (an edit meanwhile) is analysed again and gets its diagnostics', async () => {
  const root = join(dir, 'stale');
  mkdirSync(root, { recursive: true });
  const toml = execFileSync(process.execPath, [join(__dirname, '..', 'bench', 'gen-runner-config.mjs'), '--runners', '200', '--seed', '1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  writeFileSync(join(root, 'config.toml'), toml);
  writeFileSync(join(root, '.gitlab-ci.yml'), CI);
  const c = await start(root, {});
  const ci = uriOf(join(root, '.gitlab-ci.yml'));
  await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: ci, languageId: 'yaml', version: 1, text: CI } });
  await until(() => c.diags.get(ci));
  // the background analysis of the 200-runner config.toml begins after 0.5 s of quiet: edit the CI file meanwhile
  await until(() => c.logs.find((l) => /^Analysing the workspace \(start-up\)/.test(l.message)));
  for (let v = 2; v < 6; v++) {
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri: ci, version: v }, contentChanges: [{ text: `${CI}# edit ${v}\n` }] });
    await sleep(30);
  }
  const runner = await until(() => c.diags.get(uriOf(join(root, 'config.toml'))), 60_000);
  assert.ok(runner.diagnostics.length > 0, 'the generated config has findings');
  await until(() => c.logs.find((l) => /^Workspace analysed: 2 files/.test(l.message)), 60_000);
});

test('a hover on a job just edited waits for the analysis under way and shows the job, not nothing', async () => {
  const root = join(dir, 'hover-edited');
  mkdirSync(root, { recursive: true });
  const text = '.docker:\n  image: docker:29-cli\n  services: [docker:29-dind]\nbuild:\n  extends: .docker\n  script:\n    - docker info\n';
  const path = join(root, '.gitlab-ci.yml');
  writeFileSync(path, text);
  const c = await start(root, { analyseWorkspace: 'off' });
  await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(path), languageId: 'yaml', version: 1, text } });
  await until(() => c.diags.get(uriOf(path)));
  const hoverText = async () => {
    const h = await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(path) }, position: { line: 3, character: 2 } }) as { contents: { value: string } } | null;
    return h?.contents.value ?? '';
  };
  assert.match(await hoverText(), /\*\*Job\*\* `build` — effective configuration/);
  // an edit inside the job, and at once a hover on it: the last analysis does not hold for this job
  await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(path), version: 2 }, contentChanges: [{ text: text + '    - docker ps\n' }] });
  assert.match(await hoverText(), /\*\*Job\*\* `build` — effective configuration/);
});

test('document links and code lenses (and definitions, references, the effective configuration) asked right after an edit wait for its analysis instead of building the pipeline in the handler', async () => {
  const root = join(dir, 'links-after-edit');
  mkdirSync(join(root, 'ci'), { recursive: true });
  writeFileSync(join(root, 'ci', 'build.yml'), '.docker:\n  image: docker:29-cli\n');
  const text = 'include:\n  - local: ci/build.yml\nbuild:\n  extends: .docker\n  script: [docker info]\n';
  const path = join(root, '.gitlab-ci.yml');
  writeFileSync(path, text);
  const c = await start(root, { analyseWorkspace: 'off' });
  const order: string[] = [];
  c.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => { c.diags.set(p.uri, p); order.push(`publish ${p.version}`); });
  await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(path), languageId: 'yaml', version: 1, text } });
  await until(() => c.diags.get(uriOf(path)));
  await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(path), version: 2 }, contentChanges: [{ text: `${text}test:\n  extends: .docker\n  script: [docker ps]\n` }] });
  const links = c.conn.sendRequest('textDocument/documentLink', { textDocument: { uri: uriOf(path) } }).then((r) => { order.push('links'); return r as { target: string }[]; });
  const lenses = c.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: uriOf(path) } }).then((r) => { order.push('lenses'); return r as { range: { start: { line: number } } }[]; });
  const [l, lens] = await Promise.all([links, lenses]);
  assert.deepEqual(order.slice(-3), ['publish 2', 'links', 'lenses'], order.join(', '));
  assert.ok(l.some((x) => x.target.endsWith('/ci/build.yml')), JSON.stringify(l));
  assert.deepEqual(lens.map((x) => x.range.start.line), [2, 5], 'a lens on each job, the new one too');
});
