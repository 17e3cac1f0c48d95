/** lsp/warm-up.ts: the sample the language server analyses while idle exercises the parsers, the models and rules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { warmUpSteps } from '../server/src/lsp/warm-up';

test('the warm-up analyses its built-in CI file and runner config in many short steps, through rules of every family', () => {
  const g = warmUpSteps();
  let steps = 0;
  let r = g.next();
  for (; !r.done; r = g.next()) steps++;
  assert.ok(steps > 50, `${steps} steps: a newly opened file waits for one at most`);
  const rules = new Set(r.value.map((f) => f.ruleId));
  for (const id of ['dind-tls-port-mismatch', 'kaniko-entrypoint-not-reset', 'buildkit-rootless-entrypoint-not-reset', 'socket-binding-root-equivalent']) assert.ok(rules.has(id), `${id} in ${[...rules].join(', ')}`);
  assert.ok(r.value.every((f) => f.file.startsWith('/dind-doctor-warm-up/')), 'it reads nothing but its own files');
});
