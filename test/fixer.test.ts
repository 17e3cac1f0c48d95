/**
 * The engine's fixer (server/src/engine/fixer.ts): applying edits, joining the touching edits of one fix, line
 * endings, and the fix → re-analyse loop against a small fake analysis.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, editsConflict, fixTexts, fixUntilStable, joinEdits, MAX_FIX_PASSES, resolved, type FixerHost } from '../server/src/engine/fixer';
import { autoFix } from '../server/src/engine/fix-policy';
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

// ---- guards (fixes users can trust) ----

/** A host over in-memory files whose analysis is a function of the texts. */
function memoryHost(files: Record<string, string>, analyze: (read: (f: string) => string) => Finding[], extra: Partial<FixerHost> = {}): FixerHost & { files: Map<string, string>; analyses: number } {
  const map = new Map(Object.entries(files));
  const host = {
    files: map,
    analyses: 0,
    readFile: (f: string) => map.get(f),
    setText: (f: string, t: string) => { map.set(f, t); },
    analyze: () => { host.analyses++; return analyze((f) => map.get(f) ?? ''); },
    ...extra,
  };
  return host;
}

const CI_FILE = '/p/.gitlab-ci.yml';
function finding(ruleId: string, file: string, fixes: Fix[], message = ruleId): Finding {
  return { ruleId, severity: 'error', message, file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, fixes };
}

test('guard: a file that does not parse gets no fix', () => {
  const broken = 'job:\n  script: [a\n';
  const host = memoryHost({ [CI_FILE]: broken }, (read) => [finding('needs-services', CI_FILE, [rangeFix('add services', CI_FILE, read(CI_FILE), broken.length, broken.length, 'services: [x]\n')])]);
  const r = fixUntilStable(host, host.analyze());
  assert.equal(host.files.get(CI_FILE), broken);
  assert.equal(r.passes, 0);
  assert.equal(r.skipped.length, 1);
  assert.equal(r.skipped[0].file, CI_FILE);
  assert.match(r.skipped[0].reason, /^the file does not parse \(/);
});

test('guard: a fix after which the file would not parse is left out; the others apply', () => {
  const text = 'a:\n  x: 1\nb:\n  y: 2\n';
  const host = memoryHost({ [CI_FILE]: text }, (read) => {
    const t = read(CI_FILE);
    const out: Finding[] = [];
    if (t.includes('x: 1')) out.push(finding('bad-indent', CI_FILE, [rangeFix('break it', CI_FILE, t, t.indexOf('  x: 1'), t.indexOf('  x: 1'), '   - oops: [\n')]));
    if (t.includes('y: 2')) out.push(finding('y-two', CI_FILE, [rangeFix('y → 3', CI_FILE, t, t.indexOf('y: 2') + 3, t.indexOf('y: 2') + 4, '3')]));
    return out;
  });
  const r = fixUntilStable(host, host.analyze());
  assert.equal(host.files.get(CI_FILE), 'a:\n  x: 1\nb:\n  y: 3\n');
  assert.deepEqual(r.skipped.map((s) => s.fix.title), ['break it']);
  assert.match(r.skipped[0].reason, /would no longer parse/);
  assert.equal(r.fixed, 1);
});

test('guard: a pass that would insert again what an earlier pass inserted stops the loop', () => {
  const host = memoryHost({ [CI_FILE]: 'job:\n  script: [a]\n' }, (read) => {
    const t = read(CI_FILE);
    return [finding('always', CI_FILE, [rangeFix('append services', CI_FILE, t, t.length, t.length, '  services: [docker:29-dind]\n')])];
  });
  const r = fixUntilStable(host, host.analyze());
  assert.equal(host.files.get(CI_FILE), 'job:\n  script: [a]\n  services: [docker:29-dind]\n', 'inserted once, not ten times');
  assert.equal(r.passes, 1);
  assert.match(r.stopped ?? '', /insert again/);
});

test('guard: a file the host refuses is not edited, and neither is the rest of that fix', () => {
  const other = '/outside/x.yml';
  const host = memoryHost({ [CI_FILE]: 'a: 1\n', [other]: 'b: 1\n' }, (read) => {
    const fix: Fix = { title: 'both', preferred: true, kind: 'safe', edits: [
      { file: CI_FILE, edits: [{ range: { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } }, newText: '2' }] },
      { file: other, edits: [{ range: { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } }, newText: '2' }] },
    ] };
    return read(CI_FILE) === 'a: 1\n' ? [finding('x', CI_FILE, [fix])] : [];
  }, { mayNotEdit: (file) => (file.startsWith('/outside/') ? 'it is outside the project' : undefined) });
  const r = fixUntilStable(host, host.analyze(), { choose: (f) => f.fixes?.[0] });
  assert.equal(host.files.get(CI_FILE), 'a: 1\n');
  assert.equal(host.files.get(other), 'b: 1\n');
  assert.deepEqual([r.skipped[0].file, r.skipped[0].reason], ['/outside/x.yml', 'it is outside the project']);
});

test('safe fixes by default; suggestions and fixes of another file only when asked', () => {
  const toml = '/p/config.toml';
  const analyze = (read: (f: string) => string): Finding[] => {
    const t = read(CI_FILE);
    const out: Finding[] = [];
    if (t.includes('safe: 0')) out.push(finding('s', CI_FILE, [{ ...rangeFix('safe', CI_FILE, t, t.indexOf('safe: 0') + 6, t.indexOf('safe: 0') + 7, '1'), kind: 'safe' }]));
    if (t.includes('sugg: 0')) out.push(finding('g', CI_FILE, [{ ...rangeFix('suggestion', CI_FILE, t, t.indexOf('sugg: 0') + 6, t.indexOf('sugg: 0') + 7, '1'), kind: 'suggestion' }]));
    if (read(toml).includes('false')) out.push(finding('c', CI_FILE, [{ ...rangeFix('other file, declared safe', toml, read(toml), 4, 9, 'true'), kind: 'safe' }]));
    return out;
  };
  const files = { [CI_FILE]: 'safe: 0\nsugg: 0\n', [toml]: 'k = false\n' };
  const safeOnly = memoryHost(files, analyze);
  const r1 = fixUntilStable(safeOnly, safeOnly.analyze());
  assert.deepEqual(Object.fromEntries(safeOnly.files), { [CI_FILE]: 'safe: 1\nsugg: 0\n', [toml]: 'k = false\n' });
  assert.equal(r1.fixed, 1);
  const all = memoryHost(files, analyze);
  const r2 = fixUntilStable(all, all.analyze(), { choose: (f) => autoFix(f, 'all') });
  assert.deepEqual(Object.fromEntries(all.files), { [CI_FILE]: 'safe: 1\nsugg: 1\n', [toml]: 'k = true\n' });
  assert.equal(r2.fixed, 3);
});

test('resolved: counts the problems of the first analysis that are gone, whatever their new position', () => {
  const f = (rule: string, line: number): Finding => ({ ...finding(rule, CI_FILE, []), range: { start: { line, character: 0 }, end: { line, character: 1 } } });
  assert.equal(resolved([f('a', 1), f('a', 2), f('b', 3)], [f('a', 7), f('c', 1)]), 2);
  assert.equal(resolved([f('a', 1)], []), 1);
  assert.equal(resolved([], [f('a', 1)]), 0);
});
