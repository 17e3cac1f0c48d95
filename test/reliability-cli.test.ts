/** The CLI on hostile input: no internal error, no report written over an input file. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../server/src/cli';
import { NodeFileSystem } from '../server/src/engine/nodefs';

const dir = mkdtempSync(join(tmpdir(), 'dd-rel-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const CI = 'build:\n  image: alpine:3\n  script: [echo hi]\n';

async function cli(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '', stderr = '';
  const code = await main(argv, { cwd, stdout: { write: (s: string) => { stdout += s; } }, stderr: { write: (s: string) => { stderr += s; } } });
  return { code, stdout, stderr };
}

test('--output refuses to overwrite a linted file, a runner config or the project file (also through a symlink)', async () => {
  const p = join(dir, 'out'); mkdirSync(join(p, '.git'), { recursive: true });
  writeFileSync(join(p, '.gitlab-ci.yml'), CI);
  writeFileSync(join(p, 'config.toml'), '[[runners]]\n  executor = "docker"\n');
  symlinkSync(join(p, '.gitlab-ci.yml'), join(p, 'link.yml'));
  for (const target of ['.gitlab-ci.yml', 'config.toml', 'link.yml', '.dind-doctor.json']) {
    const r = await cli(['--output', target, '.'], p);
    assert.equal(r.code, 2, target);
    assert.match(r.stderr, new RegExp(`--output ${target.replace('.', '\\.')} is a file this run reads`));
  }
  assert.equal(readFileSync(join(p, '.gitlab-ci.yml'), 'utf8'), CI);
  const ok = await cli(['--format', 'json', '--output', 'report.json', '.'], p);
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(JSON.parse(readFileSync(join(p, 'report.json'), 'utf8')), []);
});

test('TOML arrays nested 2,000 and 5,000 deep and YAML nested 1,000+ deep: a finding, never an internal error', async () => {
  const p = join(dir, 'deep'); mkdirSync(join(p, '.git'), { recursive: true });
  for (const n of [2000, 5000]) {
    writeFileSync(join(p, 'config.toml'), '[[runners]]\n  executor = "docker"\n  x = ' + '['.repeat(n) + ']'.repeat(n) + '\n');
    const r = await cli(['config.toml'], p);
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stderr + r.stdout, /internal error|Maximum call stack/);
    assert.match(r.stdout, /config\.toml:3:107 {2}error {2}Nested deeper than 100 levels/);
  }
  let block = 'build:\n';
  for (let i = 1; i < 1200; i++) block += '  '.repeat(i) + `k${i}:\n`;
  writeFileSync(join(p, '.gitlab-ci.yml'), block);
  const y = await cli(['.gitlab-ci.yml'], p);
  assert.equal(y.code, 1);
  assert.doesNotMatch(y.stderr + y.stdout, /internal error|Maximum call stack/);
  assert.match(y.stdout, /\.gitlab-ci\.yml:101:201 {2}error {2}Nested deeper than 100 levels/);
});

test('discovery honours nested .gitignore files: patterns relative to their folder, a deeper file re-including what a higher one ignores', () => {
  const p = join(dir, 'nested-ignore');
  const files = [
    '.gitlab-ci.yml', 'root-drop.tmp',
    'svc/a.gitlab-ci.yml', 'svc/generated/b.gitlab-ci.yml', 'svc/keep.tmp', 'svc/drop.yml',
    'svc/deep/c.yml', 'svc/deep/drop.yml', 'other/drop.yml', 'other/generated/d.yml',
  ];
  for (const f of files) { mkdirSync(join(p, f, '..'), { recursive: true }); writeFileSync(join(p, f), CI); }
  writeFileSync(join(p, '.gitignore'), '*.tmp\n');
  // relative to svc/: `generated/` and `/drop.yml` (anchored: svc/drop.yml only); `!keep.tmp` re-includes a root-ignored file
  writeFileSync(join(p, 'svc', '.gitignore'), 'generated/\n/drop.yml\n!keep.tmp\n');
  writeFileSync(join(p, 'svc', 'deep', '.gitignore'), 'drop.yml\n');
  const listed = new NodeFileSystem().listFiles(p).map((f) => f.slice(p.length + 1)).sort();
  assert.deepEqual(listed, [
    '.gitignore', '.gitlab-ci.yml',
    'other/drop.yml', 'other/generated/d.yml',
    'svc/.gitignore', 'svc/a.gitlab-ci.yml', 'svc/deep/.gitignore', 'svc/deep/c.yml', 'svc/keep.tmp',
  ]);
});

test('discovery skips .git, node_modules and what the root .gitignore ignores; a time cap stops it with a note', () => {
  const p = join(dir, 'disc');
  for (const f of ['.gitlab-ci.yml', 'ci/a.yml', 'build/x.gitlab-ci.yml', 'node_modules/m/.gitlab-ci.yml', '.git/x.yml', 'logs/keep.yml', 'logs/drop.log', '.gitlab/ci.yml']) {
    mkdirSync(join(p, f, '..'), { recursive: true });
    writeFileSync(join(p, f), CI);
  }
  writeFileSync(join(p, '.gitignore'), 'build/\n*.log\n');
  const listed = new NodeFileSystem().listFiles(p).map((f) => f.slice(p.length + 1)).sort();
  assert.deepEqual(listed, ['.gitignore', '.gitlab-ci.yml', '.gitlab/ci.yml', 'ci/a.yml', 'logs/keep.yml']);
  const notes: string[] = [];
  const capped = new NodeFileSystem({ maxMillis: -1, onLimit: (_d, _m, note) => notes.push(note) }).listFiles(p);
  assert.deepEqual(capped, []);
  assert.deepEqual(notes, ['stopped after -1 ms with 0 files listed; files beyond are not analysed (open the project folder itself, or narrow it)']);
});
