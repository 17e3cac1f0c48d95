// What the language server keeps between analyses: bounded memos of texts, and the V8 heap-growing setting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex, RecentByText } from '../server/src/formats/text';
import { DEFAULT_HEAP_GROWING_PERCENT, heapGrowingPercent } from '../server/src/lsp/heap';

test('RecentByText keeps at most its count of entries, oldest out first', () => {
  const m = new RecentByText<number>(3, 1000);
  for (let i = 0; i < 5; i++) m.set(`k${i}`, i, 1);
  assert.equal(m.size, 3);
  assert.equal(m.get('k0'), undefined);
  assert.equal(m.get('k1'), undefined);
  assert.deepEqual(['k2', 'k3', 'k4'].map((k) => m.get(k)), [2, 3, 4]);
});

test('RecentByText keeps at most its characters, but always the newest entry', () => {
  const m = new RecentByText<string>(10, 100);
  m.set('a', 'A', 60);
  m.set('b', 'B', 30);
  assert.equal(m.size, 2);
  m.set('c', 'C', 20); // 110 characters: the oldest goes
  assert.equal(m.get('a'), undefined);
  assert.equal(m.get('b'), 'B');
  assert.equal(m.get('c'), 'C');
  m.set('huge', 'H', 500); // alone above the bound: kept, everything else goes
  assert.equal(m.size, 1);
  assert.equal(m.get('huge'), 'H');
  m.set('huge', 'H2', 10); // replacing a key counts its new length only
  m.set('d', 'D', 80);
  assert.equal(m.get('huge'), 'H2');
  assert.equal(m.get('d'), 'D');
});

test('LineIndex.of shares an index per text but does not keep the versions of a large text alive', () => {
  const small = 'a: 1\nb: 2\n';
  assert.equal(LineIndex.of(small), LineIndex.of(small), 'a small text is looked up again');
  const big = 'x'.repeat(1024 * 1024) + '\n';
  const first = LineIndex.of(big + '#0\n');
  const versions = Array.from({ length: 6 }, (_, i) => big + `#${i + 1}\n`);
  for (const v of versions) LineIndex.of(v);
  assert.notEqual(LineIndex.of(big + '#0\n'), first, 'the oldest version was let go (6 MB of newer text)');
  const last = versions[versions.length - 1];
  assert.equal(LineIndex.of(last), LineIndex.of(last), 'the newest version is kept');
});

test('LineIndex maps offsets and positions (typed line starts)', () => {
  const li = new LineIndex('ab\r\ncd\n\nef');
  assert.deepEqual([...li.lineStarts], [0, 4, 7, 8]);
  assert.equal(li.lineCount, 4);
  assert.deepEqual(li.position(5), { line: 1, character: 1 });
  assert.equal(li.offset({ line: 3, character: 1 }), 9);
  assert.equal(li.lineText(0), 'ab');
  assert.equal(li.lineEnd(0), 2);
  assert.deepEqual([...new LineIndex('').lineStarts], [0]);
});

test('the heap growing percent comes from DIND_DOCTOR_HEAP_GROWING_PERCENT, else the default', () => {
  assert.equal(heapGrowingPercent({}), DEFAULT_HEAP_GROWING_PERCENT);
  assert.equal(heapGrowingPercent({ DIND_DOCTOR_HEAP_GROWING_PERCENT: '0' }), 0);
  assert.equal(heapGrowingPercent({ DIND_DOCTOR_HEAP_GROWING_PERCENT: ' 75 ' }), 75);
  for (const bad of ['', 'x', '-5', '1.5', '301']) assert.equal(heapGrowingPercent({ DIND_DOCTOR_HEAP_GROWING_PERCENT: bad }), DEFAULT_HEAP_GROWING_PERCENT, bad);
});

