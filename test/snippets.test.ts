/**
 * The snippet files: fixed prefixes, valid JSON, bodies that expand (with their defaults) to exactly the texts of the
 * strategy module, and analyse clean with the engine (expanded by ./snippet-expand.ts). Runner TOML is also
 * parsed by `@iarna/toml`, a parser independent of the engine's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYamlText } from 'yaml';
import { Workspace } from '../server/src/engine/workspace';
import type { FileSystem, Finding } from '../server/src/engine/types';
import { parseToml } from '../server/src/formats/toml';
import { generateHelmValues, generateJob, generateRunnerToml, renderSnippets, snippetSources } from '../common/strategies';
import { expand } from './snippet-expand';
import { secondTomlProblem } from './fix-check';

const root = join(__dirname, '..');
type Snippets = Record<string, { prefix: string; description: string; body: string[] }>;
const ci = JSON.parse(readFileSync(join(root, 'snippets/gitlab-ci.code-snippets'), 'utf8')) as Snippets;
const runner = JSON.parse(readFileSync(join(root, 'snippets/runner-config.code-snippets'), 'utf8')) as Snippets;

function memFs(files: Record<string, string>): FileSystem {
  return { readFile: (p) => files[p], listFiles: (dir) => Object.keys(files).filter((p) => p.startsWith(dir + '/')) };
}
function assertClean(files: Record<string, string>, what: string) {
  const ws = new Workspace(memFs(files), { roots: ['/w'], analyze: { schemaValidation: true } });
  const found: Finding[] = Object.keys(files).flatMap((f) => ws.analyze(f)).filter((x) => x.severity === 'error' || x.severity === 'warning');
  assert.equal(found.length, 0, `${what}:\n` + found.map((f) => `${f.file}:${f.range.start.line + 1} ${f.severity} ${f.ruleId}: ${f.message}`).join('\n')
    + '\n---\n' + Object.values(files).join('\n---\n'));
}

test('expander', () => {
  assert.equal(expand('${1:a}-${2|x,y|}-$1-${2}-\\$X-${3:\\$A:\\$B}-$4'), 'a-x-a-x-$X-$A:$B-');
});

test('prefixes are the fixed ones', () => {
  assert.deepEqual(Object.values(ci).map((s) => s.prefix).sort(), [
    'buildah', 'buildkit-rootless', 'dind-notls', 'dind-tls-docker', 'dind-tls-k8s', 'dind-unix-socket', 'helm-runners-config-dind', 'kaniko', 'socket-binding',
  ]);
  assert.deepEqual(Object.values(runner).map((s) => s.prefix).sort(), ['runner-docker-dind', 'runner-k8s-dind', 'runner-socket-binding']);
});

test('snippet files are generated from the strategy module (regenerate with renderSnippets())', () => {
  const { ci: ci2, runner: r2 } = renderSnippets();
  assert.deepEqual(ci, ci2);
  assert.deepEqual(runner, r2);
});

const all = { ...ci, ...runner };
for (const src of snippetSources()) {
  const snip = Object.values(all).find((s) => s.prefix === src.prefix)!;
  test(`snippet ${src.prefix}: expands to the strategy text, parses and analyses clean`, () => {
    assert.ok(snip, 'snippet exists');
    assert.ok(snip.description.length > 10);
    const text = expand(snip.body.join('\n')) + '\n';
    if (src.kind === 'job') {
      assert.equal(text, generateJob(src.id, src.executor));
      const doc = parseYamlText(text) as Record<string, unknown>;
      assert.ok(doc['build-image']);
      assertClean({ '/w/.gitlab-ci.yml': text }, src.prefix);
      // also inserted below an existing pipeline
      assertClean({ '/w/.gitlab-ci.yml': 'stages: [build, test]\n\ntest:\n  stage: test\n  image: alpine:3.20\n  script:\n    - echo ok\n\n' + text }, `${src.prefix} in a pipeline`);
    } else if (src.kind === 'helm') {
      assert.equal(text, generateHelmValues(src.id));
      const doc = parseYamlText(text) as { runners: { config: string } };
      assert.deepEqual(parseToml('/w/x.toml', doc.runners.config).problems, []);
      assert.equal(secondTomlProblem(doc.runners.config), undefined);
      assertClean({ '/w/values.yaml': text }, src.prefix);
      assertClean({ '/w/values.yaml': text, '/w/.gitlab-ci.yml': generateJob('dind-tls', 'kubernetes') }, `${src.prefix} + dind-tls-k8s job`);
    } else {
      assert.equal(text, generateRunnerToml(src.id, src.executor));
      assert.deepEqual(parseToml('/w/config.toml', text).problems, []);
      assert.equal(secondTomlProblem(text), undefined);
      assertClean({ '/w/config.toml': text }, src.prefix);
      assertClean({ '/w/config.toml': 'concurrent = 2\n\n' + text, '/w/.gitlab-ci.yml': generateJob(src.id, src.executor) }, `${src.prefix} + its job`);
    }
  });
}

test('every placeholder has a default or is a mirror of one, and $ is escaped', () => {
  for (const s of Object.values(all)) {
    const body = s.body.join('\n');
    const defined = new Set([...body.matchAll(/\$\{(\d+)[:|]/g)].map((m) => m[1]));
    for (const m of body.matchAll(/(?<!\\)\$\{?(\d+)\}?/g)) assert.ok(defined.has(m[1]), `${s.prefix}: $${m[1]} has no default`);
    assert.doesNotMatch(body.replace(/\\\$/g, ''), /\$(?![{\d])/, `${s.prefix}: unescaped $`);
  }
});
