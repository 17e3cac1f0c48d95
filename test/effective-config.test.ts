/**
 * "Show effective configuration" (server/src/lsp/effective-doc.ts): the rendered YAML parses back to exactly the
 * job GitLab would run (include local, extends, default, anchors, !reference, global variables), every value line
 * names where it was written, and the job at a cursor and the code lenses are found — with the cases that must not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, YAMLSeq } from 'yaml';
import { MemoryFs, abs, y, ROOT } from './harness';
import { Workspace } from '../server/src/engine/workspace';
import { effectiveConfig, effectiveConfigLenses, jobAt } from '../server/src/lsp/effective-doc';
import { SHOW_EFFECTIVE_CONFIG_COMMAND } from '../common/effective-config';

const MAIN = y`
  include:
    - local: .gitlab/ci/base.yml
  variables:
    GLOBAL: "1.0"
    SHARED: global
  default:
    tags: [docker]
  .anchors:
    retry: &retry
      max: 2
      when: [runner_system_failure]
  build:
    extends: .docker
    retry: *retry
    variables:
      SHARED: job
      DOCKER_TLS_CERTDIR: ""
    script:
      - !reference [.setup, script]
      - |
        docker build \\
          -t app .
      - 'echo "a: b" # not a comment'
  lint:
    inherit:
      variables: false
      default: false
    script: [yes, "no", 0o17, 1e3, ~, "\${CI_COMMIT_SHA}"]
`;
const BASE = y`
  .base:
    before_script:
      - echo base
  .docker:
    extends: .base
    image: docker:29-cli
    services:
      - name: docker:29-dind
        alias: docker
  .setup:
    script:
      - echo setup
      - - nested one
        - nested two
`;
const FILES = { '.gitlab-ci.yml': MAIN, '.gitlab/ci/base.yml': BASE };
const main = abs('.gitlab-ci.yml');

function ws(files: Record<string, string> = FILES) { return new Workspace(new MemoryFs(files), { roots: [ROOT] }); }
const referenceTag = { tag: '!reference', collection: 'seq' as const, default: false, nodeClass: YAMLSeq, resolve: (s: unknown) => s };
const read = (text: string) => parse(text, { version: '1.1', customTags: [referenceTag] });

test('effective configuration of a job: parses back to the merged job, global variables included', () => {
  const r = effectiveConfig(ws(), main, { job: 'build', render: true });
  assert.equal(r.problem, undefined);
  assert.deepEqual(r.jobs, ['build', 'lint']);
  assert.deepEqual(read(r.text!), {
    build: {
      before_script: ['echo base'],
      image: 'docker:29-cli',
      services: [{ name: 'docker:29-dind', alias: 'docker' }],
      retry: { max: 2, when: ['runner_system_failure'] },
      variables: { GLOBAL: '1.0', SHARED: 'job', DOCKER_TLS_CERTDIR: '' },
      script: ['echo setup', 'nested one', 'nested two', 'docker build \\\n  -t app .\n', 'echo "a: b" # not a comment'],
      tags: ['docker'],
    },
  });
});

test('effective configuration: every value says where it was written and how it got there', () => {
  const text = effectiveConfig(ws(), main, { job: 'build', render: true }).text!;
  const line = (needle: string) => text.split('\n').find((l) => l.includes(needle)) ?? assert.fail(`no line with ${needle}:\n${text}`);
  assert.match(line('build:'), /# defined at \.gitlab-ci\.yml:12$/);
  assert.match(text, /^# build extends \.docker, \.base$/m);
  assert.match(line('image:'), /image: docker:29-cli {2}# from \.gitlab\/ci\/base\.yml:6 \(extends \.docker\)$/);
  assert.match(line('before_script:'), /# from \.gitlab\/ci\/base\.yml:2 \(extends \.base\)$/);
  assert.match(line('- echo setup'), /# from \.gitlab\/ci\/base\.yml:12 \(!reference \.setup\)$/);
  assert.match(line('- nested two'), /# from \.gitlab\/ci\/base\.yml:14 \(!reference \.setup\)$/);
  assert.match(line('max: 2'), /# from \.gitlab-ci\.yml:10 \(via \.anchors\)$/);
  assert.match(line('GLOBAL:'), /GLOBAL: "1\.0" {2}# from \.gitlab-ci\.yml:4 \(global variables\)$/);
  assert.match(line('variables:'), /variables: {2}# from \.gitlab-ci\.yml:15 \(and global variables\)$/);
  assert.match(line('SHARED:'), /SHARED: job {2}# from \.gitlab-ci\.yml:16$/, 'the job wins over the global variable');
  assert.match(line('tags:'), /# from \.gitlab-ci\.yml:7 \(default\)$/);
  assert.match(line('- |'), /- \|  # from \.gitlab-ci\.yml:20$/);
  for (const l of text.split('\n')) {
    if (l.startsWith('#') || l === '' || /^\s+(docker build|-t app)/.test(l)) continue;
    assert.match(l, /# (from|defined at) \S+:\d+/, `a line without its origin: ${l}`);
  }
});

test('effective configuration: inherit: false drops default and global variables; YAML 1.1 scalars keep their type', () => {
  const r = effectiveConfig(ws(), main, { job: 'lint', render: true });
  assert.deepEqual(read(r.text!), { lint: { inherit: { variables: false, default: false }, script: [true, 'no', '0o17', 1000, null, '${CI_COMMIT_SHA}'] } });
  assert.match(r.text!, /^# inherit default: false; inherit variables: false$/m);
});

test('effective configuration of the whole pipeline: stages/variables then every job, and it parses', () => {
  const r = effectiveConfig(ws(), main, { render: true });
  const doc = read(r.text!);
  assert.deepEqual(Object.keys(doc), ['variables', 'build', 'lint']);
  assert.deepEqual(doc.variables, { GLOBAL: '1.0', SHARED: 'global' });
  assert.equal(doc.build.image, 'docker:29-cli');
  assert.doesNotMatch(r.text!, /^\.docker:/m, 'templates are merged into jobs, not listed');
});

test('effective configuration: unresolved !reference, remote includes and partial pipelines are said, and it still parses', () => {
  const files = { '.gitlab-ci.yml': y`
    include:
      - remote: https://example.com/ci.yml
    job:
      script:
        - !reference [.elsewhere, script]
  ` };
  const r = effectiveConfig(ws(files), main, { job: 'job', render: true });
  assert.match(r.text!, /^# Partial: /m);
  assert.match(r.text!, /^# not read: include remote https:\/\/example\.com\/ci\.yml$/m);
  assert.match(r.text!, /- !reference \[\.elsewhere, script\] {2}# from \.gitlab-ci\.yml:5 \(not resolved\)$/m);
  assert.deepEqual(read(r.text!), { job: { script: [['.elsewhere', 'script']] } });
});

test('effective configuration: what cannot be shown is said, not rendered', () => {
  assert.match(effectiveConfig(ws(), main, { job: '.docker', render: true }).problem!, /No job '\.docker'/);
  assert.match(effectiveConfig(ws(), main, { job: 'nope', render: true }).problem!, /No job 'nope'/);
  assert.match(effectiveConfig(ws({ '.gitlab-ci.yml': 'job: [' }), main, { render: true }).problem!, /does not parse/);
  assert.match(effectiveConfig(ws({ ...FILES, 'notes.txt': 'x' }), abs('notes.txt'), { render: true }).problem!, /not a GitLab CI file/);
  assert.equal(effectiveConfig(ws(), main, { job: 'build' }).text, undefined, 'not rendered unless asked');
});

test('the job at the cursor, and a code lens on each job (not on templates or global keywords)', () => {
  const w = ws();
  assert.equal(jobAt(w, main, { line: 11, character: 2 }), 'build', 'on the job key');
  assert.equal(jobAt(w, main, { line: 19, character: 8 }), 'build', 'inside its script');
  assert.equal(jobAt(w, main, { line: 4, character: 4 }), undefined, 'in global variables');
  assert.equal(jobAt(w, abs('.gitlab/ci/base.yml'), { line: 5, character: 4 }), undefined, 'in a template');
  assert.equal(effectiveConfig(w, main, { position: { line: 23, character: 5 } }).job, 'lint');
  const lenses = effectiveConfigLenses(w, main, 'file:///w/.gitlab-ci.yml');
  assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.command, ...(l.command?.arguments ?? [])]), [
    [11, SHOW_EFFECTIVE_CONFIG_COMMAND, 'file:///w/.gitlab-ci.yml', 'build'],
    [23, SHOW_EFFECTIVE_CONFIG_COMMAND, 'file:///w/.gitlab-ci.yml', 'lint'],
  ]);
  assert.deepEqual(effectiveConfigLenses(w, abs('.gitlab/ci/base.yml'), 'x'), []);
});
