/**
 * Snippets: fixed prefixes; bodies that expand (with their defaults, by ./snippet-expand.ts) to exactly the texts of
 * the strategy module; every expansion analyses with no finding at all, or names each finding's rule in a comment of
 * its own text (saying why it stays); runner TOML also parsed by `@iarna/toml`. And the language server offers each
 * snippet only in the file kind it is for, with a job name that is free in the file (server/src/lsp/snippets.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYamlText, parseDocument } from 'yaml';
import { Workspace } from '../server/src/engine/workspace';
import type { FileKind, FileSystem, Finding } from '../server/src/engine/types';
import { parseToml } from '../server/src/formats/toml';
import { generateHelmValues, generateJob, generateRunnerToml, renderSnippets, snippetSources } from '../common/strategies';
import { freeJobName, snippetCompletions, snippetTarget, topLevelKeys } from '../server/src/lsp/snippets';
import { expand } from './snippet-expand';
import { secondTomlProblem } from './fix-check';

const { ci, runner } = renderSnippets();

function memFs(files: Record<string, string>): FileSystem {
  return { readFile: (p) => files[p], listFiles: (dir) => Object.keys(files).filter((p) => p.startsWith(dir + '/')) };
}
function findings(files: Record<string, string>): Finding[] {
  const ws = new Workspace(memFs(files), { roots: ['/w'], analyze: { schemaValidation: true } });
  return Object.keys(files).flatMap((f) => ws.analyze(f));
}
/** No finding at all, except infos whose rule a comment of the text names (the comment says why it stays). */
function assertClean(files: Record<string, string>, what: string) {
  const comments = Object.values(files).flatMap((t) => t.split('\n').map((l) => /(^|\s)#(.*)$/.exec(l)?.[2] ?? ''));
  const found = findings(files).filter((x) => x.severity !== 'info' || !comments.some((c) => c.includes(x.ruleId)));
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

// ---- offered by the language server: only in the file kind each is for, with a free job name ----

const jobPrefixes = snippetSources().filter((s) => s.kind === 'job').map((s) => s.prefix).sort();
const runnerPrefixes = snippetSources().filter((s) => s.kind === 'runner').map((s) => s.prefix).sort();
const at = (line: number, character: number) => ({ line, character });
function offered(kind: FileKind | undefined, file: string, text: string, pos = at(text.split('\n').length - 1, 0)) {
  return snippetCompletions(snippetTarget(kind, file, text), text, pos);
}
const labels = (items: { label: string }[]) => items.map((i) => i.label).sort();
/** The text after accepting a completion item with every placeholder at its default. */
function accept(text: string, item: ReturnType<typeof offered>[number]): string {
  const edit = item.textEdit as { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
  const lines = text.split('\n');
  const { start, end } = edit.range;
  const before = lines.slice(0, start.line).join('\n') + (start.line ? '\n' : '') + lines[start.line].slice(0, start.character);
  const after = lines[end.line].slice(end.character) + (end.line + 1 < lines.length ? '\n' + lines.slice(end.line + 1).join('\n') : '');
  return before + expand(edit.newText) + after;
}

test('snippets: CI files get the job snippets only, never the Helm or runner ones', () => {
  const text = 'stages: [build]\n\n';
  assert.deepEqual(labels(offered('gitlab-ci', '/w/.gitlab-ci.yml', text)), jobPrefixes);
  assert.deepEqual(labels(offered('gitlab-ci', '/w/ci/templates.yml', 'x')), jobPrefixes, 'a local include is a CI file too');
});

test('snippets: config.toml gets the runner snippets only; other TOML files get none', () => {
  assert.deepEqual(labels(offered('runner-config', '/w/config.toml', 'concurrent = 2\n\n')), runnerPrefixes);
  assert.deepEqual(offered(undefined, '/w/pyproject.toml', '[tool.x]\n\n'), []);
  assert.deepEqual(offered('runner-config', '/w/values.yaml', 'runners:\n'), [], 'runner TOML is not offered as YAML');
});

test('snippets: the Helm snippet goes only into a values file without runners, never into CI files', () => {
  assert.deepEqual(labels(offered(undefined, '/w/values.yaml', '')), ['helm-runners-config-dind']);
  assert.deepEqual(labels(offered('helm-values', '/w/values.yaml', 'gitlabUrl: https://gitlab.example.com/\n\n')), ['helm-runners-config-dind']);
  assert.deepEqual(offered('helm-values', '/w/values.yaml', 'runners:\n  config: |\n    [[runners]]\n\n'), [], 'would duplicate runners:');
  assert.deepEqual(offered(undefined, '/w/docker-compose.yml', ''), []);
  assert.ok(!offered('gitlab-ci', '/w/.gitlab-ci.yml', '').some((i) => i.label.startsWith('helm')));
});

test('snippets: offered only at the start of a top-level line, replacing the typed prefix', () => {
  const text = 'job:\n  script:\n    - echo\n  dind\ndind';
  assert.deepEqual(offered('gitlab-ci', '/w/.gitlab-ci.yml', text, at(3, 6)), [], 'indented');
  assert.deepEqual(offered('gitlab-ci', '/w/.gitlab-ci.yml', text, at(0, 4)), [], 'after a key');
  const items = offered('gitlab-ci', '/w/.gitlab-ci.yml', text, at(4, 4));
  assert.deepEqual(labels(items), jobPrefixes);
  const dind = items.find((i) => i.label === 'dind-tls-docker')!;
  const after = accept(text, dind);
  assert.ok(after.startsWith('job:\n  script:\n    - echo\n  dind\nbuild-image:\n'), after);
});

test('snippets: two job snippets inserted in one file get distinct job names, and the file analyses clean', () => {
  let text = 'stages: [build, test]\n\ntest:\n  stage: test\n  image: alpine:3.20\n  script:\n    - echo ok\n\n';
  for (const prefix of ['kaniko', 'buildah', 'kaniko']) {
    text += '\n';
    const item = offered('gitlab-ci', '/w/.gitlab-ci.yml', text).find((i) => i.label === prefix)!;
    text = accept(text, item);
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  assert.deepEqual(doc.errors.map((e) => e.message), []);
  assert.deepEqual(Object.keys(doc.toJS() as object), ['stages', 'test', 'build-image', 'build-image-2', 'build-image-3']);
  assertClean({ '/w/.gitlab-ci.yml': text }, 'three job snippets');
});

test('snippets: free job names skip every top-level key, quoted ones too', () => {
  assert.equal(freeJobName(''), 'build-image');
  assert.equal(freeJobName('build-image:\n  script: [x]\n"build-image-2":\n  script: [y]\n# build-image-3:\n'), 'build-image-3');
  assert.deepEqual([...topLevelKeys('a:\n  b: 1\n- c\n"d e": 2\n\'f\':\n#g:\n.h: &x\n')], ['a', 'd e', 'f', '.h']);
});
