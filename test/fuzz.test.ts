/**
 * Property-based fuzzing (fast-check, fixed seed): random mutations of real CI files, runner configs and Helm values
 * (deleted, duplicated and re-indented lines, inserted anchors, aliases, tags and brackets, truncation, nesting)
 * never make the engine or a report throw, never yield an `internal-error` finding and stay within a time budget;
 * the language server survives a random stream of didOpen/didChange/didClose/hover/codeAction.
 * `npm run fuzz` runs the same properties longer (FUZZ_RUNS, FUZZ_SEED) and prints the counts.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { Workspace } from '../server/src/engine/workspace';
import { FORMATS, formatReport } from '../server/src/reporters';
import { Parser } from 'yaml';
import { MemoryFs } from './harness';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
/** A hang detector, not a speed test (speed is measured in `npm run bench`): one analysis of a mutated file. */
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 5000);
const corpus = process.env.DIND_DOCTOR_CORPUS ?? join(__dirname, '..', '..', 'shared', 'corpus');
const counts: Record<string, number> = {};
after(() => { if (process.env.FUZZ_REPORT) console.log(`fuzz: seed ${SEED}, ${JSON.stringify(counts)}`); });

function files(folder: string, max = 12): string[] {
  const dir = join(corpus, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().slice(0, max).map((f) => readFileSync(join(dir, f), 'utf8').slice(0, 20_000));
}

type Op =
  | { op: 'delete' | 'duplicate' | 'truncate-line'; at: number }
  | { op: 'indent'; at: number; by: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'truncate'; at: number }
  | { op: 'anchor'; at: number; to: number }
  | { op: 'tag'; at: number; tag: string }
  | { op: 'nest'; depth: number; open: '[' | '{' | '- ' };

const SNIPPETS = ['&a ', '*a', '<<: *a', '!reference [x, y]', '!!binary', '!custom', '[', ']', '{', '}', '"', "'", ':', '- ', '? ', '---', '...', '#', '\t', '|', '>', '[[runners]]', '[runners.docker]', '= "x"', '"""', '{{ .Values.x }}', '\u0000', '\ufeff', 'token = "glrt-xxxxxxxxxxxx"', '- docker login -p secretpw x'];
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete', 'duplicate', 'truncate-line'), at: fc.nat() }) as fc.Arbitrary<Op>,
  fc.record({ op: fc.constant('indent'), at: fc.nat(), by: fc.integer({ min: -4, max: 6 }) }) as fc.Arbitrary<Op>,
  fc.record({ op: fc.constant('insert'), at: fc.nat(), text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 8 })) }) as fc.Arbitrary<Op>,
  fc.record({ op: fc.constant('truncate'), at: fc.nat() }) as fc.Arbitrary<Op>,
  fc.record({ op: fc.constant('anchor'), at: fc.nat(), to: fc.nat() }) as fc.Arbitrary<Op>,
  fc.record({ op: fc.constant('tag'), at: fc.nat(), tag: fc.constantFrom('!reference', '!custom', '!!str', '!!binary', '!!map', '!!seq', '!') }) as fc.Arbitrary<Op>,
  fc.record({ op: fc.constant('nest'), depth: fc.integer({ min: 1, max: 3000 }), open: fc.constantFrom('[', '{', '- ') }) as fc.Arbitrary<Op>,
);

export function mutate(text: string, ops: Op[]): string {
  let lines = text.split('\n');
  for (const o of ops) {
    const i = 'at' in o ? o.at % Math.max(1, lines.length) : 0;
    switch (o.op) {
      case 'delete': lines.splice(i, 1); break;
      case 'duplicate': lines.splice(i, 0, lines[i] ?? ''); break;
      case 'truncate-line': lines[i] = (lines[i] ?? '').slice(0, Math.floor((lines[i] ?? '').length / 2)); break;
      case 'indent': lines[i] = o.by >= 0 ? ' '.repeat(o.by) + (lines[i] ?? '') : (lines[i] ?? '').replace(new RegExp(`^ {0,${-o.by}}`), ''); break;
      case 'insert': { const l = lines[i] ?? ''; const c = o.at % (l.length + 1); lines[i] = l.slice(0, c) + o.text + l.slice(c); break; }
      // an anchor on the value of one `key:` line and an alias to it as the value of another (or a list item)
      case 'anchor': {
        const j = o.to % Math.max(1, lines.length);
        lines[i] = (lines[i] ?? '').replace(/:( |$)/, ': &a$1');
        lines[j] = /:\s/.test(lines[j] ?? '') ? (lines[j] ?? '').replace(/:\s.*$/, ': *a') : (lines[j] ?? '').replace(/^(\s*-\s).*$/, '$1*a');
        break;
      }
      case 'tag': lines[i] = (lines[i] ?? '').replace(/(:|^\s*-)( |$)/, `$1 ${o.tag}$2`); break;
      case 'truncate': { const t = lines.join('\n'); lines = t.slice(0, o.at % (t.length + 1)).split('\n'); break; }
      case 'nest': {
        const close = o.open === '[' ? ']' : o.open === '{' ? '}' : '';
        const v = o.open === '{' ? `${'{a: '.repeat(o.depth)}1${close.repeat(o.depth)}` : o.open === '[' ? `${'['.repeat(o.depth)}${close.repeat(o.depth)}` : `${'- '.repeat(o.depth)}x`;
        lines.splice(i, 0, `deep: ${v}`, `deep = ${'['.repeat(o.depth)}${']'.repeat(o.depth)}`);
        break;
      }
    }
  }
  return lines.join('\n');
}

function check(kind: string, name: string, text: string, extra: Record<string, string> = {}) {
  const fs = new MemoryFs({ [name]: text, ...extra });
  const ws = new Workspace(fs, { roots: ['/w'] });
  const t0 = performance.now();
  const findings = ws.analyze(`/w/${name}`);
  const ms = performance.now() - t0;
  assert.ok(ms < BUDGET_MS, `${kind}: analysis took ${Math.round(ms)} ms`);
  const internal = findings.filter((f) => f.ruleId === 'internal-error');
  assert.deepEqual(internal, [], `${kind}: ${internal.map((f) => f.message).join('; ')}`);
  // an exception caught by a parser's last line of defence is a crash too, whatever finding carries it
  const caught = findings.filter((f) => /could not be read: /.test(f.message));
  assert.deepEqual(caught, [], `${kind}: ${caught.map((f) => f.message).join('; ')}`);
  for (const format of FORMATS) formatReport(format, findings, { cwd: '/w', readText: (f) => fs.readFile(f) });
  counts[kind] = (counts[kind] ?? 0) + 1;
  counts.findings = (counts.findings ?? 0) + findings.length;
}

const KINDS: [string, string, string[]][] = [
  ['gitlab-ci', '.gitlab-ci.yml', files('gitlab-ci')],
  ['runner-config', 'config.toml', files('runner-toml')],
  ['helm-values', 'values.yaml', files('helm-values')],
];

for (const [kind, name, texts] of KINDS) {
  test(`fuzz ${kind}: mutated corpus files never throw, never report an internal error, stay within ${BUDGET_MS} ms`, { skip: texts.length === 0 && 'corpus not found' }, () => {
    fc.assert(fc.property(fc.nat({ max: texts.length - 1 }), fc.array(opArb, { minLength: 1, maxLength: 6 }), (i, ops) => {
      check(kind, name, mutate(texts[i], ops), kind === 'gitlab-ci' ? { 'config.toml': texts.length ? '[[runners]]\n  executor = "docker"\n' : '' } : {});
    }), { seed: SEED, numRuns: RUNS });
  });
}

/**
 * The properties can fail: a fault planted in the YAML parser, triggered only by what one kind of mutation writes,
 * is found by the same property within the same runs. Each kind of mutation the issue lists is covered.
 */
const PLANTED: [string, (text: string) => boolean][] = [
  ['an inserted anchor', (t) => t.includes('&a ')],
  ['an inserted alias', (t) => /\*a\b/.test(t)],
  ['an inserted tag', (t) => /[:-] !(custom|!binary|!map|!seq)\b/.test(t)],
  ['nesting', (t) => /^deep: /m.test(t)],
  ['a duplicated line', (t) => { const ls = t.split('\n'); return ls.some((l, i) => l.trim().length > 20 && ls[i + 1] === l); }],
  ['changed indentation', (t) => /^(?: {2})* [a-z_]+:/m.test(t)], // a key indented by an odd number of spaces
];

for (const [what, trigger] of PLANTED) {
  test(`fuzz can fail: a parser fault triggered by ${what} is caught by the gitlab-ci property`, { skip: KINDS[0][2].length === 0 && 'corpus not found' }, () => {
    const texts = KINDS[0][2];
    assert.ok(!texts.some(trigger), `no unmutated corpus file triggers the fault (${what})`);
    const parse = Parser.prototype.parse;
    let planted = 0;
    Parser.prototype.parse = function (this: Parser, source: string, incomplete?: boolean) {
      if (trigger(source)) { planted++; throw new Error(`planted fault (${what})`); }
      return parse.call(this, source, incomplete);
    };
    try {
      assert.throws(() => fc.assert(fc.property(fc.nat({ max: texts.length - 1 }), fc.array(opArb, { minLength: 1, maxLength: 6 }), (i, ops) => {
        check('planted', '.gitlab-ci.yml', mutate(texts[i], ops));
      }), { seed: SEED, numRuns: Math.max(RUNS, 40) }), (e: Error) => /planted fault/.test(`${e.message} ${(e.cause as Error | undefined)?.message}`));
    } finally {
      Parser.prototype.parse = parse;
    }
    assert.ok(planted > 0);
  });
}

test('fuzz: arbitrary text (unicode, control characters) as each kind of file', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.constantFrom('.gitlab-ci.yml', 'config.toml', 'values.yaml'), (text, name) => {
    check('arbitrary', name, name === 'values.yaml' ? `runners:\n  config: |\n    ${text.replace(/\n/g, '\n    ')}\n` : text);
  }), { seed: SEED, numRuns: RUNS });
});

test('fuzz: the language server survives a random stream of didOpen/didChange/didClose/hover/codeAction', async () => {
  const server = join(__dirname, '..', 'dist', 'server.js');
  const dir = mkdtempSync(join(tmpdir(), 'dd-fuzz-'));
  const proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, DIND_DOCTOR_DEBOUNCE_MS: '0' } });
  let stderr = '';
  proc.stderr!.on('data', (d) => { stderr += d; });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.onNotification('textDocument/publishDiagnostics', () => { counts.published = (counts.published ?? 0) + 1; });
  conn.onRequest('workspace/configuration', () => [null]);
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  try {
    const root = pathToFileURL(dir).href;
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: root, capabilities: { workspace: { configuration: true } }, workspaceFolders: [{ uri: root, name: 'w' }] });
    await conn.sendNotification('initialized', {});
    const uris = ['.gitlab-ci.yml', 'ci/build.gitlab-ci.yml', 'config.toml', 'values.yaml'].map((f) => pathToFileURL(join(dir, f)).href);
    const seeds = KINDS.flatMap(([, , t]) => t.slice(0, 3));
    const step = fc.record({ kind: fc.constantFrom('open', 'change', 'change', 'close', 'hover', 'action'), doc: fc.nat({ max: uris.length - 1 }), src: fc.nat(), ops: fc.array(opArb, { maxLength: 3 }), line: fc.nat({ max: 60 }), ch: fc.nat({ max: 40 }) });
    const streams = fc.sample(fc.array(step, { minLength: 20, maxLength: 60 }), { seed: SEED, numRuns: Math.max(1, Math.round(RUNS / 10)) });
    for (const stream of streams) {
      const version = new Map<number, number>();
      for (const s of stream) {
        const uri = uris[s.doc];
        const text = mutate(seeds[s.src % Math.max(1, seeds.length)] ?? 'job: {}', s.ops);
        const pos = { line: s.line, character: s.ch };
        if (s.kind === 'open') { if (!version.has(s.doc)) { version.set(s.doc, 1); await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: uri.endsWith('.toml') ? 'toml' : 'yaml', version: 1, text } }); } }
        else if (s.kind === 'change') { const v = version.get(s.doc); if (v !== undefined) { version.set(s.doc, v + 1); await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v + 1 }, contentChanges: [{ text }] }); } }
        else if (s.kind === 'close') { if (version.delete(s.doc)) await conn.sendNotification('textDocument/didClose', { textDocument: { uri } }); }
        else if (s.kind === 'hover') await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: pos });
        else await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: pos, end: pos }, context: { diagnostics: [] } });
        counts.lspMessages = (counts.lspMessages ?? 0) + 1;
      }
      for (const d of version.keys()) await conn.sendNotification('textDocument/didClose', { textDocument: { uri: uris[d] } });
    }
    // still answering
    const h = await conn.sendRequest('textDocument/hover', { textDocument: { uri: uris[0] }, position: { line: 0, character: 0 } });
    assert.equal(h, null);
    assert.equal(proc.exitCode, null, stderr);
    assert.doesNotMatch(stderr, /internal error|TypeError|RangeError/);
  } finally {
    conn.dispose(); proc.kill('SIGKILL'); rmSync(dir, { recursive: true, force: true });
  }
});
