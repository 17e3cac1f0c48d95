/**
 * Issue 12 (bounded memory): a long CI file is parsed one top-level entry at a time. The tree, the problems, the
 * anchors and every offset must equal those of one parse of the whole text. Compared over every YAML file of the
 * corpus, a generated benchmark file, hand-written texts a split must not change, and random edits (fast-check,
 * fixed seed, bounded).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { anchorsOf, parseByEntry, parseYaml } from '../server/src/formats/yaml';

const corpus = process.env.DIND_DOCTOR_CORPUS ?? join(__dirname, '..', '..', 'shared', 'corpus');
const FILE = '/w/.gitlab-ci.yml';
const WHOLE = Number.POSITIVE_INFINITY;

/** Parses both ways, checks they agree, and says whether the text could be split (else the whole text was parsed). */
function same(text: string, label: string): boolean {
  const split = parseYaml(FILE, text, 0);
  const whole = parseYaml(FILE, text, WHOLE);
  assert.deepStrictEqual(split, whole, `${label}: parses differ`);
  assert.deepStrictEqual(anchorsOf(split), anchorsOf(whole), `${label}: anchors differ`);
  return parseByEntry(FILE, text) !== undefined;
}

const bench = execFileSync(process.execPath, [join(__dirname, '..', 'bench', 'gen-gitlab-ci.mjs'), '--jobs', '40', '--seed', '2', '--errors', '4'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

test('a generated 40-job CI file (anchors, merges, !reference) reads the same split by entry and whole', () => {
  assert.ok(same(bench, 'bench'), 'the benchmark file is split');
  const split = parseYaml(FILE, bench, 0);
  assert.ok(split.root?.kind === 'map' && split.root.entries.size > 40);
});

test('every YAML file of the corpus reads the same split by entry and whole', () => {
  assert.ok(existsSync(corpus), `corpus not found at ${corpus}`);
  let files = 0, split = 0;
  for (const folder of readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const name of readdirSync(join(corpus, folder.name)).filter((n) => /\.ya?ml$/.test(n))) {
      if (same(readFileSync(join(corpus, folder.name, name), 'utf8'), `${folder.name}/${name}`)) split++;
      files++;
    }
  }
  assert.ok(files > 50, `corpus YAML files: ${files}`);
  assert.ok(split > files / 2, `most corpus files are split: ${split} of ${files}`);
});

test('texts a split must not change: indentless sequences, comments, aliases, duplicates, markers, errors', () => {
  for (const [label, text] of [
    ['indentless sequence under a key', '# top\nstages:\n- build\n- test\njob:\n  stage: build\n  script: [x]\n'],
    ['alias to an earlier entry', '.t: &t\n  image: i\njob:\n  <<: *t\n  script: [x]\nother:\n  image: *t\n'],
    ['alias before its anchor', 'a:\n  x: *late\nb: &late 1\n'],
    ['duplicate top-level key', 'a: 1\nb: 2\na: 3\n'],
    ['document marker', 'a: 1\n---\nb: 2\n'],
    ['top-level merge', '.t: &t {x: 1}\n<<: *t\nb: 2\n'],
    ['syntax error in a later entry', 'a: 1\nb: [1, 2\nc: 3\n'],
    ['multi-line flow map closed at column 0', 'a: {\n  x: 1\n}\nb: 2\n'],
    ['multi-line quoted scalar', 'a: "one\ntwo"\nb: 2\n'],
    ['block scalar', 'a: |\n  line\n\nb: 2\n'],
    ['anchored key', '&k a: 1\nb: 2\n'],
    ['complex key', '? a\n: 1\nb: 2\n'],
  ] as const) same(text, label);
  assert.ok(same('# top\nstages:\n- build\njob:\n  script: [x]\n', 'split'), 'an indentless sequence does not prevent the split');
  for (const text of ['a: 1\nb: 2\na: 3\n', 'a: 1\n---\nb: 2\n', '? a\n: 1\nb: 2\n', 'a: {\n  x: 1\n}\nb: 2\n']) assert.equal(same(text, text), false, `parsed whole: ${text}`);
});

const FRAGMENTS = ['x', ' ', '\n', '  ', ':', ': v', '- ', '# c', '\n  key: v', '\n- item', '\nnewjob:\n  script: [a]\n', 'job2:\n  script: b\n',
  '&anc ', '*anc', '<<: *anc\n', '---\n', '...\n', '"', "'", '[', '{', '}', '|\n', '\t', 'stage: test\n', '\n\n', '? ', '%YAML 1.2\n'];

test('random edits of a CI file read the same split by entry and whole (fast-check)', () => {
  let split = 0;
  fc.assert(fc.property(fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.nat({ max: 12 }), insert: fc.constantFrom(...FRAGMENTS), lineStart: fc.boolean() }), { minLength: 1, maxLength: 4 }), (edits) => {
    let cur = bench.slice(0, 6000);
    for (const e of edits) {
      let at = Math.floor(e.at * cur.length);
      if (e.lineStart) at = cur.lastIndexOf('\n', at - 1) + 1;
      cur = cur.slice(0, at) + e.insert + cur.slice(Math.min(cur.length, at + e.del));
    }
    if (same(cur, 'edited')) split++;
  }), { seed: 21, numRuns: 300 });
  assert.ok(split >= 15, `the split path must be exercised: ${split} of 300`);
});
