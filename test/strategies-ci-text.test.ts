/** Placement of a generated job in an existing CI file: indentation style, stage, free names, cursor vs. append. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYamlText } from 'yaml';
import { chooseStage, detectIndent, freeJobName, jobNameProblem, placeJob, topLevelKeys } from '../client/src/ciText';
import { generateJob } from '../common/strategies';
import { Workspace } from '../server/src/engine/workspace';

/** Applies an insertion the way the picker does (replace [startCharacter, endCharacter) of `line`). */
function apply(text: string, ins: ReturnType<typeof placeJob>): string {
  const lines = text.split('\n');
  const before = lines.slice(0, ins.line).join('\n') + (ins.line > 0 ? '\n' : '');
  const line = lines[ins.line] ?? '';
  const after = lines.slice(ins.line + 1);
  return before + line.slice(0, ins.startCharacter) + ins.text + line.slice(ins.endCharacter) + (after.length ? '\n' + after.join('\n') : '');
}

const FOUR = 'stages:\n    - compile\n    - test\n\nunit:\n    stage: test\n    image: alpine:3.20\n    script:\n        - echo ok\n';
const TWO = 'unit:\n  image: alpine:3.20\n  script:\n    - echo ok\n';

test('indentation style', () => {
  assert.equal(detectIndent(FOUR), 4);
  assert.equal(detectIndent(TWO), 2);
  assert.equal(detectIndent(''), 2);
  assert.equal(detectIndent('# c\nvariables:\n\n    A: "1"\n'), 4);
});

test('stage choice', () => {
  assert.equal(chooseStage(TWO), 'build');
  assert.equal(chooseStage(FOUR), 'compile');
  assert.equal(chooseStage('stages: [lint, test]\n'), 'lint');
  assert.equal(chooseStage('stages: [test, build]\n'), 'build');
  assert.equal(chooseStage('stages: [docker-build, deploy]\n'), 'docker-build');
});

test('job names', () => {
  assert.deepEqual([...topLevelKeys(TWO)], ['unit']);
  assert.equal(freeJobName(TWO, 'unit'), 'unit-2');
  assert.equal(freeJobName(TWO, 'build-image'), 'build-image');
  assert.match(jobNameProblem(TWO, 'unit') ?? '', /already/);
  assert.match(jobNameProblem(TWO, '.tpl') ?? '', /hidden/);
  assert.match(jobNameProblem(TWO, 'variables') ?? '', /keyword/);
  assert.match(jobNameProblem(TWO, '') ?? '', /Enter/);
  assert.equal(jobNameProblem(TWO, 'build image'), undefined);
});

test('append at the end after one blank line, in the file style', () => {
  const job = generateJob('dind-tls', 'docker', { indent: detectIndent(FOUR), stage: chooseStage(FOUR) });
  const ins = placeJob(FOUR, job, undefined);
  assert.equal(ins.atCursor, false);
  const out = apply(FOUR, ins);
  assert.equal(out, FOUR + '\n' + job);
  assert.equal(out.split('\n')[ins.jobLine], 'build-image:');
  const doc = parseYamlText(out) as Record<string, { stage: string }>;
  assert.equal(doc['build-image'].stage, 'compile');
  const ws = new Workspace({ readFile: (p) => (p === '/w/.gitlab-ci.yml' ? out : undefined), listFiles: () => ['/w/.gitlab-ci.yml'] }, { roots: ['/w'] });
  const bad = ws.analyze('/w/.gitlab-ci.yml').filter((f) => f.severity !== 'info');
  assert.deepEqual(bad.map((f) => `${f.ruleId}: ${f.message}`), []);
});

test('append to a file without a final newline, and to an empty file', () => {
  const t = TWO.trimEnd();
  const job = generateJob('kaniko', 'docker');
  const ins = placeJob(t, job, undefined);
  const out = apply(t, ins);
  assert.equal(out, t + '\n\n' + job);
  assert.equal(out.split('\n')[ins.jobLine], 'build-image:');
  const e = placeJob('', job, 0);
  assert.equal(apply('', e), job);
  assert.equal(e.jobLine, 0);
});

test('at the cursor on an empty top-level line', () => {
  const text = 'a:\n  script: [x]\n\nb:\n  script: [y]\n';
  const job = generateJob('buildah', 'docker');
  const ins = placeJob(text, job, 2);
  assert.equal(ins.atCursor, true);
  const out = apply(text, ins);
  assert.equal(out, 'a:\n  script: [x]\n\n' + job + '\nb:\n  script: [y]\n');
  assert.equal(out.split('\n')[ins.jobLine], 'build-image:');
  assert.ok(parseYamlText(out));
});

test('cursor directly between two jobs gets blank lines around the job', () => {
  const text = 'a:\n  script: [x]\n\n\nb:\n  script: [y]\n';
  const job = generateJob('buildah', 'docker');
  const ins = placeJob(text, job, 2);
  const out = apply(text, ins);
  assert.equal(out, 'a:\n  script: [x]\n\n' + job + '\n\nb:\n  script: [y]\n'.replace(/^\n/, ''));
  assert.equal(out.split('\n')[ins.jobLine], 'build-image:');
});

test('cursor on an empty line inside a job, or a non-empty line, appends instead', () => {
  const text = 'a:\n  script:\n\n    - x\n';
  const job = generateJob('kaniko', 'docker');
  assert.equal(placeJob(text, job, 2).atCursor, false);
  assert.equal(placeJob(text, job, 0).atCursor, false);
  const block = 'a:\n  script:\n    - |\n      echo\n\nb: {script: [y]}\n';
  assert.equal(placeJob(block, job, 4).atCursor, true);
});

test('CRLF files keep CRLF', () => {
  const text = 'a:\r\n  script: [x]\r\n';
  const ins = placeJob(text, generateJob('kaniko', 'docker'), undefined);
  assert.ok(ins.text.includes('\r\n'));
  assert.ok(!/[^\r]\n/.test(ins.text));
});

test('a job placed on the empty last line keeps the final line break', () => {
  const text = 'stages: [build]\n\nlint:\n  script: [echo]\n';
  const lines = text.split('\n');
  const ins = placeJob(text, 'job:\n  script: [echo]\n', lines.length - 1);
  const out = lines.slice(0, ins.line).join('\n') + '\n' + ins.text;
  assert.ok(out.endsWith('\n'), JSON.stringify(out));
});
