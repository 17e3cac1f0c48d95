/**
 * Issue 12 (memory stays proportional): after an edit, nothing keeps the previous analysis alive. An incremental
 * re-parse shares the nodes of unchanged entries with the new tree, so a cache keyed by nodes that holds closures of
 * a pipeline build kept every earlier pipeline (its jobs and its parse) reachable: on a 9,000-job file the CLI's
 * fixable count (a second analysis) held two. The check runs in a child process with `--expose-gc`, where a
 * FinalizationRegistry sees the first pipeline, its jobs and its parse go.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

test('a pipeline is collected once its file changed and was analysed again', () => {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, 'fixtures', 'retention-child.ts')], { encoding: 'utf8', cwd: join(__dirname, '..') });
  const r = JSON.parse(out) as { collected: string[]; jobs: number };
  assert.equal(r.jobs, 31, 'the second analysis built the whole pipeline');
  assert.deepEqual(r.collected, ['job', 'parse', 'pipeline'], 'the first pipeline, its jobs and the first parse are no longer reachable');
});
