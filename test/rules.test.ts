/** Runs every rule's cases (test/rules/<id>.cases.ts): must-not-fire, must-fire at exact positions, fixes applied. */
import { describe, test } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../server/src/rules';
import { runInvalid, runValid, type RuleCases } from './harness';

const only = process.env.RULES ? new Set(process.env.RULES.split(',')) : undefined;
for (const rule of rules.filter((r) => !only || only.has(r.id))) {
  const file = join(__dirname, 'rules', `${rule.id}.cases.ts`);
  if (!existsSync(file)) continue; // the consistency test reports missing cases
  describe(rule.id, async () => {
    const { cases } = (await import(file)) as { cases: RuleCases };
    for (const c of cases.valid) test(`does not fire: ${c.name}`, () => runValid(rule.id, c));
    for (const c of cases.invalid) test(`fires: ${c.name}`, () => runInvalid(rule.id, c));
  });
}
