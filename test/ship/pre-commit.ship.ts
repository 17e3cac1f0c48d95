/**
 * The pre-commit hook (.pre-commit-hooks.yaml) with the system's pre-commit (Debian package `pre-commit`, installed
 * by .ci/run) in a temporary git repository: `pre-commit install`, then real `git commit`s. pre-commit clones this
 * repository at its HEAD commit and builds the hook the way it does for a user (npm install, npm pack, npm install
 * -g), so what is tested is the committed hook. Without pre-commit the test is skipped, except in CI (CI=true),
 * where that is a failure. Run with `npm run test:package` (several minutes: the first use installs the hook).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'dd-pre-commit-')));
after(() => rmSync(tmp, { recursive: true, force: true }));

const repo = join(tmp, 'repo');
const env = {
  ...process.env,
  PRE_COMMIT_HOME: join(tmp, 'pre-commit-home'),
  // The hook's one-time `npm install` takes packages from npm's cache when it has them.
  npm_config_prefer_offline: 'true',
  GIT_AUTHOR_NAME: 'dd', GIT_AUTHOR_EMAIL: 'dd@localhost', GIT_COMMITTER_NAME: 'dd', GIT_COMMITTER_EMAIL: 'dd@localhost',
};
const sh = (cmd: string, args: string[], cwd = repo): SpawnSyncReturns<string> => spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 900_000 });
const git = (...args: string[]) => sh('git', args);

test('pre-commit runs the dind-doctor hook on commits: blocks a broken CI file, passes a fixed one, skips other files', (t) => {
  const version = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  if (version.error) {
    assert.notEqual(process.env.CI, 'true', 'pre-commit is not installed; CI must run this test (.ci/run installs the Debian package)');
    t.skip('pre-commit is not installed (apt-get install pre-commit)');
    return;
  }
  t.diagnostic(version.stdout.trim());
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  assert.match(head, /^[0-9a-f]{40}$/);
  const dirty = spawnSync('git', ['status', '--porcelain', '--', '.pre-commit-hooks.yaml', 'package.json', 'server', 'scripts'], { cwd: ROOT, encoding: 'utf8' }).stdout;
  if (dirty) t.diagnostic(`uncommitted changes are not part of the tested hook (it is built from HEAD ${head.slice(0, 8)}):\n${dirty}`);

  mkdirSync(repo);
  assert.equal(git('init', '-q', '.').status, 0);
  writeFileSync(join(repo, '.pre-commit-config.yaml'), `repos:\n  - repo: ${ROOT}\n    rev: ${head}\n    hooks:\n      - id: dind-doctor\n`);
  const install = sh('pre-commit', ['install']);
  assert.equal(install.status, 0, install.stderr);

  // A broken pipeline (TLS/port mismatch, unprivileged runner): the commit is refused with the findings.
  cpSync(join(ROOT, 'examples', 'docker-executor'), repo, { recursive: true });
  git('add', '-A');
  const broken = git('commit', '-q', '-m', 'broken');
  const out = broken.stdout + broken.stderr;
  assert.notEqual(broken.status, 0, `the commit went through:\n${out}`);
  assert.match(out, /dind-doctor\.+Failed/);
  assert.match(out, /\.gitlab-ci\.yml:\d+:\d+ {2}error .*\[dind-tls-port-mismatch\]/);
  assert.equal(git('rev-parse', '--verify', '-q', 'HEAD').status, 1, 'nothing was committed');

  // The fixed pipeline and runner: the hook passes and the commit is made.
  for (const f of ['.gitlab-ci.yml', 'config.toml']) writeFileSync(join(repo, f), readFileSync(join(ROOT, 'examples', 'fixed-docker-executor', f)));
  git('add', '-A');
  const fixed = git('commit', '-q', '-m', 'fixed');
  assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr);
  assert.match(fixed.stdout + fixed.stderr, /dind-doctor\.+Passed/);

  // A commit with no YAML or TOML file does not run the hook.
  writeFileSync(join(repo, 'notes.txt'), 'hello\n');
  git('add', 'notes.txt');
  const other = git('commit', '-q', '-m', 'notes');
  assert.equal(other.status, 0, other.stdout + other.stderr);
  assert.match(other.stdout + other.stderr, /dind-doctor\.+\(no files to check\)Skipped/);
  assert.equal(git('rev-list', '--count', 'HEAD').stdout.trim(), '2');
});
