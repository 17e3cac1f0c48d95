/**
 * Every finding message starts with a headline: one sentence of at most 100 characters that says what is wrong and
 * what breaks (the Problems panel shows about 100 characters of a row). Checked over every finding of every rule
 * case (test/rules/*.cases.ts) — the findings of the rule under test and of any other rule the case makes fire —
 * and over the findings on the examples folder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { rules } from '../server/src/rules';
import type { Finding } from '../server/src/engine/types';
import { headlineProblem } from './headline-check';
import { analyze, type RuleCase, type RuleCases } from './harness';

function targetOf(c: RuleCase): string {
  if (c.file) return c.file;
  if ('.gitlab-ci.yml' in c.files) return '.gitlab-ci.yml';
  return Object.keys(c.files)[0];
}

const all: { where: string; f: Finding }[] = [];

test('every finding of every rule case starts with a headline of at most 100 characters', async () => {
  let cases = 0;
  for (const rule of rules) {
    const file = join(__dirname, 'rules', `${rule.id}.cases.ts`);
    if (!existsSync(file)) continue;
    const { cases: rc } = (await import(file)) as { cases: RuleCases };
    for (const c of [...rc.valid, ...rc.invalid]) {
      cases++;
      for (const f of analyze(c.files, targetOf(c), c.options).findings) all.push({ where: `${rule.id} case '${c.name}'`, f });
    }
  }
  assert.ok(cases > 300, `only ${cases} rule cases found`);
  assert.ok(all.length > 300, `only ${all.length} findings`);
  const bad = all.flatMap(({ where, f }) => { const p = headlineProblem(f); return p ? [`${f.ruleId} (${where}): ${p}\n    ${f.message.slice(0, 160)}`] : []; });
  assert.deepEqual([...new Set(bad)], []);
  // Every rule that fires in its cases is covered.
  const fired = new Set(all.map((x) => x.f.ruleId));
  for (const r of rules) if (existsSync(join(__dirname, 'rules', `${r.id}.cases.ts`)) && r.id !== 'internal-error') assert.ok(fired.has(r.id) || r.id === 'file-unreadable', `${r.id} never fired in its cases`);
});

test('every finding on the examples folder starts with a headline', () => {
  const root = join(__dirname, '..', 'examples');
  const files: Record<string, string> = {};
  const walk = (d: string) => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else if (/\.(ya?ml|toml)$/.test(n)) files[relative(root, p)] = readFileSync(p, 'utf8'); } };
  walk(root);
  let n = 0;
  for (const target of Object.keys(files)) {
    for (const f of analyze(files, target).findings) { n++; assert.equal(headlineProblem(f), undefined, `${target}: ${f.message}`); }
  }
  assert.ok(Object.keys(files).length > 3);
  assert.ok(n > 0, 'the examples make some rule fire');
});

test('headlineProblem: what it rejects', () => {
  const f = (headline: string | undefined, message: string) => ({ ruleId: 'r', severity: 'error', file: '/f', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, headline, message }) as Finding;
  const ok = 'DOCKER_HOST uses 2375 but dind listens on 2376 (TLS on).';
  assert.equal(headlineProblem(f(ok, `${ok} Use 2376.`)), undefined);
  assert.equal(headlineProblem(f(ok, ok)), undefined);
  assert.match(headlineProblem(f(undefined, 'x'))!, /no headline/);
  assert.match(headlineProblem(f(ok, `Background first. ${ok}`))!, /does not start/);
  assert.match(headlineProblem(f('A'.repeat(100) + '.', 'A'.repeat(100) + '. More.'))!, /101 characters/);
  assert.match(headlineProblem(f('DOCKER_HOST uses 2375 but dind listens on 2376', 'DOCKER_HOST uses 2375 but dind listens on 2376 (TLS on)'))!, /follow|sentence/);
  assert.match(headlineProblem(f('DOCKER_HOST is wrong. It uses 2375 instead.', 'DOCKER_HOST is wrong. It uses 2375 instead. Fix.'))!, /not one sentence/);
  assert.match(headlineProblem(f('Too short.', 'Too short. More.'))!, /too short/);
});
