/** Every registered rule has a docs page, cases that fire and cases that must not, and a unique kebab-case id. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../server/src/rules';
import type { RuleCases } from './harness';

const root = join(__dirname, '..');

test('rule ids are unique kebab-case', () => {
  const ids = rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
});

const only = process.env.RULES ? new Set(process.env.RULES.split(',')) : undefined;
for (const rule of rules.filter((r) => !only || only.has(r.id))) {
  test(`${rule.id}: docs page with what/why/fix/example`, () => {
    const p = join(root, 'docs', 'rules', `${rule.id}.md`);
    assert.ok(existsSync(p), `missing docs/rules/${rule.id}.md`);
    const md = readFileSync(p, 'utf8');
    assert.match(md, new RegExp(`^# \`?${rule.id}\`?`, 'm'), 'page starts with the rule id as title');
    for (const h of [/^## What it checks/im, /^## Why/im, /^## How to fix/im, /^## Example/im]) assert.match(md, h, `section ${h}`);
  });
  test(`${rule.id}: cases that fire and cases that must not`, async () => {
    const p = join(__dirname, 'rules', `${rule.id}.cases.ts`);
    assert.ok(existsSync(p), `missing test/rules/${rule.id}.cases.ts`);
    const { cases } = (await import(p)) as { cases: RuleCases };
    assert.ok(cases.valid.length >= 1, 'at least one case that must not fire');
    assert.ok(cases.invalid.length >= 1, 'at least one case that fires');
    for (const c of cases.invalid) assert.ok((c.findings ?? []).length >= 1, `case '${c.name}' lists its findings`);
  });
}

test('no docs page or case file without a rule', () => {
  const ids = new Set(rules.map((r) => r.id));
  for (const f of readdirSync(join(root, 'docs', 'rules'))) if (f.endsWith('.md')) assert.ok(ids.has(f.slice(0, -3)), `docs/rules/${f} has no rule`);
  for (const f of readdirSync(join(__dirname, 'rules'))) if (f.endsWith('.cases.ts')) assert.ok(ids.has(f.slice(0, -9)), `test/rules/${f} has no rule`);
});
