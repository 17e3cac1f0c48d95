/**
 * Issue 16: re-parsing only the top-level entry an edit touches gives exactly the tree of a full parse. A property
 * test (fast-check, fixed seed, bounded) applies random edits to a benchmark file and to every YAML file of the
 * corpus, chaining each re-parse into the next, and compares with `parseYaml` of the same text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { parseYaml, type ParsedYaml } from '../server/src/formats/yaml';
import { reparseEntry, reparseYaml } from '../server/src/formats/yaml-incremental';

const corpus = process.env.DIND_DOCTOR_CORPUS ?? join(__dirname, '..', '..', 'shared', 'corpus');
const FILE = '/w/.gitlab-ci.yml';

/** Text an edit inserts: YAML structure, anchors and aliases, document markers, new entries, plain characters. */
const FRAGMENTS = ['x', ' ', '\n', '  ', ':', ': v', '- ', '# c', '\n  key: v', '\n  - item', '\nnewjob:\n  script: [a]\n', 'job2:\n  script: b\n',
  '&anc ', '*anc', '<<: *anc\n', '---\n', '...\n', '"', "'", '[', '{', '|\n', '  ', '\t', 'script:', 'stage: test\n', ' # trailing', '\n\n'];

type Edit = { at: number; del: number; insert: string };
const editArb = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.nat({ max: 12 }), insert: fc.oneof({ arbitrary: fc.constantFrom(...FRAGMENTS), weight: 2 }, { arbitrary: fc.string({ maxLength: 6 }), weight: 1 }, { arbitrary: fc.stringMatching(/^[a-z0-9_-]{1,8}$/), weight: 3 }) });

function apply(text: string, e: Edit): string {
  // bias edits to line starts and ends too (where entries begin)
  let at = Math.floor(e.at * text.length);
  if (e.del % 3 === 0) { const nl = text.lastIndexOf('\n', at - 1); at = nl + 1; }
  const del = e.del % 3 === 1 ? 0 : e.del;
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + del));
}

/** Runs chains of random edits on a text; returns how many re-parses took the incremental path. */
function check(text: string, seed: number, numRuns: number): { incremental: number; total: number } {
  let incremental = 0, total = 0;
  fc.assert(fc.property(fc.array(editArb, { minLength: 1, maxLength: 4 }), (edits) => {
    let prev: ParsedYaml = parseYaml(FILE, text);
    let cur = text;
    for (const e of edits) {
      cur = apply(cur, e);
      const full = parseYaml(FILE, cur);
      const inc = reparseEntry(prev, cur);
      total++;
      if (inc) { incremental++; assert.deepStrictEqual(inc, full); }
      prev = inc ?? full;
    }
  }), { seed, numRuns });
  return { incremental, total };
}

function benchFile(jobs: number): string {
  return execFileSync(process.execPath, [join(__dirname, '..', 'bench', 'gen-gitlab-ci.mjs'), '--jobs', String(jobs), '--seed', '1', '--errors', '4'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

test('incremental re-parse equals a full parse over random edits of a benchmark file (anchors, merges, !reference)', () => {
  const r = check(benchFile(10), 16, 60);
  assert.ok(r.incremental >= 10, `the incremental path must be exercised: ${r.incremental} of ${r.total}`);
});

test('incremental re-parse equals a full parse over random edits of every corpus YAML file', () => {
  assert.ok(existsSync(corpus), `corpus not found at ${corpus}`);
  let files = 0, inc = 0, total = 0;
  for (const folder of readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const name of readdirSync(join(corpus, folder.name)).filter((n) => /\.ya?ml$/.test(n))) {
      const r = check(readFileSync(join(corpus, folder.name, name), 'utf8'), 16 + files, 5);
      files++; inc += r.incremental; total += r.total;
    }
  }
  assert.ok(files > 50, `corpus YAML files: ${files}`);
  assert.ok(inc >= 50, `the incremental path must be exercised: ${inc} of ${total}`);
});

test('an edit inside one job re-parses that job alone; positions after it move, the nodes before it are kept', () => {
  const text = 'a:\n  script: [x]\n.t: &t\n  image: i\nb:\n  <<: *t\n  script: [y]\nc:\n  script: [z]\n';
  const prev = parseYaml(FILE, text);
  const next = text.replace('[y]', '[yy, w]');
  const inc = reparseEntry(prev, next);
  assert.ok(inc, 'an edit inside b (which only uses an alias) is incremental');
  assert.deepStrictEqual(inc, parseYaml(FILE, next));
  assert.deepStrictEqual(reparseYaml(FILE, next, prev), parseYaml(FILE, next));
  const e = (p: ParsedYaml, k: string) => (p.root?.kind === 'map' ? p.root.entries.get(k) : undefined);
  assert.equal(e(inc, 'a'), e(prev, 'a'), 'entries before the edit are the same objects');
  assert.equal(e(inc, 'c')!.keyStart, e(prev, 'c')!.keyStart + 4);
  // the merged image is the anchored node itself, as in a full parse
  const b = e(inc, 'b')!.value;
  assert.equal(b.kind === 'map' && b.entries.get('image')?.value, (e(prev, '.t')!.value as { entries: Map<string, { value: unknown }> }).entries.get('image')!.value);
  // an edit in the entry that defines the anchor, a second entry, a document marker: full parse
  assert.equal(reparseEntry(prev, text.replace('image: i', 'image: j')), undefined);
  assert.equal(reparseEntry(prev, text.replace('c:\n', 'd:\n  script: [q]\nc:\n')), undefined);
  assert.equal(reparseEntry(prev, text + '---\nx: 1\n'), undefined);
  assert.equal(reparseEntry(prev, text.replace('c:\n', 'a:\n')), undefined, 'a duplicate key');
});
