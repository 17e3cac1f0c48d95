/**
 * Completion and key hovers (server/src/lsp/completion.ts, hover-keys.ts, editor-intel.ts) on an in-memory
 * workspace, as the server calls them: the cursor is marked with ‸ in the text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, CompletionList, TextEdit } from 'vscode-languageserver';
import { MemoryFs, ROOT, abs, y } from './harness';
import { Workspace } from '../server/src/engine/workspace';
import { completionIn, joinHovers, keyHoverIn, type DocumentAt } from '../server/src/lsp/editor-intel';
import { escapeMarkdown, code } from '../server/src/lsp/hover-keys';
import { MAX_ITEMS, runnerDocsUrl } from '../server/src/lsp/completion';
import { DIND_IMAGE, DOCKER_CLI_IMAGE, KANIKO_IMAGE, BUILDAH_TAG, BUILDKIT_TAG } from '../common/pins';

const MARK = '‸';

function at(files: Record<string, string>, target: string): { d: DocumentAt; pos: { line: number; character: number } } {
  const marked = files[target];
  const i = marked.indexOf(MARK);
  assert.ok(i >= 0, 'no cursor mark');
  const text = marked.slice(0, i) + marked.slice(i + 1);
  const before = text.slice(0, i).split('\n');
  const pos = { line: before.length - 1, character: before[before.length - 1].length };
  const fs = new MemoryFs({ ...files, [target]: text });
  const ws = new Workspace(fs, { roots: [ROOT] });
  ws.analyze(abs(target)); // as the server does on opening a file
  return { d: { ws, path: abs(target), text, root: ROOT, readFile: (p) => fs.readFile(p) }, pos };
}

function complete(files: Record<string, string>, target = '.gitlab-ci.yml'): CompletionItem[] {
  const { d, pos } = at(files, target);
  const list = completionIn(d, pos) as CompletionList | null;
  return list?.items ?? [];
}
const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const item = (items: CompletionItem[], label: string) => {
  const it = items.find((i) => i.label === label);
  assert.ok(it, `no item ${label} in ${labels(items).join(', ')}`);
  return it;
};
const edit = (it: CompletionItem) => it.textEdit as TextEdit;
const doc = (it: CompletionItem) => (it.documentation as { value: string } | undefined)?.value ?? '';

function hover(files: Record<string, string>, target = '.gitlab-ci.yml'): string | undefined {
  const { d, pos } = at(files, target);
  return keyHoverIn(d, pos)?.markdown;
}

// ---- CI keywords ----

test('completion: global keywords at the top level, with GitLab\'s descriptions, none already written', () => {
  const items = complete({ '.gitlab-ci.yml': 'stages: [build]\n‸\n' });
  const l = labels(items);
  for (const k of ['default', 'include', 'variables', 'workflow', 'image', 'services']) assert.ok(l.includes(k), k);
  assert.ok(!l.includes('stages'), 'stages is already written');
  assert.ok(!l.includes('script'), 'no job keyword at the top level');
  assert.ok(!l.includes('$schema'));
  assert.match(doc(item(items, 'include')), /^Can be `IncludeItem`.*docs\.gitlab\.com/s, 'GitLab\'s description');
  assert.equal(doc(item(items, 'default')), '[GitLab CI/CD YAML reference: `default`](https://docs.gitlab.com/ci/yaml/#default)', 'a link where the schema has no description');
  assert.deepEqual(edit(item(items, 'include')).range, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } });
});

test('completion: job keywords inside a job, the typed word replaced, lists and maps opened on the next line', () => {
  const items = complete({ '.gitlab-ci.yml': 'build:\n  script: [make]\n  sta‸\n' });
  const l = labels(items);
  for (const k of ['stage', 'image', 'services', 'variables', 'extends', 'needs', 'rules', 'artifacts', 'cache']) assert.ok(l.includes(k), k);
  assert.ok(!l.includes('script'), 'already written');
  assert.ok(!l.includes('workflow') && !l.includes('include'), 'no global keyword in a job');
  assert.deepEqual(edit(item(items, 'stage')), { range: { start: { line: 2, character: 2 }, end: { line: 2, character: 5 } }, newText: 'stage: ' });
  assert.equal(edit(item(items, 'artifacts')).newText, 'artifacts:\n    ');
  assert.equal(edit(item(items, 'services')).newText, 'services:\n    - ');
  assert.equal(item(items, 'stage').command?.command, 'editor.action.triggerSuggest', 'the value list opens next');
});

test('completion: hidden jobs (templates) get job keywords too', () => {
  assert.ok(labels(complete({ '.gitlab-ci.yml': '.tpl:\n  ‸\n' })).includes('before_script'));
});

test('completion: keys of a services item, of a rules item, of artifacts and cache, of default', () => {
  const svc = labels(complete({ '.gitlab-ci.yml': 'build:\n  services:\n    - name: docker:29-dind\n      ‸\n' }));
  assert.ok(svc.includes('alias') && svc.includes('command') && svc.includes('entrypoint') && svc.includes('variables'), svc.join());
  assert.ok(!svc.includes('name') && !svc.includes('script'), svc.join());
  const svcDash = labels(complete({ '.gitlab-ci.yml': 'build:\n  services:\n    - al‸\n' }));
  assert.ok(svcDash.includes('alias') && svcDash.includes(DIND_IMAGE), svcDash.join());
  const rules = labels(complete({ '.gitlab-ci.yml': 'build:\n  rules:\n    - if: $CI\n      ‸\n' }));
  assert.ok(rules.includes('when') && rules.includes('changes') && rules.includes('exists') && !rules.includes('if') && !rules.includes('script'), rules.join());
  const artifacts = labels(complete({ '.gitlab-ci.yml': 'build:\n  artifacts:\n    ‸\n' }));
  assert.ok(artifacts.includes('paths') && artifacts.includes('expire_in') && artifacts.includes('reports') && !artifacts.includes('script'), artifacts.join());
  const cache = labels(complete({ '.gitlab-ci.yml': 'build:\n  cache:\n    ‸\n' }));
  assert.ok(cache.includes('key') && cache.includes('paths') && cache.includes('policy'), cache.join());
  const dflt = labels(complete({ '.gitlab-ci.yml': 'default:\n  ‸\n' }));
  assert.ok(dflt.includes('image') && dflt.includes('before_script') && !dflt.includes('stage') && !dflt.includes('script'), dflt.join());
  // a list at the indentation of its key
  const flat = labels(complete({ '.gitlab-ci.yml': 'build:\n  services:\n  - name: docker:29-dind\n    ‸\n' }));
  assert.ok(flat.includes('alias'), flat.join());
});

test('completion: enum values from the schema, booleans', () => {
  const when = complete({ '.gitlab-ci.yml': 'build:\n  script: [make]\n  when: ‸\n' });
  assert.deepEqual(labels(when).sort(), ['always', 'delayed', 'manual', 'never', 'on_failure', 'on_success'].sort());
  const artifacts = labels(complete({ '.gitlab-ci.yml': 'build:\n  artifacts:\n    when: ‸\n' }));
  assert.deepEqual(artifacts.sort(), ['always', 'on_failure', 'on_success'], artifacts.join());
  const interruptible = labels(complete({ '.gitlab-ci.yml': 'build:\n  interruptible: ‸\n' }));
  assert.deepEqual(interruptible, ['true', 'false']);
  const pull = labels(complete({ '.gitlab-ci.yml': 'build:\n  services:\n    - name: x\n      pull_policy: ‸\n' }));
  assert.ok(pull.includes('if-not-present'), pull.join());
});

test('completion: must not offer job keywords inside variables, a script or a comment', () => {
  const vars = labels(complete({ '.gitlab-ci.yml': 'variables:\n  ‸\n' }));
  assert.ok(!vars.includes('script') && !vars.includes('stages') && !vars.includes('image'), vars.join());
  assert.ok(vars.includes('DOCKER_HOST'));
  assert.deepEqual(complete({ '.gitlab-ci.yml': 'build:\n  script:\n    - echo ‸\n' }), []);
  assert.deepEqual(complete({ '.gitlab-ci.yml': 'build:\n  script: |\n    make\n    ‸\n' }), []);
  assert.deepEqual(complete({ '.gitlab-ci.yml': 'build:\n  # ima‸\n' }), []);
  assert.deepEqual(complete({ '.gitlab-ci.yml': 'build:\n  variables:\n    FOO: ‸\n' }), [], 'no value for a variable we know nothing of');
});

// ---- names, stages, includes ----

test('completion: job and template names for extends (this file and local includes), needs and dependencies', () => {
  const files = {
    '.gitlab-ci.yml': 'include:\n  - local: ci/templates.yml\nstages: [build, test]\nbuild:\n  script: [make]\ntest:\n  extends: ‸\n',
    'ci/templates.yml': '.docker:\n  image: docker:29-cli\nlint:\n  script: [lint]\n',
  };
  const ext = labels(complete(files));
  assert.deepEqual(ext.sort(), ['.docker', 'build', 'lint'].sort(), 'not the job itself, not global keywords');
  const needs = labels(complete({ ...files, '.gitlab-ci.yml': files['.gitlab-ci.yml'].replace('extends: ‸', 'needs:\n    - ‸') }));
  assert.ok(needs.includes('build') && needs.includes('lint') && !needs.includes('.docker') && !needs.includes('test'), needs.join());
  const needsJob = labels(complete({ ...files, '.gitlab-ci.yml': files['.gitlab-ci.yml'].replace('extends: ‸', 'needs:\n    - job: b‸') }));
  assert.ok(needsJob.includes('build'), needsJob.join());
  const flow = labels(complete({ ...files, '.gitlab-ci.yml': files['.gitlab-ci.yml'].replace('extends: ‸', 'dependencies: [build, ‸]') }));
  assert.ok(flow.includes('lint') && !flow.includes('.docker'), flow.join());
  const extList = labels(complete({ ...files, '.gitlab-ci.yml': files['.gitlab-ci.yml'].replace('extends: ‸', 'extends:\n    - .d‸') }));
  assert.ok(extList.includes('.docker'), extList.join());
});

test('completion: !reference [job, key] — names first, then the keys of that job', () => {
  const ci = '.setup:\n  script:\n    - echo\n  variables:\n    A: "1"\nbuild:\n  script:\n    - !reference [‸]\n';
  assert.deepEqual(labels(complete({ '.gitlab-ci.yml': ci })), ['.setup']);
  assert.deepEqual(labels(complete({ '.gitlab-ci.yml': ci.replace('[‸]', '[.setup, ‸]') })), ['script', 'variables']);
  assert.deepEqual(labels(complete({ '.gitlab-ci.yml': ci.replace('    - !reference [‸]', '    - make\n  before_script: !reference [.setup, ‸]') })), ['script', 'variables']);
});

test('completion: stages from stages:, or GitLab\'s default stages', () => {
  assert.deepEqual(labels(complete({ '.gitlab-ci.yml': 'stages:\n  - lint\n  - ship\nbuild:\n  stage: ‸\n' })), ['.pre', 'lint', 'ship', '.post']);
  assert.deepEqual(labels(complete({ '.gitlab-ci.yml': 'build:\n  stage: ‸\n' })), ['.pre', 'build', 'test', 'deploy', '.post']);
});

test('completion: local include paths are the project\'s YAML files', () => {
  const files = { '.gitlab-ci.yml': 'include:\n  - local: ‸\n', 'ci/a.yml': 'a:\n  script: [x]\n', 'ci/b.yaml': '', 'README.md': '' };
  assert.deepEqual(labels(complete(files)).sort(), ['ci/a.yml', 'ci/b.yaml']);
  const slash = complete({ ...files, '.gitlab-ci.yml': "include:\n  - local: '/‸'\n" });
  assert.deepEqual(labels(slash).sort(), ['/ci/a.yml', '/ci/b.yaml']);
  assert.equal(edit(item(slash, '/ci/a.yml')).newText, '/ci/a.yml', 'inside quotes: as it is');
  assert.ok(labels(complete({ ...files, '.gitlab-ci.yml': 'include: ‸\n' })).includes('ci/a.yml'));
});

// ---- images and DinD variables ----

test('completion: pinned images for image: and dind for services', () => {
  const img = labels(complete({ '.gitlab-ci.yml': 'build:\n  image: ‸\n' }));
  assert.deepEqual(img.slice(0, 1), [DOCKER_CLI_IMAGE]);
  for (const i of [KANIKO_IMAGE, `quay.io/buildah/stable:${BUILDAH_TAG}`, `moby/buildkit:${BUILDKIT_TAG}`]) assert.ok(img.includes(i), i);
  assert.ok(!img.includes(DIND_IMAGE), 'a dind image is no job image');
  const named = labels(complete({ '.gitlab-ci.yml': 'build:\n  image:\n    name: ‸\n' }));
  assert.ok(named.includes(DOCKER_CLI_IMAGE));
  const svc = complete({ '.gitlab-ci.yml': 'build:\n  services:\n    - ‸\n' });
  assert.equal(labels(svc)[0], DIND_IMAGE);
  assert.ok(!labels(svc).includes(DOCKER_CLI_IMAGE));
  assert.ok(labels(complete({ '.gitlab-ci.yml': 'build:\n  services:\n    - name: ‸\n' })).includes(DIND_IMAGE));
});

test('completion: DinD variables fit the job — TLS on by default, port 2375 and no cert path when TLS is off', () => {
  const on = complete({ '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  variables:\n    ‸\n  script: [docker info]\n' });
  assert.equal(edit(item(on, 'DOCKER_HOST')).newText, 'DOCKER_HOST: "tcp://docker:2376"');
  assert.equal(edit(item(on, 'DOCKER_CERT_PATH')).newText, 'DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"');
  assert.equal(edit(item(on, 'DOCKER_TLS_CERTDIR')).newText, 'DOCKER_TLS_CERTDIR: "/certs"');
  const off = complete({ '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [docker:29-dind]\n  variables:\n    DOCKER_TLS_CERTDIR: ""\n    ‸\n  script: [docker info]\n' });
  assert.equal(edit(item(off, 'DOCKER_HOST')).newText, 'DOCKER_HOST: "tcp://docker:2375"');
  assert.ok(!labels(off).includes('DOCKER_CERT_PATH') && !labels(off).includes('DOCKER_TLS_CERTDIR'), labels(off).join());
  const alias = complete({ '.gitlab-ci.yml': 'build:\n  services:\n    - name: docker:29-dind\n      alias: dind\n  variables:\n    DOCKER_HOST: ‸\n  script: [docker info]\n' });
  assert.deepEqual(labels(alias), ['"tcp://dind:2376"', '"tcp://dind:2375"']);
  assert.equal(alias[0].preselect, true);
  const certdir = complete({ '.gitlab-ci.yml': 'build:\n  variables:\n    DOCKER_TLS_CERTDIR: "‸"\n' });
  assert.deepEqual(certdir.map((i) => edit(i).newText), ['/certs', ''], 'inside quotes: no second pair');
});

// ---- runner configs ----

const TOML = '[[runners]]\n  name = "r"\n  executor = "docker"\n  [runners.docker]\n    image = "alpine"\n    ‸\n';

test('completion: runner keys of the table at the cursor, with type and a link to the docs', () => {
  const items = complete({ 'config.toml': TOML }, 'config.toml');
  const l = labels(items);
  assert.ok(l.includes('privileged') && l.includes('volumes') && l.includes('tls_verify'), l.join());
  assert.ok(!l.includes('image') && !l.includes('executor') && !l.includes('concurrent'), 'not written keys, not other tables');
  assert.match(doc(item(items, 'privileged')), /Type: `boolean`/);
  assert.match(doc(item(items, 'privileged')), /https:\/\/docs\.gitlab\.com\/runner\/configuration\/advanced-configuration\/#the-runnersdocker-section/);
  assert.equal(edit(item(items, 'privileged')).newText, 'privileged = ');
  const top = labels(complete({ 'config.toml': 'conc‸\n[[runners]]\n' }, 'config.toml'));
  assert.ok(top.includes('concurrent') && top.includes('log_level') && !top.includes('privileged'), top.join());
  const runner = labels(complete({ 'config.toml': '[[runners]]\n  exe‸\n' }, 'config.toml'));
  assert.ok(runner.includes('executor') && runner.includes('url') && !runner.includes('privileged'), runner.join());
});

test('completion: runner enum values and booleans, quoted as TOML wants', () => {
  const ex = complete({ 'config.toml': '[[runners]]\n  executor = ‸\n' }, 'config.toml');
  assert.ok(labels(ex).includes('docker') && labels(ex).includes('kubernetes') && labels(ex).includes('shell'), labels(ex).join());
  assert.equal(edit(item(ex, 'docker')).newText, '"docker"');
  const quoted = complete({ 'config.toml': '[[runners]]\n  executor = "k‸"\n' }, 'config.toml');
  assert.equal(edit(item(quoted, 'kubernetes')).newText, 'kubernetes');
  assert.deepEqual(edit(item(quoted, 'kubernetes')).range, { start: { line: 1, character: 14 }, end: { line: 1, character: 15 } });
  assert.deepEqual(labels(complete({ 'config.toml': '[[runners]]\n  [runners.docker]\n    privileged = ‸\n' }, 'config.toml')), ['true', 'false']);
});

test('completion: runner table headers, arrays of tables after [[', () => {
  const t = complete({ 'config.toml': '[[runners]]\n  executor = "docker"\n  [runners.d‸\n' }, 'config.toml');
  assert.ok(labels(t).includes('runners.docker') && labels(t).includes('runners.kubernetes') && labels(t).includes('runners.cache'), labels(t).join());
  assert.ok(!labels(t).includes('runners'), 'runners is an array of tables');
  assert.equal(edit(item(t, 'runners.docker')).newText, 'runners.docker]');
  const a = labels(complete({ 'config.toml': '[[‸\n' }, 'config.toml'));
  assert.ok(a.includes('runners') && a.includes('runners.docker.services'), a.join());
  assert.ok(!a.includes('runners.docker'));
});

test('completion: runner keys inside Helm runners.config, ranges in the values file', () => {
  const values = 'gitlabUrl: https://gitlab.example.com\nrunners:\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        priv‸\n';
  const items = complete({ 'values.yaml': values }, 'values.yaml');
  assert.ok(labels(items).includes('privileged') && labels(items).includes('namespace'), labels(items).join());
  assert.deepEqual(edit(item(items, 'privileged')).range, { start: { line: 5, character: 8 }, end: { line: 5, character: 12 } });
  assert.match(doc(item(items, 'privileged')), /docs\.gitlab\.com\/runner\/executors\/kubernetes/);
  // the values' own keys are not runner keys
  assert.deepEqual(complete({ 'values.yaml': 'gitlabUrl: https://gitlab.example.com\nrunners:\n  config: |\n    [[runners]]\nrbac:\n  ‸\n' }, 'values.yaml'), []);
});

test('completion: text that does not parse (being typed) still completes', () => {
  const broken = 'build:\n  script: [make\n  image: ‸\n';
  assert.ok(labels(complete({ '.gitlab-ci.yml': broken })).includes(DOCKER_CLI_IMAGE));
  assert.ok(labels(complete({ 'config.toml': '[[runners]]\n  executor = \n  [runners.docker]\n    pri‸\n' }, 'config.toml')).includes('privileged'));
});

// ---- hovers ----

test('hover: CI keywords show GitLab\'s description; runner keys show the runner schema with a docs link', () => {
  assert.match(hover({ '.gitlab-ci.yml': 'build:\n  scr‸ipt: [make]\n' })!, /^\*\*script\*\* — GitLab CI keyword\n\n.*docs\.gitlab\.com\/ci\/yaml\/#script/s);
  assert.match(hover({ '.gitlab-ci.yml': 'build:\n  services:\n    - name: x\n      al‸ias: y\n' })!, /\*\*alias\*\*/);
  assert.equal(hover({ '.gitlab-ci.yml': 'build:\n  variables:\n    FO‸O: x\n' }), undefined, 'a variable is no keyword');
  assert.equal(hover({ '.gitlab-ci.yml': 'build:\n  script: [ma‸ke]\n' }), undefined);
  const r = hover({ 'config.toml': '[[runners]]\n  [runners.docker]\n    privi‸leged = true\n' }, 'config.toml')!;
  assert.match(r, /\*\*privileged\*\* — `\[runners\.docker\]`/);
  assert.match(r, /#the-runnersdocker-section/);
  assert.match(hover({ 'config.toml': '[runners.dock‸er]\n' }, 'config.toml')!, /\*\*docker\*\*/);
  assert.match(hover({ 'values.yaml': 'gitlabUrl: x\nrunners:\n  config: |\n    [[runners]]\n      execu‸tor = "kubernetes"\n' }, 'values.yaml')!, /\*\*executor\*\*/);
});

test('hover: a job name and an extends value show the effective image, services and variables with their origins', () => {
  const files = {
    '.gitlab-ci.yml': y`
      include: ci/t.yml
      variables:
        DOCKER_TLS_CERTDIR: "/certs"
        API_TOKEN: s3cret
      default:
        image: docker:29-cli
      bu‸ild:
        extends: .dind
        variables:
          DOCKER_HOST: tcp://docker:2376
        script: [docker info]
    ` + '\n',
    'ci/t.yml': '.dind:\n  services:\n    - name: docker:29-dind\n      alias: docker\n',
  };
  const h = hover(files)!;
  assert.match(h, /^\*\*Job\*\* `build` — effective configuration \(\.gitlab-ci\.yml:7\)/);
  assert.match(h, /\*\*image\*\*: `docker:29-cli` — from `default:` \(\.gitlab-ci\.yml:6\)/);
  assert.match(h, /- `docker:29-dind` \(alias `docker`\) — from `\.dind` \(ci\/t\.yml:3\)/);
  assert.match(h, /- `DOCKER_HOST`: `tcp:\/\/docker:2376` — from `build` \(\.gitlab-ci\.yml:10\)/);
  assert.match(h, /- `DOCKER_TLS_CERTDIR`: `\/certs` — global `variables:` \(\.gitlab-ci\.yml:3\)/);
  assert.match(h, /- `API_TOKEN`: `••••`/, 'a secret-looking value is not shown');
  assert.ok(!h.includes('s3cret'));
  const ext = hover({ ...files, '.gitlab-ci.yml': files['.gitlab-ci.yml'].replace('bu‸ild', 'build').replace('.dind', '.di‸nd') })!;
  assert.match(ext, /^\*\*Template\*\* `\.dind` — effective configuration \(ci\/t\.yml:1\)/);
  assert.match(ext, /\*\*services\*\*:\n\n- `docker:29-dind`/);
});

test('hover: Markdown in names and values is escaped; hovers join findings first', () => {
  assert.equal(escapeMarkdown('a_b*[c]'), 'a\\_b\\*\\[c\\]');
  assert.equal(code('a`b'), '``a`b``');
  assert.equal(code('`x'), '`` `x ``');
  const h = hover({ '.gitlab-ci.yml': 'job_*x*:\n  variables:\n    V: "`rm` **b**"\n  script: [a]\n'.replace('job_', 'jo‸b_') })!;
  assert.match(h, /`job_\*x\*`/);
  assert.match(h, /`V`: ``` ``rm` \*\*b\*\*`` ```|`V`: `` `rm` \*\*b\*\* ``/);
  const joined = joinHovers({ contents: { kind: 'markdown', value: 'F' } }, { markdown: 'K', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } });
  assert.deepEqual(joined, { contents: { kind: 'markdown', value: 'F\n\n---\n\nK' } });
  assert.equal(runnerDocsUrl([]), 'https://docs.gitlab.com/runner/configuration/advanced-configuration/#the-global-section');
});

test('a big pipeline: past MAX_ITEMS names, the answer keeps those that fit the typed prefix and is marked incomplete', () => {
  const jobs = Array.from({ length: MAX_ITEMS + 200 }, (_, i) => `job-${i}:\n  script: [echo ${i}]\n`).join('');
  const templates = '.base:\n  image: alpine\n.build-base:\n  image: docker:27-cli\n';
  const all = at({ '.gitlab-ci.yml': `${templates}${jobs}x:\n  extends: ‸\n` }, '.gitlab-ci.yml');
  const list = completionIn(all.d, all.pos) as CompletionList;
  assert.equal(list.isIncomplete, true);
  assert.equal(list.items.length, MAX_ITEMS);
  assert.deepStrictEqual(list.items.slice(0, 2).map((i) => i.label), ['.base', '.build-base'], 'in file order: the templates first');
  const typed = at({ '.gitlab-ci.yml': `${templates}${jobs}x:\n  extends: .bb‸\n` }, '.gitlab-ci.yml');
  const few = completionIn(typed.d, typed.pos) as CompletionList;
  assert.deepStrictEqual(few.items.map((i) => i.label), ['.build-base'], 'the prefix\'s characters in order');
  assert.equal(few.isIncomplete, true);
  const small = at({ '.gitlab-ci.yml': `${templates}a:\n  script: [x]\nx:\n  extends: ‸\n` }, '.gitlab-ci.yml');
  assert.equal((completionIn(small.d, small.pos) as CompletionList).isIncomplete, false);
});
