/**
 * Navigation and outline (server/src/lsp/navigation.ts, symbols.ts) on the real engine over an in-memory
 * workspace: definitions and references across local includes, aliases → anchors, include links, document and
 * workspace symbols — each with cases that must give nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolKind, type DocumentSymbol, type Location } from 'vscode-languageserver';
import { MemoryFs, abs, y, ROOT } from './harness';
import { Workspace } from '../server/src/engine/workspace';
import { LineIndex } from '../server/src/formats/text';
import { definition, documentLinks, references, type NavContext } from '../server/src/lsp/navigation';
import { documentSymbols, workspaceSymbols } from '../server/src/lsp/symbols';

const MAIN = y`
  include:
    - local: .gitlab/ci/base.yml
    - '/.gitlab/ci/lint.yml'
    - remote: https://example.com/ci.yml
    - local: .gitlab/ci/missing.yml
    - local: .gitlab/ci/*.yml
  stages: [build, test]
  .vars: &vars
    FOO: bar
  build:
    extends: .docker
    stage: build
    variables:
      <<: *vars
    script:
      - !reference [.setup, script]
      - docker build .
  test:
    needs: [build]
    dependencies:
      - build
    stage: test
    script: [echo]
  downstream:
    needs:
      - project: group/other
        job: build
        ref: main
    script: [echo]
`;
const BASE = y`
  .base:
    before_script:
      - echo base
  .docker:
    extends: .base
    image: docker:29-cli
    services:
      - docker:29-dind
  .setup:
    script:
      - echo setup
`;
const LINT = y`
  lint:
    needs:
      - job: build
    script:
      - !reference [.docker, before_script]
      - !reference [.nowhere, script]
`;
const FILES = { '.gitlab-ci.yml': MAIN, '.gitlab/ci/base.yml': BASE, '.gitlab/ci/lint.yml': LINT };

function setup(files: Record<string, string> = FILES) {
  const fs = new MemoryFs(files);
  const ws = new Workspace(fs, { roots: [ROOT] });
  const ctx: NavContext = { engine: ws, uriOf: (p) => `file://${p}` };
  return { fs, ws, ctx };
}

/** The position of the `nth` occurrence of `needle` in a text, `delta` characters in. */
function pos(text: string, needle: string, nth = 0, delta = 1) {
  let o = -1;
  for (let i = 0; i <= nth; i++) { o = text.indexOf(needle, o + 1); assert.ok(o >= 0, `'${needle}' #${nth} not in the text`); }
  return new LineIndex(text).position(o + delta);
}
function show(locs: Location[]): string[] {
  return locs.map((l) => `${l.uri.replace(`file://${ROOT}/`, '')}:${l.range.start.line + 1}:${l.range.start.character + 1}-${l.range.end.line + 1}:${l.range.end.character + 1}`);
}
const main = abs('.gitlab-ci.yml'), base = abs('.gitlab/ci/base.yml'), lint = abs('.gitlab/ci/lint.yml');

test('definition: extends → the template in the included file', () => {
  const { ctx } = setup();
  assert.deepEqual(show(definition(ctx, main, pos(MAIN, '.docker'))), ['.gitlab/ci/base.yml:4:1-4:8']);
  // extends inside the included file → another template of the same file
  assert.deepEqual(show(definition(ctx, base, pos(BASE, '.base', 1))), ['.gitlab/ci/base.yml:1:1-1:6']);
});

test('definition: needs, needs: job and dependencies → the job; a cross-project need goes nowhere', () => {
  const { ctx } = setup();
  assert.deepEqual(show(definition(ctx, main, pos(MAIN, '[build]', 0, 2))), ['.gitlab-ci.yml:10:1-10:6']);
  assert.deepEqual(show(definition(ctx, main, pos(MAIN, '- build', 0, 3))), ['.gitlab-ci.yml:10:1-10:6']);
  assert.deepEqual(show(definition(ctx, lint, pos(LINT, 'job: build', 0, 6))), ['.gitlab-ci.yml:10:1-10:6']);
  assert.deepEqual(definition(ctx, main, pos(MAIN, 'job: build', 0, 6)), [], 'needs: project: … job: names a job of another project');
});

test('definition: !reference → the job, then the key (through extends)', () => {
  const { ctx } = setup();
  assert.deepEqual(show(definition(ctx, main, pos(MAIN, '.setup'))), ['.gitlab/ci/base.yml:9:1-9:7']);
  assert.deepEqual(show(definition(ctx, main, pos(MAIN, 'script]'))), ['.gitlab/ci/base.yml:10:3-10:9']);
  // .docker has no before_script of its own: it comes from .base, which it extends
  assert.deepEqual(show(definition(ctx, lint, pos(LINT, 'before_script'))), ['.gitlab/ci/base.yml:2:3-2:16']);
  assert.deepEqual(definition(ctx, lint, pos(LINT, '.nowhere')), [], 'an undefined job');
  assert.deepEqual(definition(ctx, lint, pos(LINT, 'script]', 1)), [], 'the key of an undefined job');
});

test('definition: alias → anchor; stage → stages item; include path → the file', () => {
  const { ctx } = setup();
  assert.deepEqual(show(definition(ctx, main, pos(MAIN, '*vars', 0, 2))), ['.gitlab-ci.yml:8:8-8:13']);
  assert.deepEqual(show(definition(ctx, main, pos(MAIN, 'stage: build', 0, 8))), ['.gitlab-ci.yml:7:10-7:15']);
  assert.deepEqual(show(definition(ctx, main, pos(MAIN, 'base.yml'))), ['.gitlab/ci/base.yml:1:1-1:1']);
});

test('definition: nothing on keywords, values that name no job, or a missing include', () => {
  const { ctx } = setup();
  for (const [needle, delta] of [['image', 1], ['docker build', 3], ['FOO', 1], ['missing.yml', 2], ['example.com', 2], ['*.yml', 1]] as const) {
    const text = needle === 'image' ? BASE : MAIN;
    assert.deepEqual(definition(ctx, needle === 'image' ? base : main, pos(text, needle, 0, delta)), [], needle);
  }
});

test('references: a template, from its definition and from a use; a job with needs/dependencies across files', () => {
  const { ctx } = setup();
  assert.deepEqual(show(references(ctx, base, pos(BASE, '.docker'), true)), ['.gitlab/ci/base.yml:4:1-4:8', '.gitlab-ci.yml:11:12-11:19', '.gitlab/ci/lint.yml:5:19-5:26']);
  const fromUse = show(references(ctx, main, pos(MAIN, '.docker'), false)).sort();
  assert.deepEqual(fromUse, ['.gitlab-ci.yml:11:12-11:19', '.gitlab/ci/lint.yml:5:19-5:26']);
  const build = show(references(ctx, main, pos(MAIN, 'build:', 0, 1), true)).sort();
  assert.deepEqual(build, ['.gitlab-ci.yml:19:11-19:16', '.gitlab-ci.yml:21:7-21:12', '.gitlab-ci.yml:10:1-10:6', '.gitlab/ci/lint.yml:3:12-3:17'].sort(),
    'the definition, needs, dependencies and needs: job — not the cross-project need, not the stage named build');
});

test('references: an anchor and its aliases; stages; nothing on a plain key', () => {
  const text = y`
    .a: &a
      X: 1
    j1:
      variables: *a
      script: [echo]
    j2:
      variables: *a
      script: [echo]
  `;
  const { ctx } = setup({ '.gitlab-ci.yml': text });
  const path = abs('.gitlab-ci.yml');
  assert.deepEqual(show(references(ctx, path, pos(text, '&a', 0, 1), true)), ['.gitlab-ci.yml:1:5-1:7', '.gitlab-ci.yml:4:14-4:16', '.gitlab-ci.yml:7:14-7:16']);
  assert.deepEqual(show(references(ctx, path, pos(text, '*a', 1, 1), false)), ['.gitlab-ci.yml:4:14-4:16', '.gitlab-ci.yml:7:14-7:16']);
  assert.deepEqual(references(ctx, path, pos(text, 'variables'), true), []);
  const { ctx: c2 } = setup();
  assert.deepEqual(show(references(c2, main, pos(MAIN, 'test]', 0, 1), true)), ['.gitlab-ci.yml:7:17-7:21', '.gitlab-ci.yml:22:10-22:14']);
});

test('references: a key named by !reference [job, key], from the reference and from the key in the job (through extends)', () => {
  const { ctx } = setup();
  // from the reference: the key it resolves to (declaration) and every reference resolving to the same key
  assert.deepEqual(show(references(ctx, main, pos(MAIN, 'script]'), true)), ['.gitlab/ci/base.yml:10:3-10:9', '.gitlab-ci.yml:16:27-16:33']);
  assert.deepEqual(show(references(ctx, main, pos(MAIN, 'script]'), false)), ['.gitlab-ci.yml:16:27-16:33']);
  // from the key written in the template: Shift+F12 on `script:` under .setup, on `before_script:` under .base
  assert.deepEqual(show(references(ctx, base, pos(BASE, 'script:', 1, 1), false)), ['.gitlab-ci.yml:16:27-16:33']);
  // .docker has no before_script of its own, so `!reference [.docker, before_script]` reaches .base's
  assert.deepEqual(show(references(ctx, base, pos(BASE, 'before_script'), true)), ['.gitlab/ci/base.yml:2:3-2:16', '.gitlab/ci/lint.yml:5:28-5:41']);
  // F12 on a referenced key is the key itself (VS Code then offers its references)
  assert.deepEqual(show(definition(ctx, base, pos(BASE, 'before_script'))), ['.gitlab/ci/base.yml:2:3-2:16']);
  // keys no reference names: nothing, from either command
  assert.deepEqual(references(ctx, base, pos(BASE, 'image'), true), []);
  assert.deepEqual(references(ctx, main, pos(MAIN, 'script: [echo]'), true), []);
  assert.deepEqual(definition(ctx, main, pos(MAIN, 'script: [echo]')), []);
  // the key of a reference to an undefined job: nothing to list
  assert.deepEqual(references(ctx, lint, pos(LINT, 'script]', 1), true), []);
});

test('references: a nested key (!reference [job, variables, NAME]); a key merged in by `<<` is not the job\'s own', () => {
  const text = y`
    .vars: &v
      A: "1"
    .common:
      variables:
        TOKEN_NAME: x
        <<: *v
    job:
      variables:
        NAME: !reference [.common, variables, TOKEN_NAME]
      script: [echo]
  `;
  const { ctx } = setup({ '.gitlab-ci.yml': text });
  const path = abs('.gitlab-ci.yml');
  assert.deepEqual(show(references(ctx, path, pos(text, 'TOKEN_NAME:'), true)), ['.gitlab-ci.yml:5:5-5:15', '.gitlab-ci.yml:9:43-9:53']);
  // the reference passes through .common's variables: that key is named too; the job's own variables is not
  assert.deepEqual(show(references(ctx, path, pos(text, 'variables:'), false)), ['.gitlab-ci.yml:9:32-9:41']);
  assert.deepEqual(references(ctx, path, pos(text, 'variables:', 1), true), []);
  // A under .vars is written once; .common only merges it: the cursor on .vars's A finds no reference
  assert.deepEqual(references(ctx, path, pos(text, 'A:'), true), []);
});

test('document links: include: local (map and string forms) to exactly one existing file', () => {
  const { ctx } = setup();
  const links = documentLinks(ctx, main);
  assert.deepEqual(links.map((l) => [l.target, l.range.start.line + 1, l.range.start.character + 1, l.range.end.character + 1]), [
    [`file://${base}`, 2, 12, 31],
    [`file://${lint}`, 3, 6, 26], // inside the quotes
  ], 'no link for the remote include, the missing file or the glob that matches several files');
  assert.deepEqual(documentLinks(ctx, base), [], 'a file without includes');
});

const KIND: Record<number, string> = Object.fromEntries(Object.entries(SymbolKind).map(([k, v]) => [v, k]));
function outline(s: DocumentSymbol[], depth = 0): string[] {
  return s.flatMap((x) => [`${'  '.repeat(depth)}${x.name} ${KIND[x.kind]}${x.detail ? ` (${x.detail})` : ''} ${x.range.start.line + 1}-${x.range.end.line + 1}`, ...outline(x.children ?? [], depth + 1)]);
}

test('document symbols: a CI file lists stages, jobs and templates with kinds, ranges and details', () => {
  const { ws } = setup();
  const syms = documentSymbols(ws, main);
  const top = outline(syms).filter((l) => !l.startsWith(' '));
  assert.deepEqual(top, ['include Module 1-6', 'stages Array (2 stages) 7-7', '.vars Class (template) 8-9', 'build Function (stage build · extends .docker) 10-17', 'test Function (stage test) 18-23', 'downstream Function 24-29']);
  const stages = syms.find((s) => s.name === 'stages')!;
  assert.deepEqual(stages.children!.map((c) => [c.name, c.kind]), [['build', SymbolKind.EnumMember], ['test', SymbolKind.EnumMember]]);
  const build = syms.find((s) => s.name === 'build')!;
  assert.deepEqual(build.children!.map((c) => c.name), ['extends', 'stage', 'variables', 'script']);
  assert.deepEqual(build.selectionRange, { start: { line: 9, character: 0 }, end: { line: 9, character: 5 } });
  for (const s of syms) assert.ok(s.range.start.line <= s.selectionRange.start.line && s.range.end.line >= s.selectionRange.end.line, `${s.name}: selection inside range`);
  assert.deepEqual(documentSymbols(ws, abs('README.md')), [], 'not a file the server serves');
  const broken = setup({ '.gitlab-ci.yml': 'build:\n  script: [echo\n' });
  assert.deepEqual(documentSymbols(broken.ws, abs('.gitlab-ci.yml')), [], 'a file that does not parse has no outline (and no crash)');
});

test('document symbols: config.toml lists global settings, runners by name with executor and tables', () => {
  const toml = y`
    concurrent = 4
    [session_server]
      listen_address = "[::]:8093"
    [[runners]]
      name = "docker-runner"
      executor = "docker"
      [runners.docker]
        privileged = true
      [runners.cache]
        [runners.cache.s3]
          BucketName = "b"
    [[runners]]
      executor = "shell"
  `;
  const { ws } = setup({ 'config.toml': toml });
  assert.deepEqual(outline(documentSymbols(ws, abs('config.toml'))), [
    'concurrent Property 1-1',
    '[session_server] Struct 2-3',
    'docker-runner Object (executor docker) 4-11',
    '  [runners.docker] Struct 7-8',
    '  [runners.cache] Struct 9-11',
    '    [runners.cache.s3] Struct 10-11',
    'runner 2 Object (executor shell) 12-13',
  ]);
});

test('document symbols: Helm values list top-level keys and the runners of runners.config under it', () => {
  const values = y`
    gitlabUrl: https://gitlab.example.com
    rbac:
      create: true
    runners:
      privileged: true
      config: |
        [[runners]]
          name = "k8s"
          [runners.kubernetes]
            image = "alpine"
  `;
  const { ws } = setup({ 'values.yaml': values });
  assert.equal(ws.kindOf(abs('values.yaml')), 'helm-values');
  assert.deepEqual(outline(documentSymbols(ws, abs('values.yaml'))), [
    'gitlabUrl Property 1-1',
    'rbac Module 2-3',
    '  create Property 3-3',
    'runners Module 4-10',
    '  privileged Property 5-5',
    '  config Property 6-10',
    '    k8s Object (kubernetes executor) 7-10',
    '      [runners.kubernetes] Struct 9-10',
  ]);
});

test('workspace symbols: jobs and templates of every CI file, filtered by the query', () => {
  const { ws } = setup();
  const all = workspaceSymbols(ws, '', (p) => `file://${p}`);
  assert.deepEqual(all.map((s) => `${s.containerName}:${s.name}`).sort(), [
    '.gitlab-ci.yml:.vars', '.gitlab-ci.yml:build', '.gitlab-ci.yml:downstream', '.gitlab-ci.yml:test',
    '.gitlab/ci/base.yml:.base', '.gitlab/ci/base.yml:.docker', '.gitlab/ci/base.yml:.setup', '.gitlab/ci/lint.yml:lint',
  ]);
  assert.deepEqual(workspaceSymbols(ws, 'dkr', (p) => p).map((s) => s.name), ['.docker'], 'characters in order');
  assert.deepEqual(workspaceSymbols(ws, 'zz', (p) => p), []);
  const d = workspaceSymbols(ws, 'docker', (p) => p)[0];
  assert.deepEqual([d.kind, d.location.range.start.line], [SymbolKind.Class, 3]);
});
