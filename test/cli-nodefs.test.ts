import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFileSystem, isSkippedFolder, toAbsolutePosix } from '../server/src/engine/nodefs';
import { FileReadError } from '../server/src/engine/types';

const tempDirs: string[] = [];
after(() => { for (const d of tempDirs) rmSync(d, { recursive: true, force: true }); });

function tree(files: Record<string, string>): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'dind-doctor-fs-'))).replace(/\\/g, '/');
  tempDirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

test('readFile: text, undefined when missing, FileReadError when unreadable', () => {
  const dir = tree({ 'a.yml': 'x: 1\n', 'sub/b.yml': 'y\n' });
  const fs = new NodeFileSystem();
  assert.equal(fs.readFile(`${dir}/a.yml`), 'x: 1\n');
  assert.equal(fs.readFile(`${dir}/missing.yml`), undefined);
  assert.equal(fs.readFile(`${dir}/a.yml/below`), undefined, 'ENOTDIR counts as missing');
  assert.throws(() => fs.readFile(`${dir}/sub`), (e: unknown) => e instanceof FileReadError && /cannot read .*sub: it is a folder, not a file/.test((e as Error).message));
});

test('readFile: a byte order mark is stripped and restored on write', () => {
  const dir = tree({ 'bom.yml': '\uFEFFa: 1\n' });
  const fs = new NodeFileSystem();
  assert.equal(fs.readFile(`${dir}/bom.yml`), 'a: 1\n');
  fs.writeFile(`${dir}/bom.yml`, 'a: 2\n');
  assert.equal(readFileSync(`${dir}/bom.yml`, 'utf8'), '\uFEFFa: 2\n');
});

test('listFiles: recursive, absolute, a folder\'s files before its subfolders\', in name order, skipping node_modules, .git and dot-folders but not .gitlab', () => {
  const dir = tree({
    '.gitlab-ci.yml': '', 'b/config.toml': '', 'a/x.yml': '', '.gitlab/ci/build.yml': '', '.dind-doctor.json': '',
    'node_modules/p/.gitlab-ci.yml': '', '.git/config': '', '.cache/x.yml': '', 'a/node_modules/y.yml': '',
  });
  const files = new NodeFileSystem().listFiles(dir).map((f) => f.slice(dir.length + 1));
  assert.deepEqual(files, ['.dind-doctor.json', '.gitlab-ci.yml', '.gitlab/ci/build.yml', 'a/x.yml', 'b/config.toml']);
  assert.ok(new NodeFileSystem().listFiles(dir + '/').every((f) => f.startsWith(dir + '/') && !f.includes('//')));
  assert.equal(isSkippedFolder('.gitlab'), false);
  assert.equal(isSkippedFolder('.github'), true);
});

test('listFiles: symlink loops are safe, linked files and folders are listed once', (t) => {
  const dir = tree({ 'real/.gitlab-ci.yml': '', 'real/deep/c.toml': '' });
  try {
    symlinkSync(dir, `${dir}/real/deep/loop`, 'dir');
    symlinkSync(`${dir}/real`, `${dir}/alias`, 'dir');
    symlinkSync(`${dir}/real/.gitlab-ci.yml`, `${dir}/linked.gitlab-ci.yml`, 'file');
    symlinkSync(`${dir}/nowhere`, `${dir}/dangling.yml`, 'file');
  } catch {
    return t.skip('symlinks not permitted');
  }
  const files = new NodeFileSystem().listFiles(dir).map((f) => f.slice(dir.length + 1)).sort();
  // `alias` and `real` are one folder: entered once (by whichever name comes first).
  assert.deepEqual(files, ['alias/.gitlab-ci.yml', 'alias/deep/c.toml', 'linked.gitlab-ci.yml']);
});

test('listFiles: the file cap stops the walk and says so', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 30; i++) files[`d${i % 3}/f${i}.yml`] = '';
  const dir = tree(files);
  const hits: [string, number][] = [];
  const fs = new NodeFileSystem({ maxFiles: 10, onLimit: (d, n) => hits.push([d, n]) });
  assert.equal(fs.listFiles(dir).length, 10);
  assert.deepEqual(hits, [[dir, 10]]);
  assert.deepEqual(new NodeFileSystem().listFiles(`${dir}/nope`), []);
});

test('toAbsolutePosix', () => {
  assert.equal(toAbsolutePosix('a/../b', '/x/y'), '/x/y/b');
  assert.equal(toAbsolutePosix('/abs', '/x'), '/abs');
});
