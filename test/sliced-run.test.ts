/**
 * lsp/sliced.ts (runSliced itself): an analysis run in slices — its value, cancellation, staleness, errors, and `waitFor` (a background
 * run that gives way while the files being edited are analysed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSliced } from '../server/src/lsp/sliced';

/** Steps that record when they ran; the value is the number of steps. */
function* steps(n: number, log: string[]): Generator<void, number, void> {
  for (let i = 0; i < n; i++) { log.push(`step ${i}`); yield; }
  return n;
}

function outcome() {
  let resolve!: (v: string) => void;
  const p = new Promise<string>((r) => { resolve = r; });
  return { p, done: (v: number) => resolve(`done ${v}`), dropped: () => resolve('dropped'), failed: (e: unknown) => resolve(`failed ${(e as Error).message}`) };
}

test('with a zero slice every step is its own slice: other callbacks run between them, and the value arrives at the end', async () => {
  const log: string[] = [];
  const o = outcome();
  runSliced(steps(3, log), { sliceMs: 0, stale: () => false, ...o });
  log.push('after the call');
  setImmediate(() => log.push('between'));
  assert.equal(await o.p, 'done 3');
  assert.deepEqual(log.slice(0, 2), ['step 0', 'after the call'], 'the first slice runs at once, the second later');
  assert.ok(log.indexOf('between') > 1 && log.indexOf('between') < log.length - 1, log.join());
});

test('an unbounded slice runs every step at once', () => {
  const log: string[] = [];
  let value: number | undefined;
  runSliced(steps(5, log), { sliceMs: Infinity, stale: () => false, done: (v) => { value = v; }, dropped: () => assert.fail(), failed: () => assert.fail() });
  assert.equal(value, 5);
  assert.equal(log.length, 5);
});

test('cancel stops the steps and no callback runs; a stale run is dropped; a throwing step fails the run', async () => {
  const log: string[] = [];
  const calls: string[] = [];
  const run = runSliced(steps(10, log), { sliceMs: 0, stale: () => false, done: () => calls.push('done'), dropped: () => calls.push('dropped'), failed: () => calls.push('failed') });
  run.cancel();
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual([log.length, calls], [1, []]);

  let stale = false;
  const o = outcome();
  runSliced(steps(10, []), { sliceMs: 0, stale: () => stale, ...o });
  stale = true;
  assert.equal(await o.p, 'dropped');

  const f = outcome();
  runSliced((function* () { yield; throw new Error('boom'); })(), { sliceMs: 0, stale: () => false, ...f });
  assert.equal(await f.p, 'failed boom');
});

test('waitFor: no slice runs while it returns a promise; the run goes on once that settles and is checked for staleness', async () => {
  const log: string[] = [];
  let release!: () => void;
  let busy = true;
  const gate = new Promise<void>((r) => { release = () => { busy = false; r(); }; });
  const o = outcome();
  runSliced(steps(3, log), { sliceMs: 0, stale: () => false, waitFor: () => (busy ? gate : undefined), ...o });
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(log, [], 'waiting: not even the first slice ran');
  release();
  assert.equal(await o.p, 'done 3');
  assert.equal(log.length, 3);

  // the files it read changed while it waited: dropped, no step ran
  let stale = false;
  let open!: () => void;
  const wait = new Promise<void>((r) => { open = r; });
  const d = outcome();
  const seen: string[] = [];
  let first = true;
  runSliced(steps(3, seen), { sliceMs: 0, stale: () => stale, waitFor: () => (first ? (first = false, wait) : undefined), ...d });
  stale = true;
  open();
  assert.equal(await d.p, 'dropped');
  assert.deepEqual(seen, []);
});
