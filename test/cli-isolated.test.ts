/**
 * The text report on huge inputs (issue 12): the analysis and the dry run of --fix behind "N problems are fixable"
 * run in two worker threads, one after the other, so that the first model is given back before the second is built.
 * `DIND_DOCTOR_ISOLATE_FROM` lowers the size from which that happens, so that small projects show the worker path
 * gives the very report of the in-process path. Runs the built CLI (dist/cli.js), as a user does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { TLS_PORT_MISMATCH_CI } from './ci-fixtures';

const CLI = join(__dirname, '..', 'dist', 'cli.js');

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dd-isolated-'));
  for (const [name, text] of Object.entries(files)) { mkdirSync(dirname(join(dir, name)), { recursive: true }); writeFileSync(join(dir, name), text); }
  return dir;
}

function lint(dir: string, args: string[], isolateFrom: number): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DIND_DOCTOR_DEBUG: '1', DIND_DOCTOR_ISOLATE_FROM: String(isolateFrom) } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cases: [string, Record<string, string>, string[]][] = [
  // a kaniko image a safe fix replaces: the dry run of --fix runs
  ['safe fixes', { '.gitlab-ci.yml': TLS_PORT_MISMATCH_CI + 'kaniko:\n  image:\n    name: gcr.io/kaniko-project/executor:debug\n    entrypoint: [""]\n  script: [/kaniko/executor --context . --no-push]\n' }, []],
  // a runner config and a CI file (cross-file findings), no safe fix
  ['runner config', { '.gitlab-ci.yml': TLS_PORT_MISMATCH_CI, 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = false\n' }, ['.']],
  ['no problems', { '.gitlab-ci.yml': 'test:\n  image: alpine:3.20\n  script: [echo ok]\n' }, []],
];

for (const [name, files, args] of cases) {
  test(`text report in worker threads equals the in-process one: ${name}`, () => {
    const dir = project(files);
    try {
      const inProcess = lint(dir, args, 1 << 30);
      const isolated = lint(dir, args, 0);
      assert.equal(inProcess.stderr, '', 'in the process below the size');
      const fixable = name === 'safe fixes';
      assert.match(isolated.stderr, fixable ? /^dind-doctor: debug: \d+ bytes: analysed and counted fixable problems in worker threads\n$/ : /^dind-doctor: debug: \d+ bytes: analysed in a worker thread\n$/);
      assert.equal(isolated.stdout, inProcess.stdout);
      assert.equal(isolated.code, inProcess.code);
      assert.match(inProcess.stdout, name === 'no problems' ? /no problems/ : /✖ \d+ problems?/);
      if (fixable) assert.match(isolated.stdout, /1 problem is fixable with the `--fix` option\./);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
