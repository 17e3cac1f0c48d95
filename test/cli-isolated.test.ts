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

const KANIKO = 'kaniko:\n  image:\n    name: gcr.io/kaniko-project/executor:debug\n    entrypoint: [""]\n  script: [/kaniko/executor --context . --no-push]\n';

// [name, files, arguments, what the worker path says on stderr (DIND_DOCTOR_DEBUG), the fixable count]
const cases: [string, Record<string, string>, string[], RegExp, number][] = [
  // a kaniko image a safe fix replaces: the dry run of --fix runs in a second worker (the folder: after the set-up here)
  ['safe fixes, the folder', { '.gitlab-ci.yml': TLS_PORT_MISMATCH_CI + KANIKO }, [], /^dind-doctor: debug: \d+ bytes: analysed and counted fixable problems in worker threads\n$/, 1],
  // the same with the file named: the workers run before this process sets anything up
  ['safe fixes, the file', { '.gitlab-ci.yml': TLS_PORT_MISMATCH_CI + KANIKO }, ['.gitlab-ci.yml'], /^dind-doctor: debug: \d+ bytes: analysed and counted fixable problems in worker threads, nothing set up here\n$/, 1],
  // a runner config and a CI file (cross-file findings), no safe fix
  ['runner config', { '.gitlab-ci.yml': TLS_PORT_MISMATCH_CI, 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = false\n' }, ['.'], /^dind-doctor: debug: \d+ bytes: analysed in a worker thread\n$/, 0],
  ['no problems, the file', { '.gitlab-ci.yml': 'test:\n  image: alpine:3.20\n  script: [echo ok]\n' }, ['.gitlab-ci.yml'], /^dind-doctor: debug: \d+ bytes: analysed in a worker thread, nothing set up here\n$/, 0],
  // an error a worker meets: the usual way reports it, as without workers
  ['an unknown rule', { '.gitlab-ci.yml': KANIKO }, ['--rule', 'no-such-rule=off', '.gitlab-ci.yml'], /^dind-doctor: --rule no-such-rule=off: unknown rule "no-such-rule"\n$/, 0],
  ['--output over the linted file', { '.gitlab-ci.yml': KANIKO }, ['-o', '.gitlab-ci.yml', '.gitlab-ci.yml'], /^dind-doctor: --output \.gitlab-ci\.yml is a file this run reads/, 0],
];

for (const [name, files, args, said, fixable] of cases) {
  test(`text report in worker threads equals the in-process one: ${name}`, () => {
    const dir = project(files);
    try {
      const inProcess = lint(dir, args, 1 << 30);
      const isolated = lint(dir, args, 0);
      assert.match(isolated.stderr, said);
      if (said.source.includes('debug')) assert.equal(inProcess.stderr, '', 'in the process below the size');
      else assert.equal(isolated.stderr, inProcess.stderr);
      assert.equal(isolated.stdout, inProcess.stdout);
      assert.equal(isolated.code, inProcess.code);
      if (fixable) assert.match(isolated.stdout, new RegExp(`${fixable} problems? (is|are) fixable with the \`--fix\` option\\.`));
      else if (isolated.code !== 2) assert.doesNotMatch(isolated.stdout, /fixable/);
      if (name.startsWith('no problems')) assert.match(isolated.stdout, /no problems/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
