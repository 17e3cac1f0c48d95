/**
 * The rule pages (docs/rules/<id>.md) against the rules themselves: the Severity/Files/Quick fix header is the one
 * rendered from the rule's metadata and its test cases (`npm run docs:headers` rewrites it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../server/src/rules';
import { DOCS, factsOf, casesOf, headerSpan, renderHeader, withHeader } from '../scripts/docs-headers';

const only = process.env.RULES ? new Set(process.env.RULES.split(',')) : undefined;
const selected = rules.filter((r) => !only || only.has(r.id));

for (const rule of selected) {
  test(`${rule.id}: page header matches the rule's metadata and cases`, async () => {
    const md = readFileSync(join(DOCS, `${rule.id}.md`), 'utf8');
    const span = headerSpan(md);
    assert.ok(span, `docs/rules/${rule.id}.md has no **Severity:** header; run \`npm run docs:headers\``);
    const want = renderHeader(rule, factsOf(rule, await casesOf(rule)));
    assert.equal(md.slice(span[0], span[1]), want, `the header of docs/rules/${rule.id}.md is stale; run \`npm run docs:headers\``);
  });
}

test('header rendering: default severity, other severities, files and fix kinds', () => {
  const rule = rules.find((r) => r.id === 'dind-tls-port-mismatch')!;
  assert.equal(renderHeader(rule, { severities: ['error'], fixKinds: [], withRunnerConfig: false }),
    '**Severity:** error · **Files:** `.gitlab-ci.yml` and its local includes · **Quick fix:** none');
  assert.equal(renderHeader(rule, { severities: ['error', 'warning'], fixKinds: ['safe', 'suggestion'], withRunnerConfig: true }),
    '**Severity:** error by default (warning in some cases) · **Files:** `.gitlab-ci.yml` and its local includes, read with the runner config · **Quick fix:** safe and suggestion (a suggestion is applied only when asked)');
  assert.equal(renderHeader(rule, { severities: ['error'], fixKinds: ['suggestion'], withRunnerConfig: false }).endsWith('**Quick fix:** suggestion (applied only when asked)'), true);
});

test('a stale header is replaced in place; a page without one gets one under its title', () => {
  const md = '# x\n\n**Severity:** info · **Files:**\n`old`\n\n## What it checks\n';
  assert.equal(withHeader(md, 'H'), '# x\n\nH\n\n## What it checks\n');
  assert.equal(withHeader('# x\n\n## What it checks\n', 'H'), '# x\n\nH\n\n## What it checks\n');
});

test('facts come from the engine running the rule\'s cases (fix kinds as the engine classifies them)', async () => {
  const rule = rules.find((r) => r.id === 'cache-from-image-not-pulled')!;
  const facts = factsOf(rule, await casesOf(rule));
  assert.deepEqual(facts, { severities: ['info'], fixKinds: ['safe'], withRunnerConfig: false });
  const k8s = rules.find((r) => r.id === 'k8s-dind-docker-host-unset')!;
  const f2 = factsOf(k8s, await casesOf(k8s));
  assert.equal(f2.severities[0], 'error');
  assert.ok(f2.severities.includes('warning'));
});
