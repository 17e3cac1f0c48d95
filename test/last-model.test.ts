/**
 * Issue 16: hover, completion and code actions answer from the last built pipeline while an edit waits for its
 * analysis (server/src/lsp/last-model.ts), never building one themselves. What they say of a job the edit cannot have
 * changed must equal what they say once the analysis has run; of a job the edit may have changed, nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFs, ROOT } from './harness';
import { Workspace } from '../server/src/engine/workspace';
import { keyHoverIn, type DocumentAt } from '../server/src/lsp/editor-intel';
import { buildStrategyActions } from '../server/src/lsp/strategy-actions';
import { jobByName, moveOffset, textShift } from '../server/src/lsp/last-model';

const FILE = `${ROOT}/.gitlab-ci.yml`;
const CI = [
  'variables:',
  '  DOCKER_TLS_CERTDIR: "/certs"',
  '.base:',
  '  image: docker:27-cli',
  '  services: [docker:27-dind]',
  'alpha:',
  '  extends: .base',
  '  script:',
  '    - docker build -t app .',
  'beta:',
  '  image: alpine:3.20',
  '  script:',
  '    - echo beta',
  'gamma:',
  '  image: docker:27-cli',
  '  services: [docker:27-dind]',
  '  variables:',
  '    DOCKER_HOST: tcp://docker:2376',
  '  script:',
  '    - docker build -t gamma .',
  '    - docker push gamma',
  '',
].join('\n');

function setup(text = CI) {
  const fs = new MemoryFs({ '.gitlab-ci.yml': text });
  const ws = new Workspace(fs, { roots: [ROOT] });
  ws.analyze(FILE);
  const edit = (next: string) => { fs.files.set(FILE, next); ws.changed(FILE); };
  const doc = (): DocumentAt => ({ ws, path: FILE, text: fs.readFile(FILE)!, root: ROOT, readFile: (p) => fs.readFile(p) });
  return { fs, ws, edit, doc };
}

/** A hover on a job's name (line of `name:`), as the server asks for it. */
function hoverOn(d: DocumentAt, name: string): string | undefined {
  const line = d.text.split('\n').indexOf(`${name}:`);
  assert.ok(line >= 0, `no job ${name}`);
  return keyHoverIn(d, { line, character: 1 })?.markdown;
}

test('textShift and moveOffset: offsets before the change stay, after it move, inside it have no place', () => {
  const s = textShift('abcXYdef', 'abcQQQdef')!;
  assert.deepStrictEqual(s, { start: 3, oldEnd: 5, newEnd: 6 });
  assert.equal(moveOffset(s, 2), 2);
  assert.equal(moveOffset(s, 5), 6);
  assert.equal(moveOffset(s, 7), 8);
  assert.equal(moveOffset(s, 4), undefined);
  assert.equal(textShift('same', 'same'), undefined);
  assert.deepStrictEqual(textShift('ab', 'abc'), { start: 2, oldEnd: 2, newEnd: 3 });
});

test('after an edit in one job, hovers on the other jobs equal those after the analysis, without building a pipeline', () => {
  const { ws, edit, doc } = setup();
  // two lines added to beta's script: gamma (below) moves down, alpha (above, extends .base) stays
  edit(CI.replace('    - echo beta\n', '    - echo beta\n    - echo more\n    - echo again\n'));
  const stale = { alpha: hoverOn(doc(), 'alpha'), gamma: hoverOn(doc(), 'gamma'), beta: hoverOn(doc(), 'beta') };
  assert.equal(ws.pipelinesOf(FILE, { build: false }).length, 0, 'the hovers built no pipeline');
  assert.equal(stale.beta, undefined, 'the edited job: nothing until the analysis has run');
  ws.analyze(FILE);
  const fresh = { alpha: hoverOn(doc(), 'alpha'), gamma: hoverOn(doc(), 'gamma') };
  assert.ok(fresh.gamma && /\.gitlab-ci\.yml:16\b/.test(fresh.gamma), fresh.gamma); // gamma's key is on line 16 now
  assert.equal(stale.alpha, fresh.alpha);
  assert.equal(stale.gamma, fresh.gamma);
  assert.ok(hoverOn(doc(), 'beta'), 'the edited job has its hover again after the analysis');
});

test('an edit in a template, in a global keyword or adding a top-level key: no job is answered from the old pipeline', () => {
  const cases: [string, string][] = [
    ['template', CI.replace('  image: docker:27-cli\n  services: [docker:27-dind]\nalpha:', '  image: docker:28-cli\n  services: [docker:27-dind]\nalpha:')],
    ['global variables', CI.replace('"/certs"', '""')],
    ['new top-level key', `${CI}delta:\n  script: [echo]\n`],
    ['a job extends the edited job', CI.replace('beta:\n  image: alpine:3.20', 'beta:\n  extends: gamma\n  image: alpine:3.20')],
  ];
  for (const [what, next] of cases) {
    const { ws, edit, doc } = setup();
    edit(next);
    const views = ['alpha', 'gamma'].map((n) => jobByName(ws, FILE, n, (p) => doc().readFile(p)));
    if (what === 'a job extends the edited job') {
      // beta changed; gamma does not read beta: still answered; alpha neither
      assert.ok(views.every((v) => v), what);
    } else assert.deepStrictEqual(views, [undefined, undefined], what);
  }
});

test('a job that reads the edited job (extends it) is not answered from the old pipeline', () => {
  const text = CI.replace('beta:\n  image: alpine:3.20', 'beta:\n  extends: gamma\n  image: alpine:3.20');
  const { ws, edit, doc } = setup(text);
  edit(text.replace('    - docker push gamma', '    - docker push gamma2'));
  assert.equal(jobByName(ws, FILE, 'beta', (p) => doc().readFile(p)), undefined, 'beta extends gamma, which changed');
  assert.equal(jobByName(ws, FILE, 'gamma', (p) => doc().readFile(p)), undefined, 'gamma itself changed');
  assert.ok(jobByName(ws, FILE, 'alpha', (p) => doc().readFile(p)), 'alpha reads neither');
});

test('build-strategy code actions after an edit above the job equal those after the analysis (edits moved)', () => {
  const { ws, edit, doc } = setup();
  const next = CI.replace('    - echo beta\n', '    - echo beta\n    - echo inserted line\n');
  edit(next);
  const line = next.split('\n').indexOf('gamma:') + 1;
  const range = { start: { line, character: 2 }, end: { line, character: 2 } };
  const stale = buildStrategyActions(ws, FILE, 'file:///w/.gitlab-ci.yml', range, next, (p) => doc().readFile(p));
  assert.equal(ws.pipelinesOf(FILE, { build: false }).length, 0, 'no pipeline was built');
  ws.analyze(FILE);
  const fresh = buildStrategyActions(ws, FILE, 'file:///w/.gitlab-ci.yml', range, next, (p) => doc().readFile(p));
  assert.ok(fresh.some((a) => a.edit), JSON.stringify(fresh.map((a) => a.title)));
  assert.deepStrictEqual(stale, fresh);
  // in the edited job: none until the analysis
  const { ws: ws2, edit: edit2, doc: doc2 } = setup();
  const inGamma = CI.replace('    - docker push gamma', '    - docker push gamma\n    - echo x');
  edit2(inGamma);
  const gammaLine = inGamma.split('\n').indexOf('gamma:') + 1;
  assert.deepStrictEqual(buildStrategyActions(ws2, FILE, 'file:///w/.gitlab-ci.yml', { start: { line: gammaLine, character: 2 }, end: { line: gammaLine, character: 2 } }, inGamma, (p) => doc2().readFile(p)), []);
});
