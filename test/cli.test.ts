/**
 * CLI: argument parsing, exit codes, error paths, severity overrides, outputs and --fix, against a fake engine
 * (an injectable WorkspaceApi) in temp folders; the last tests run the real engine.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, parseCliArgs, mergeSeverities, type CliIo } from '../server/src/cli';
import type { FileKind, FileSystem, Finding, Fix } from '../server/src/engine/types';
import type { WorkspaceApi, WorkspaceOptions } from '../server/src/engine/workspace-api';

// ---- a fake engine ----
// Findings come from markers in the text: `BAD` → error with a preferred fix to `MID`; `MID` → error with a
// preferred fix to `GOOD` (so a full fix takes two passes); `WARN` → warning, no fix; `NOTE` → info;
// `CROSS` → error whose preferred fix edits this file (CROSS → cross) and the runner config (privileged = true).

const created: FakeWorkspace[] = [];
class FakeWorkspace implements WorkspaceApi {
  changedFiles: string[] = [];
  constructor(readonly fs: FileSystem, public opts: WorkspaceOptions) { created.push(this); }
  setOptions(opts: Partial<WorkspaceOptions>): void { this.opts = { ...this.opts, ...opts }; }
  changed(path: string): void { this.changedFiles.push(path); }
  private rel(p: string): string { return p.slice(this.opts.roots[0].length + 1); }
  kindOf(path: string): FileKind | undefined {
    if (/(^|\/)(\.gitlab-ci|[^/]*\.gitlab-ci)\.ya?ml$/.test(path) || this.opts.ciFiles?.includes(this.rel(path))) return 'gitlab-ci';
    if (/config\.toml$/.test(path) || this.opts.runnerConfigFiles?.some((g) => g === this.rel(path) || path.endsWith('/' + g))) return 'runner-config';
    return undefined;
  }
  discover() {
    const all = this.opts.roots.flatMap((r) => this.fs.listFiles!(r));
    return {
      ciFiles: all.filter((f) => this.kindOf(f) === 'gitlab-ci'),
      runnerConfigs: all.filter((f) => this.kindOf(f) === 'runner-config'),
      helmValues: [],
    };
  }
  dependentsOf(): string[] { return []; }
  analyze(path: string): Finding[] {
    const text = this.fs.readFile(path) ?? '';
    const out: Finding[] = [];
    text.split('\n').forEach((line, i) => {
      const at = (word: string) => line.indexOf(word);
      const range = (c: number, len: number) => ({ start: { line: i, character: c }, end: { line: i, character: c + len } });
      const replace = (c: number, len: number, newText: string, title: string): Fix => ({ title, preferred: true, edits: [{ file: path, edits: [{ range: range(c, len), newText }] }] });
      if (at('BAD') >= 0) out.push({ ruleId: 'bad-thing', severity: 'error', message: 'BAD found', file: path, range: range(at('BAD'), 3), fixes: [{ title: 'not preferred', edits: [{ file: path, edits: [{ range: range(at('BAD'), 3), newText: 'WRONG' }] }] }, replace(at('BAD'), 3, 'MID', 'BAD → MID')] });
      if (at('MID') >= 0) out.push({ ruleId: 'mid-thing', severity: 'error', message: 'MID found', file: path, range: range(at('MID'), 3), fixes: [replace(at('MID'), 3, 'GOOD', 'MID → GOOD')] });
      if (at('WARN') >= 0) out.push({ ruleId: 'warn-thing', severity: 'warning', message: 'WARN found', file: path, range: range(at('WARN'), 4) });
      if (at('NOTE') >= 0) out.push({ ruleId: 'note-thing', severity: 'info', message: 'NOTE found', file: path, range: range(at('NOTE'), 4) });
      if (at('CROSS') >= 0) {
        const runner = `${this.opts.roots[0]}/runner/config.toml`;
        const rtext = this.fs.readFile(runner) ?? '';
        const rline = rtext.split('\n').findIndex((l) => l.includes('privileged = false'));
        out.push({
          ruleId: 'cross-thing', severity: 'error', message: 'CROSS needs a privileged runner', file: path, range: range(at('CROSS'), 5),
          fixes: rline < 0 ? [] : [{
            title: 'make privileged', preferred: true,
            edits: [
              { file: path, edits: [{ range: range(at('CROSS'), 5), newText: 'cross' }] },
              { file: runner, edits: [{ range: { start: { line: rline, character: rtext.split('\n')[rline].indexOf('false') }, end: { line: rline, character: rtext.split('\n')[rline].indexOf('false') + 5 } }, newText: 'true' }] },
            ],
          }],
        });
      }
    });
    // severity overrides, as the engine applies them
    const rules = this.opts.analyze?.rules ?? {};
    return out.filter((f) => rules[f.ruleId] !== 'off').map((f) => (rules[f.ruleId] && rules[f.ruleId] !== 'off' ? { ...f, severity: rules[f.ruleId] as Finding['severity'] } : f));
  }
}

const META: Record<string, { summary: string; severity: 'error' | 'warning' | 'info' }> = {
  'bad-thing': { summary: 'bad', severity: 'error' },
  'mid-thing': { summary: 'mid', severity: 'error' },
  'warn-thing': { summary: 'warn', severity: 'warning' },
  'note-thing': { summary: 'note', severity: 'info' },
  'cross-thing': { summary: 'cross', severity: 'error' },
};

interface Run { code: number; stdout: string; stderr: string }
async function run(argv: string[], cwd: string, extra: Partial<CliIo> = {}): Promise<Run> {
  let stdout = '', stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => { stdout += s; } },
    stderr: { write: (s: string) => { stderr += s; } },
    cwd,
    env: {},
    createWorkspace: (fs, opts) => new FakeWorkspace(fs, opts),
    ruleMeta: (id) => META[id],
    ...extra,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const tempDirs: string[] = [];
after(() => { for (const d of tempDirs) rmSync(d, { recursive: true, force: true }); });

function project(files: Record<string, string>): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'dind-doctor-cli-')));
  tempDirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function assertUsageError(r: Run, pattern: RegExp): void {
  assert.equal(r.code, 2, `exit code (stderr: ${r.stderr})`);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `one line on stderr: ${JSON.stringify(r.stderr)}`);
  assert.match(lines[0], /^dind-doctor: /);
  assert.match(lines[0], pattern);
}

// ---- argument parsing ----

test('parseCliArgs: defaults and every option', () => {
  const d = parseCliArgs([]);
  assert.deepEqual(d.paths, ['.']);
  assert.equal(d.format, 'text');
  assert.equal(d.fix, false);
  assert.equal(d.maxWarnings, -1);
  const a = parseCliArgs(['a', 'b/c.yml', '-f', 'sarif', '-o', 'out.sarif', '--fix', '--executor', 'kubernetes', '--runner-config', 'x.toml', '--runner-config=y.toml', '--rule', 'foo-bar=off', '--rule', 'baz=info', '--rule', 'foo-bar=error', '--max-warnings', '0']);
  assert.deepEqual(a.paths, ['a', 'b/c.yml']);
  assert.equal(a.format, 'sarif');
  assert.equal(a.output, 'out.sarif');
  assert.equal(a.fix, true);
  assert.equal(a.executor, 'kubernetes');
  assert.deepEqual(a.runnerConfigs, ['x.toml', 'y.toml']);
  assert.deepEqual(a.rules, { 'foo-bar': 'error', baz: 'info' });
  assert.equal(a.maxWarnings, 0);
  assert.equal(parseCliArgs(['--max-warnings', '-1']).maxWarnings, -1);
});

test('usage errors: exit 2 with one line on stderr', async () => {
  const dir = project({ '.gitlab-ci.yml': 'ok\n' });
  assertUsageError(await run(['--bogus'], dir), /unknown option '--bogus'/);
  assertUsageError(await run(['-x'], dir), /unknown option '-x'/);
  assertUsageError(await run(['--format'], dir), /--format/);
  assertUsageError(await run(['--format', 'xml'], dir), /unknown format "xml"/);
  assertUsageError(await run(['--rule', 'x=loud'], dir), /severity must be one of off, error, warning, info/);
  assertUsageError(await run(['--rule', 'bad-thing=warn'], dir), /did you mean "warning"/);
  assertUsageError(await run(['--rule', 'bad-thing'], dir), /--rule expects ID=SEVERITY/);
  assertUsageError(await run(['--rule', 'Not_An_Id=off'], dir), /not a rule id/);
  assertUsageError(await run(['--rule', 'no-such-rule=off'], dir), /unknown rule "no-such-rule"/);
  assertUsageError(await run(['--max-warnings', 'many'], dir), /--max-warnings expects a whole number/);
  assertUsageError(await run(['--max-warnings', '-3'], dir), /--max-warnings/);
  assertUsageError(await run(['--executor', 'podman'], dir), /unknown executor "podman"/);
  assertUsageError(await run(['--fix=yes'], dir), /--fix/);
});

test('--help and --version exit 0 on stdout', async () => {
  const h = await run(['--help'], tmpdir());
  assert.equal(h.code, 0);
  assert.match(h.stdout, /^Usage: dind-doctor/);
  for (const opt of ['--format', '--output', '--fix', '--executor', '--runner-config', '--rule', '--max-warnings']) assert.ok(h.stdout.includes(opt), opt);
  const v = await run(['--version'], tmpdir());
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^\d+\.\d+\.\d+/);
  // --help wins over other problems: it needs no engine and no files.
  assert.equal((await run(['--help', 'no/such/path'], tmpdir(), { createWorkspace: () => { throw new Error('not needed'); } })).code, 0);
});

// ---- paths ----

test('a missing path, a non-file, a folder without CI files: exit 2', async () => {
  const dir = project({ 'README.md': 'hello\n', 'sub/notes.txt': 'x\n' });
  assertUsageError(await run(['does-not-exist'], dir), /no such file or folder: does-not-exist/);
  assertUsageError(await run(['.'], dir), /no GitLab CI files, runner configs or Helm values files found in \./);
  assertUsageError(await run([], dir), /found in \./);
  assertUsageError(await run(['sub'], dir), /found in sub/);
  assertUsageError(await run(['README.md'], dir), /README\.md is not a GitLab CI file/);
  assertUsageError(await run(['.', '--runner-config', 'nope.toml'], dir), /no such file or folder: nope\.toml/);
});

test('an unreadable file: exit 2 naming it', async () => {
  const dir = project({ '.gitlab-ci.yml': 'x\n' });
  const { FileReadError } = await import('../server/src/engine/types');
  const fs: FileSystem = {
    readFile: (p) => { throw new FileReadError(`cannot read ${p}: permission denied (EACCES)`); },
    listFiles: () => [join(dir, '.gitlab-ci.yml')],
  };
  assertUsageError(await run(['.gitlab-ci.yml'], dir, { fs }), /^dind-doctor: cannot read \.gitlab-ci\.yml: permission denied \(EACCES\)$/);
});

test('a FIFO or other special file on the command line: exit 2 without blocking', async (t) => {
  const dir = project({ '.gitlab-ci.yml': 'x\n' });
  const { spawnSync } = await import('node:child_process');
  if (spawnSync('mkfifo', [join(dir, 'pipe.gitlab-ci.yml')]).status !== 0) return t.skip('no mkfifo');
  assertUsageError(await run(['pipe.gitlab-ci.yml'], dir), /not a file or folder: pipe\.gitlab-ci\.yml/);
  // and discovery skips it
  const r = await run(['.', '-f', 'json'], dir);
  assert.equal(r.code, 0, r.stderr);
});

test('an internal error: exit 2, one line', async () => {
  const dir = project({ '.gitlab-ci.yml': 'x\n' });
  const r = await run(['.'], dir, { createWorkspace: () => { throw new TypeError('boom\nsecond line'); } });
  assertUsageError(r, /internal error: boom second line/);
});

// ---- reports and exit codes ----

test('text report, relative paths, exit 1 on an error, 0 when clean', async () => {
  const dir = project({ '.gitlab-ci.yml': 'a: 1\nb: BAD\n', 'ci/other.gitlab-ci.yml': 'fine\n', 'runner/config.toml': 'WARN\n' });
  const r = await run(['.'], dir);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^\.gitlab-ci\.yml:2:4 {2}error {2}BAD found {2}\[bad-thing\]\n {2}2 \| b: BAD\n {4}\| {4}\^\^\^\n/);
  assert.match(r.stdout, /runner\/config\.toml:1:1 {2}warning {2}WARN found {2}\[warn-thing\]/);
  assert.match(r.stdout, /✖ 2 problems \(1 error, 1 warning, 0 infos\)/);
  assert.ok(!r.stdout.includes('\u001b['));
  // From a subfolder, paths stay relative to the cwd.
  const sub = await run(['..'], join(dir, 'ci'));
  assert.match(sub.stdout, /^\.\.\/\.gitlab-ci\.yml:2:4/m);
  // A clean file.
  const clean = await run(['ci/other.gitlab-ci.yml'], dir);
  assert.equal(clean.code, 0);
  assert.equal(clean.stdout, '✔ no problems (1 file checked)\n');
});

test('colour only on a TTY without NO_COLOR', async () => {
  const dir = project({ '.gitlab-ci.yml': 'BAD\n' });
  let out = '';
  const tty = { write: (s: string) => { out += s; }, isTTY: true };
  await run(['.'], dir, { stdout: tty });
  assert.ok(out.includes('\u001b[31m'));
  out = '';
  await run(['.'], dir, { stdout: tty, env: { NO_COLOR: '1' } });
  assert.ok(!out.includes('\u001b['));
});

test('--max-warnings: over the limit exits 1, at the limit 0; errors always 1', async () => {
  const dir = project({ '.gitlab-ci.yml': 'WARN\nWARN\nNOTE\n' });
  assert.equal((await run(['.'], dir)).code, 0, 'no limit');
  assert.equal((await run(['.', '--max-warnings', '2'], dir)).code, 0);
  const over = await run(['.', '--max-warnings', '1'], dir);
  assert.equal(over.code, 1);
  assert.match(over.stdout, /Too many warnings \(2\)\. Maximum allowed is 1\./);
  const json = await run(['.', '--max-warnings', '1', '-f', 'json'], dir);
  assert.equal(json.code, 1);
  assert.doesNotThrow(() => JSON.parse(json.stdout), 'stdout stays pure JSON');
  assert.match(json.stderr, /too many warnings/);
  assert.equal((await run(['.', '--max-warnings', '-1'], dir)).code, 0);
  assert.equal((await run(['.', '--max-warnings', '0', '--rule', 'warn-thing=info'], dir)).code, 0, 'override below warning');
  const withError = project({ '.gitlab-ci.yml': 'BAD\n' });
  assert.equal((await run(['.', '--max-warnings', '100'], withError)).code, 1);
});

test('--format json / sarif / codequality and --output', async () => {
  const dir = project({ '.gitlab-ci.yml': 'x\n  BAD WARN\n' });
  const j = await run(['.', '--format', 'json'], dir);
  assert.equal(j.code, 1);
  const arr = JSON.parse(j.stdout);
  assert.deepEqual(arr[0], { file: '.gitlab-ci.yml', ruleId: 'bad-thing', severity: 'error', headline: 'BAD found', message: 'BAD found', line: 2, column: 3, endLine: 2, endColumn: 6, fixes: [{ title: 'not preferred' }, { title: 'BAD → MID', preferred: true }] });
  const s = JSON.parse((await run(['.', '-f', 'sarif'], dir)).stdout);
  assert.equal(s.version, '2.1.0');
  assert.equal(s.runs[0].tool.driver.name, 'dind-doctor');
  assert.deepEqual(s.runs[0].tool.driver.rules[0].shortDescription, { text: 'bad' });
  assert.match(s.runs[0].tool.driver.rules[0].helpUri, /docs\/rules\/bad-thing\.md$/);
  const cq = JSON.parse((await run(['.', '-f', 'codequality'], dir)).stdout);
  assert.equal(cq[0].location.path, '.gitlab-ci.yml');
  assert.equal(cq[0].severity, 'critical');
  const o = await run(['.', '-f', 'json', '-o', 'reports/out.json'], dir);
  assert.equal(o.code, 1);
  assert.equal(o.stdout, '');
  assert.equal(JSON.parse(readFileSync(join(dir, 'reports/out.json'), 'utf8')).length, 2);
});

// ---- configuration ----

test('severity overrides: .dind-doctor.json at the root, then --rule flags win', async () => {
  const dir = project({
    '.gitlab-ci.yml': 'BAD\nWARN\nNOTE\n',
    '.dind-doctor.json': JSON.stringify({ rules: { 'bad-thing': 'warning', 'warn-thing': 'off', 'note-thing': 'error' }, runner: { executor: 'docker' }, ciFiles: ['ci/*.yml'], schemaValidation: false }),
  });
  created.length = 0;
  const r = await run(['.', '--rule', 'note-thing=info', '--executor', 'kubernetes', '-f', 'json'], dir);
  const ws = created[0];
  assert.deepEqual(ws.opts.analyze?.rules, { 'bad-thing': 'warning', 'warn-thing': 'off', 'note-thing': 'info' });
  assert.deepEqual(ws.opts.analyze?.runner, { executor: 'kubernetes' });
  assert.equal(ws.opts.analyze?.schemaValidation, false);
  assert.deepEqual(ws.opts.ciFiles, ['ci/*.yml']);
  assert.deepEqual(ws.opts.roots, [dir]);
  assert.deepEqual(JSON.parse(r.stdout).map((f: Finding) => `${f.ruleId}:${f.severity}`), ['bad-thing:warning', 'note-thing:info']);
  assert.equal(r.code, 0);
  // Without the flag, the file's executor is used.
  created.length = 0;
  await run(['.'], dir);
  assert.deepEqual(created[0].opts.analyze?.runner, { executor: 'docker' });
  assert.deepEqual(mergeSeverities({ a: 'off', b: 'error' }, undefined, { b: 'info' }), { a: 'off', b: 'info' });
});

test('a file argument in a subfolder uses the project root (where .dind-doctor.json or .git is)', async () => {
  const dir = project({ '.dind-doctor.json': '{"rules":{"bad-thing":"off"}}', 'ci/build.yml': 'BAD\n' });
  created.length = 0;
  const r = await run(['ci/build.yml'], dir);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.deepEqual(created[0].opts.roots, [dir]);
  assert.deepEqual(created[0].opts.ciFiles, ['ci/build.yml'], 'a file named on the command line is analysed as a CI file');
});

test('a bad .dind-doctor.json: exit 2 naming the file and the problem', async () => {
  const cases: [string, RegExp][] = [
    ['{ "rules": { "bad-thing": "loud" } }', /\.dind-doctor\.json: "rules"\."bad-thing": severity must be one of/],
    ['{ "rules": ', /\.dind-doctor\.json: is not valid JSON/],
    ['[]', /must hold a JSON object/],
    ['{ "rule": {} }', /unknown key "rule" \(did you mean "rules"\?\)/],
    ['{ "rules": { "no-such-rule": "off" } }', /unknown rule "no-such-rule"/],
    ['{ "ciFiles": "x" }', /"ciFiles" must be an array/],
    ['{ "runner": { "executor": "podman" } }', /unknown executor "podman"/],
    ['{ "schemaValidation": "yes", "rules": 3 }', /\(and 1 more problem\)/],
  ];
  for (const [text, pattern] of cases) {
    const dir = project({ '.gitlab-ci.yml': 'x\n', '.dind-doctor.json': text });
    assertUsageError(await run(['.'], dir), pattern);
  }
});

test('--runner-config: used as a runner config and analysed', async () => {
  const dir = project({ '.gitlab-ci.yml': 'x\n', 'deploy/runner.toml': 'WARN\n' });
  created.length = 0;
  const r = await run(['.', '--runner-config', 'deploy/runner.toml', '-f', 'json'], dir);
  assert.deepEqual(created[0].opts.runnerConfigFiles, ['deploy/runner.toml']);
  assert.deepEqual(JSON.parse(r.stdout).map((f: Finding) => f.file), ['deploy/runner.toml']);
});

// ---- --fix ----

test('--fix-suggestions applies preferred fixes over several passes and files, rewrites them, reports what remains', async () => {
  const dir = project({
    '.gitlab-ci.yml': 'one: BAD\ntwo: CROSS\nthree: WARN\n',
    'ci/x.gitlab-ci.yml': 'x: MID BAD\n',
    'runner/config.toml': '[[runners]]\n  privileged = false\n',
  });
  created.length = 0;
  const r = await run(['.', '--fix-suggestions'], dir);
  assert.equal(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8'), 'one: GOOD\ntwo: cross\nthree: WARN\n');
  assert.equal(readFileSync(join(dir, 'ci/x.gitlab-ci.yml'), 'utf8'), 'x: GOOD GOOD\n');
  assert.equal(readFileSync(join(dir, 'runner/config.toml'), 'utf8'), '[[runners]]\n  privileged = true\n', 'a cross-file fix edits the runner config');
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /^Fixed 4 problems in \.gitlab-ci\.yml, runner\/config\.toml, ci\/x\.gitlab-ci\.yml\./);
  assert.match(r.stdout, /\.gitlab-ci\.yml:3:8 {2}warning {2}WARN found/);
  assert.match(r.stdout, /✖ 1 problem \(0 errors, 1 warning, 0 infos\)/);
  assert.ok(created[0].changedFiles.includes(join(dir, 'runner/config.toml')), 'the engine is told what changed');
  // Nothing left to fix: files untouched, no "Fixed" line.
  const again = await run(['.', '--fix'], dir);
  assert.ok(!again.stdout.startsWith('Fixed'));
});

test('--fix applies safe fixes only: a fix that edits another file (the runner config) waits for --fix-suggestions', async () => {
  const dir = project({
    '.gitlab-ci.yml': 'one: BAD\ntwo: CROSS\n',
    'runner/config.toml': '[[runners]]\n  privileged = false\n',
  });
  const before = await run(['.'], dir);
  assert.match(before.stdout, /✖ 2 problems \(2 errors, 0 warnings, 0 infos\)\n {2}1 problem is fixable with the `--fix` option\.\n$/, 'the count is what --fix fixes');
  const r = await run(['.', '--fix'], dir);
  assert.equal(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8'), 'one: GOOD\ntwo: CROSS\n');
  assert.equal(readFileSync(join(dir, 'runner/config.toml'), 'utf8'), '[[runners]]\n  privileged = false\n');
  assert.match(r.stdout, /^Fixed 1 problem in \.gitlab-ci\.yml\./, 'BAD → MID → GOOD is one problem fixed');
  assert.match(r.stdout, /CROSS needs a privileged runner/);
  assert.ok(!r.stdout.includes('fixable'), r.stdout);
  assert.equal(r.code, 1);
});

test('--fix: overlapping and conflicting fixes are applied one at a time, without a fix loop', async () => {
  // Two findings on one word: BAD → MID and, after re-analysis, MID → GOOD.
  const dir = project({ '.gitlab-ci.yml': 'BADBAD\n' });
  const r = await run(['--fix', '-f', 'json'], dir);
  assert.equal(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8'), 'GOODGOOD\n');
  assert.deepEqual(JSON.parse(r.stdout), []);
  assert.equal(r.code, 0);
});

test('--fix: a fix that never ends stops at 10 passes', async () => {
  const dir = project({ '.gitlab-ci.yml': 'BAD\n' });
  let calls = 0;
  const loop = (fs: FileSystem, opts: WorkspaceOptions): WorkspaceApi => {
    const ws = new FakeWorkspace(fs, opts);
    ws.analyze = (path: string) => {
      calls++;
      const text = fs.readFile(path) ?? '';
      // always offers "append x<n>" at the end of line 1 (a different text each time)
      const end = { line: 0, character: text.indexOf('\n') };
      return [{ ruleId: 'bad-thing', severity: 'error', message: 'm', file: path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, fixes: [{ title: 'grow', preferred: true, edits: [{ file: path, edits: [{ range: { start: end, end }, newText: `x${text.length}` }] }] }] }];
    };
    return ws;
  };
  const r = await run(['--fix', '-f', 'json'], dir, { createWorkspace: loop });
  assert.equal(r.code, 1);
  assert.equal(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8'), 'BADx4x6x8x10x13x16x19x22x25x28\n', 'at most 10 passes');
  assert.ok(calls <= 11);
});

test('--fix: a fix that would insert again what it inserted stops the loop, and says so', async () => {
  const dir = project({ '.gitlab-ci.yml': 'BAD\n' });
  const loop = (fs: FileSystem, opts: WorkspaceOptions): WorkspaceApi => {
    const ws = new FakeWorkspace(fs, opts);
    ws.analyze = (path: string) => {
      const text = fs.readFile(path) ?? '';
      // always offers "append x" at the end of line 1
      return [{ ruleId: 'bad-thing', severity: 'error', message: 'm', file: path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, fixes: [{ title: 'grow', preferred: true, edits: [{ file: path, edits: [{ range: { start: { line: 0, character: text.indexOf('\n') }, end: { line: 0, character: text.indexOf('\n') } }, newText: 'x' }] }] }] }];
    };
    return ws;
  };
  const r = await run(['--fix'], dir, { createWorkspace: loop });
  assert.equal(r.code, 1);
  assert.equal(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8'), 'BADx\n', 'inserted once');
  assert.match(r.stderr, /dind-doctor: warning: \.gitlab-ci\.yml: fix 'grow' not applied: it would insert again what an earlier pass inserted/);
  assert.match(r.stderr, /--fix stopped early/);
});

test('without --fix nothing is written', async () => {
  const dir = project({ '.gitlab-ci.yml': 'BAD\n' });
  await run(['.'], dir);
  assert.equal(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8'), 'BAD\n');
});

// ---- the real engine ----

const REAL_CI = `build:
  image: docker:27
  services:
    - docker:27-dind
  variables:
    DOCKER_HOST: tcp://docker:2375
    DOCKER_TLS_CERTDIR: "/certs"
  script:
    - docker build -t app .
`;

test('real engine: finds, reports and fixes a TLS port mismatch', { skip: !existsSync(join(__dirname, '../server/src/engine/workspace.ts')) }, async () => {
  const dir = project({ '.gitlab-ci.yml': REAL_CI });
  const real = { createWorkspace: undefined, ruleMeta: undefined };
  const j = await run(['-f', 'json'], dir, real);
  assert.equal(j.code, 1, j.stderr);
  const tls = JSON.parse(j.stdout).find((f: { ruleId: string }) => f.ruleId === 'dind-tls-port-mismatch');
  assert.ok(tls, j.stdout);
  assert.equal(tls.file, '.gitlab-ci.yml');
  assert.equal(tls.line, 6);
  const sarif = JSON.parse((await run(['-f', 'sarif'], dir, real)).stdout);
  const rule = sarif.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === 'dind-tls-port-mismatch');
  assert.equal(rule.defaultConfiguration.level, 'error');
  assert.ok(rule.shortDescription.text.length > 0);
  const off = await run(['-f', 'json', '--rule', 'dind-tls-port-mismatch=off'], dir, real);
  assert.ok(!JSON.parse(off.stdout).some((f: { ruleId: string }) => f.ruleId === 'dind-tls-port-mismatch'));
  await run(['--fix'], dir, real);
  assert.match(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8'), /DOCKER_HOST: tcp:\/\/docker:2376/);
  const after = JSON.parse((await run(['-f', 'json'], dir, real)).stdout);
  assert.ok(!after.some((f: { ruleId: string }) => f.ruleId === 'dind-tls-port-mismatch'), JSON.stringify(after));
  rmSync(dir, { recursive: true, force: true });
});

const REAL = { createWorkspace: undefined, ruleMeta: undefined };
const HAS_ENGINE = existsSync(join(__dirname, '../server/src/engine/workspace.ts'));

test('real engine --fix: a file that does not parse gets no fix at all', { skip: !HAS_ENGINE }, async () => {
  const broken = REAL_CI + 'deploy:\n  script: [a\n';
  const dir = project({ '.gitlab-ci.yml': broken });
  const lint = await run(['-f', 'json'], dir, REAL);
  const found = JSON.parse(lint.stdout) as { ruleId: string; fixes: unknown[] }[];
  assert.ok(found.some((f) => f.ruleId === 'yaml-syntax-error'), lint.stdout);
  assert.deepEqual(found.filter((f) => f.fixes.length > 0), [], 'no fix offered in a file that does not parse');
  for (let i = 0; i < 2; i++) await run(['--fix-suggestions'], dir, REAL);
  assert.equal(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8'), broken);
});

test('real engine --fix: an include above the project root is never written', { skip: !HAS_ENGINE }, async () => {
  const outer = project({ 'outside.yml': REAL_CI, 'proj/.dind-doctor.json': '{}', 'proj/.gitlab-ci.yml': 'include:\n  - local: ../outside.yml\n' });
  const r = await run(['.', '--fix-suggestions'], join(outer, 'proj'), REAL);
  assert.equal(readFileSync(join(outer, 'outside.yml'), 'utf8'), REAL_CI);
  assert.match(r.stderr, /\.\.\/outside\.yml: fix 'Use TLS: set DOCKER_HOST to port 2376, with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH' not applied: it is outside the project folder/);
  assert.ok(!r.stdout.startsWith('Fixed'));
});

test('real engine --fix: a file that is not valid UTF-8 is left byte for byte, with a warning', { skip: !HAS_ENGINE }, async () => {
  const dir = project({});
  const bytes = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(' (latin-1)\n' + REAL_CI)]);
  writeFileSync(join(dir, '.gitlab-ci.yml'), bytes);
  const r = await run(['--fix'], dir, REAL);
  assert.deepEqual(readFileSync(join(dir, '.gitlab-ci.yml')), bytes);
  assert.match(r.stderr, /\.gitlab-ci\.yml: fix 'Use TLS: set DOCKER_HOST to port 2376, with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH' not applied: it is not valid UTF-8/);
});

test('real engine --fix: CRLF line ends and a byte order mark are kept; a second --fix changes nothing', { skip: !HAS_ENGINE }, async () => {
  const dir = project({});
  const crlf = '\uFEFF' + REAL_CI.replace(/\n/g, '\r\n');
  writeFileSync(join(dir, '.gitlab-ci.yml'), crlf);
  const r = await run(['--fix'], dir, REAL);
  assert.match(r.stdout, /^Fixed 1 problem in \.gitlab-ci\.yml\./);
  const after = readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8');
  assert.equal(after, crlf.replace('tcp://docker:2375\r\n', 'tcp://docker:2376\r\n    DOCKER_TLS_VERIFY: "1"\r\n    DOCKER_CERT_PATH: $DOCKER_TLS_CERTDIR/client\r\n'));
  await run(['--fix'], dir, REAL);
  assert.equal(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8'), after);
});

test('real engine: the examples folder runs without an internal error', { skip: !existsSync(join(__dirname, '../examples')) }, async () => {
  const r = await run(['examples'], join(__dirname, '..'), { createWorkspace: undefined, ruleMeta: undefined });
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
});
