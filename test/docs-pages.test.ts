/**
 * The rule pages (docs/rules/<id>.md) against the rules themselves: the Severity/Files/Quick fix header is the one
 * rendered from the rule's metadata and its test cases (`npm run docs:headers` rewrites it); the "before" example
 * fires the rule and every "after" example does not (as ESLint checks its rule examples; the convention for
 * examples of several files is in test/doc-examples.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../server/src/rules';
import { checkExamples } from './doc-examples-check';
import { exampleGroups } from './doc-examples';
import { DOCS, factsOf, casesOf, fixTable, headerSpan, renderHeader, withFixTable, withHeader } from '../scripts/docs-headers';

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

test('README quick-fix table: every rule with fixes, each title under its kind (run `npm run docs:headers`)', { skip: !!only }, async () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const table = await fixTable();
  assert.equal(readme, withFixTable(readme, table), 'the quick-fix table in README.md is stale; run `npm run docs:headers`');
  // the table is not empty and sorts by kind: a fix the engine forces to a suggestion (it edits the runner config) is not under safe
  const row = table.split('\n').find((l) => l.startsWith('| [`dind-tls-certs-not-shared-docker`]'));
  assert.ok(row, 'a rule with a runner-config fix has a row');
  assert.match(row, /^\| \S+ \| — \| .*share "\/certs\/client"/);
});

/** Shorthand that means nothing to a user: ids and documents outside the repository. */
const INTERNAL: [RegExp, string][] = [
  [/catalogue/i, 'an internal catalogue'], [/field.reports?/i, 'internal field reports'], [/\.\.\/shared|\/work\//, 'a path outside the repository'],
  [/\bUNVERIFIED\b/, 'internal "UNVERIFIED" marker (say "not verified" and why)'], [/§/, 'a section sign pointing at another document'],
  [/(?<![\w/.-])[A-L]\d{1,2}(?![\w/.-])/, 'a rule id like "C1" (use the rule\'s name)'],
  [/\[(GL|RUN|DL|BK|KANIKO|MOBY|K8S|KEP|TC|CG|OSS|HELM|REG|DOCKER)-[A-Z0-9-]+\]/, 'a source key instead of a link'],
];

for (const rule of selected) {
  test(`${rule.id}: the page cites public sources with links and uses no internal shorthand`, () => {
    const md = readFileSync(join(DOCS, `${rule.id}.md`), 'utf8');
    const sources = /^## Sources\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(md);
    assert.ok(sources, `docs/rules/${rule.id}.md has no "## Sources" section`);
    const links = [...sources[1].matchAll(/\[[^\]]+\]\((https:\/\/[^)\s]+)\)/g)].map((m) => m[1]);
    assert.ok(links.length >= 1, `docs/rules/${rule.id}.md: "## Sources" links no public source (write [title](https://…))`);
    const prose = md.replace(/^```[\s\S]*?^```/gm, '');
    for (const [re, what] of INTERNAL) {
      const m = re.exec(prose);
      assert.equal(m, null, `docs/rules/${rule.id}.md mentions ${what}: "${m ? prose.slice(Math.max(0, m.index - 30), m.index + 30).replace(/\n/g, ' ') : ''}"`);
    }
  });
}

let examplesChecked = 0;
for (const rule of selected) {
  test(`${rule.id}: the page's "before" example fires the rule, its "after" example does not`, () => {
    const md = readFileSync(join(DOCS, `${rule.id}.md`), 'utf8');
    const results = checkExamples(rule, md);
    assert.ok(results.some((r) => r.group.kind === 'before'), 'the Example section has a "Before:" example');
    assert.ok(results.some((r) => r.group.kind === 'after'), 'the Example section has an "After:" example');
    for (const { group, fired, parseErrors } of results) {
      examplesChecked++;
      const where = `docs/rules/${rule.id}.md:${group.line} "${group.label}" (files: ${Object.keys(group.files).join(', ') || 'none'})`;
      assert.deepEqual(parseErrors, [], `${where} does not parse`);
      if (group.kind === 'before') assert.ok(fired.length > 0, `${where} does not fire ${rule.id}`);
      else assert.deepEqual(fired, [], `${where} still fires ${rule.id}`);
    }
  });
}
test('examples were checked', { skip: !!only }, () => {
  assert.ok(examplesChecked >= 2 * rules.length, `${examplesChecked} examples checked for ${rules.length} rules`);
});

test('example groups: fence titles name files, TOML defaults to config.toml, after inherits the before files', () => {
  const md = [
    '# r', '', '## Example', 'Before (a shell runner):', '```yaml', 'a: 1', '```', '```toml title="config.toml"', '[[runners]]', '```',
    '```sh', 'echo prose', '```', 'After:', '```yaml', 'a: 2', '```', 'After (another way):', '```yaml title="ci/x.yml"', 'b: 1', '```',
    '', '## When it stays quiet', 'Before: not an example', '```yaml', 'c: 1', '```',
  ].join('\n');
  const g = exampleGroups(md, '.gitlab-ci.yml');
  assert.deepEqual(g.map((x) => [x.kind, x.label, x.files]), [
    ['before', 'Before (a shell runner):', { '.gitlab-ci.yml': 'a: 1\n', 'config.toml': '[[runners]]\n' }],
    ['after', 'After:', { '.gitlab-ci.yml': 'a: 2\n', 'config.toml': '[[runners]]\n' }],
    ['after', 'After (another way):', { '.gitlab-ci.yml': 'a: 1\n', 'config.toml': '[[runners]]\n', 'ci/x.yml': 'b: 1\n' }],
  ]);
  assert.equal(exampleGroups(md.replace('```toml title="config.toml"', '```toml'), 'values.yaml')[0].files['config.toml'], '[[runners]]\n');
  assert.deepEqual(Object.keys(exampleGroups(md, 'values.yaml')[0].files), ['values.yaml', 'config.toml']);
});

test('the example check catches a before that does not fire and an after that does', () => {
  const rule = rules.find((r) => r.id === 'dind-tls-port-mismatch')!;
  const bad = ['# dind-tls-port-mismatch', '', '## Example', 'Before:', '```yaml', 'build:', '  image: docker:29-cli', '  services: [docker:29-dind]',
    '  variables:', '    DOCKER_HOST: tcp://docker:2376', '    DOCKER_TLS_CERTDIR: "/certs"', '  script: [docker info]', '```',
    'After:', '```yaml', 'build:', '  image: docker:29-cli', '  services: [docker:29-dind]', '  variables:', '    DOCKER_HOST: tcp://docker:2375',
    '    DOCKER_TLS_CERTDIR: "/certs"', '  script: [docker info]', '```', 'After (broken):', '```yaml', 'build: [', '```'].join('\n');
  const [before, after, broken] = checkExamples(rule, bad);
  assert.deepEqual(before.fired, []);
  assert.equal(after.fired.length, 1);
  assert.match(after.fired[0], /^\.gitlab-ci\.yml:5:18 /);
  assert.ok(broken.parseErrors.some((e) => e.includes('yaml-syntax-error')));
});

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
