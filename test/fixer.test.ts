/**
 * The engine's fixer (server/src/engine/fixer.ts): applying edits, joining the touching edits of one fix, line
 * endings, and the fix → re-analyse loop against a small fake analysis.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, editsConflict, fixTexts, fixUntilStable, joinEdits, MAX_FIX_PASSES, type FixerHost } from '../server/src/engine/fixer';
import type { Finding, Fix } from '../server/src/engine/types';
import { LineIndex } from '../server/src/formats/text';

// ---- edits of one text ----

test('applyEdits: edits in any order, each against the original offsets', () => {
  assert.equal(applyEdits('abcdef', [{ start: 4, end: 5, newText: 'E' }, { start: 0, end: 1, newText: 'AA' }, { start: 2, end: 2, newText: '+' }]), 'AAb+cdEf');
});

test('applyEdits: a replacement and an insertion at its end are one change', () => {
  assert.equal(applyEdits('key: old\n', [{ start: 5, end: 8, newText: 'new' }, { start: 8, end: 8, newText: ' # changed' }]), 'key: new # changed\n');
  // given the other way round, the same result
  assert.equal(applyEdits('key: old\n', [{ start: 8, end: 8, newText: ' # changed' }, { start: 5, end: 8, newText: 'new' }]), 'key: new # changed\n');
});

test('applyEdits: an insertion at the start of a replacement goes before the replacement text', () => {
  assert.equal(applyEdits('abc', [{ start: 1, end: 2, newText: 'B' }, { start: 1, end: 1, newText: '>' }]), 'a>Bc');
});

test('applyEdits: insertions at one offset keep the order they were given in', () => {
  assert.equal(applyEdits('ab', [{ start: 1, end: 1, newText: '1' }, { start: 1, end: 1, newText: '2' }, { start: 1, end: 1, newText: '3' }]), 'a123b');
});

test('applyEdits: overlapping edits are refused', () => {
  assert.throws(() => applyEdits('abcdef', [{ start: 1, end: 4, newText: 'x' }, { start: 3, end: 5, newText: 'y' }]), /overlapping/);
  assert.equal(joinEdits([{ start: 1, end: 4, newText: 'x' }, { start: 2, end: 2, newText: 'y' }]), undefined, 'an insertion inside a replacement');
});

test('applyEdits: in a CRLF file, inserted lines get CRLF and untouched bytes stay as they are', () => {
  const text = 'a:\r\n  b: 1\r\n\u00e9\uFFFD odd\n';
  const out = applyEdits(text, [{ start: 4, end: 4, newText: '  x: 2\n  y: 3\n' }]);
  assert.equal(out, 'a:\r\n  x: 2\r\n  y: 3\r\n  b: 1\r\n\u00e9\uFFFD odd\n');
  assert.equal(applyEdits('a\nb\n', [{ start: 2, end: 2, newText: 'x\r\n' }]), 'a\nx\r\nb\n', 'a LF file keeps what the edit says');
});

test('editsConflict: shared characters and insertions at edges conflict; neighbours do not', () => {
  assert.equal(editsConflict({ start: 0, end: 3, newText: '' }, { start: 2, end: 5, newText: '' }), true);
  assert.equal(editsConflict({ start: 0, end: 3, newText: '' }, { start: 3, end: 5, newText: '' }), false);
  assert.equal(editsConflict({ start: 3, end: 3, newText: 'a' }, { start: 3, end: 3, newText: 'b' }), true);
  assert.equal(editsConflict({ start: 3, end: 3, newText: 'a' }, { start: 0, end: 3, newText: '' }), true);
  assert.equal(editsConflict({ start: 4, end: 4, newText: 'a' }, { start: 0, end: 3, newText: '' }), false);
});

function rangeFix(title: string, file: string, text: string, start: number, end: number, newText: string, preferred = true): Fix {
  const li = new LineIndex(text);
  return { title, preferred, edits: [{ file, edits: [{ range: li.range(start, end), newText }] }] };
}

test('fixTexts: a fix over two files, and a fix that creates a file', () => {
  const files = new Map([['/p/a.yml', 'x: 1\n'], ['/p/b.toml', 'k = false\n']]);
  const fix: Fix = { title: 't', edits: [
    { file: '/p/a.yml', edits: [{ range: { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } }, newText: '2' }] },
    { file: '/p/b.toml', edits: [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 9 } }, newText: 'true' }] },
    { file: '/p/new.yml', edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'new: file\n' }] },
  ] };
  const out = fixTexts(fix, (f) => files.get(f));
  assert.deepEqual(Object.fromEntries(out!), { '/p/a.yml': 'x: 2\n', '/p/b.toml': 'k = true\n', '/p/new.yml': 'new: file\n' });
  const inside: Fix = { title: 't', edits: [{ file: '/p/none.yml', edits: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: 'x' }] }] };
  assert.equal(fixTexts(inside, (f) => files.get(f)), undefined, 'no edit inside a file that does not exist');
});

// ---- the loop ----

/** A fake analysis over one file: every `BAD` → `MID` → `GOOD` (two passes); `NEED:<name>` wants `<name>` inserted after line 1. */
function fakeHost(initial: string): FixerHost & { text: () => string; analyses: number } {
  const file = '/p/.gitlab-ci.yml';
  let text = initial;
  const host = {
    analyses: 0,
    text: () => text,
    readFile: (f: string) => (f === file ? text : undefined),
    setText: (f: string, t: string) => { assert.equal(f, file); text = t; },
    analyze: (): Finding[] => {
      host.analyses++;
      const out: Finding[] = [];
      const li = new LineIndex(text);
      const range = li.range(0, 0);
      for (const [word, to] of [['BAD', 'MID'], ['MID', 'GOOD']]) {
        for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
          out.push({ ruleId: word, severity: 'error', message: `${word} at ${i}`, file, range: li.range(i, i + 3), fixes: [rangeFix('not preferred', file, text, i, i + 3, 'WRONG', false), rangeFix(`${word} → ${to}`, file, text, i, i + 3, to)] });
        }
      }
      const lineEnd = text.indexOf('\n') + 1;
      for (const m of text.matchAll(/NEED:(\w+)/g)) {
        if (text.includes(`\n${m[1]}\n`)) continue;
        out.push({ ruleId: 'need', severity: 'error', message: `needs ${m[1]}`, file, range, fixes: [rangeFix(`add ${m[1]}`, file, text, lineEnd, lineEnd, `${m[1]}\n`)] });
      }
      return out;
    },
  };
  return host;
}

test('fixUntilStable: preferred fixes over several passes, until nothing is left', () => {
  const host = fakeHost('x: BAD BAD MID\n');
  const r = fixUntilStable(host, host.analyze());
  assert.equal(host.text(), 'x: GOOD GOOD GOOD\n');
  assert.deepEqual(r.findings, []);
  assert.equal(r.applied, 5, 'two BAD→MID, then three MID→GOOD');
  assert.equal(r.passes, 2);
  assert.deepEqual(r.changedFiles, ['/p/.gitlab-ci.yml']);
});

test('fixUntilStable: several fixes inserting at one place all land (over passes)', () => {
  const host = fakeHost('NEED:a NEED:b NEED:c\nend\n');
  const r = fixUntilStable(host, host.analyze());
  assert.deepEqual(r.findings, []);
  assert.equal(r.applied, 3);
  const added = host.text().split('\n').slice(1, 4).sort();
  assert.deepEqual(added, ['a', 'b', 'c']);
});

test('fixUntilStable: bounded passes', () => {
  let text = 'x\n';
  const file = '/p/f.yml';
  const host: FixerHost = {
    readFile: () => text,
    setText: (_f, t) => { text = t; },
    analyze: () => [{ ruleId: 'grow', severity: 'error', message: 'grow', file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, fixes: [rangeFix('grow', file, text, 0, 0, `${text.length}`)] }],
  };
  const r = fixUntilStable(host, host.analyze(), { maxPasses: 4 });
  assert.equal(r.passes, 4);
  assert.equal(text, '5432x\n');
  assert.equal(fixUntilStable(host, host.analyze()).passes, MAX_FIX_PASSES);
});

test('fixUntilStable: the choice of fix is the caller\'s', () => {
  const host = fakeHost('BAD\n');
  fixUntilStable(host, host.analyze(), { choose: (f) => f.fixes?.find((x) => !x.preferred) });
  assert.equal(host.text(), 'WRONG\n');
});
