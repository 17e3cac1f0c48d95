/** The convergence checker itself (./fix-check.ts) reports what it is there to catch. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding, Fix } from '../server/src/engine/types';
import { generateJob } from '../common/strategies';
import { analyzeAll, checkFix, secondParserProblem, secondTomlProblem } from './fix-check';

const opts = { roots: ['/w'] };
const CI = '/w/.gitlab-ci.yml';
const at0 = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const finding: Finding = { ruleId: 'made-up', severity: 'warning', message: 'made up', file: CI, range: at0 };

function replaceFix(text: string, from: string, to: string): Fix {
  const i = text.indexOf(from);
  assert.ok(i >= 0);
  const pos = (o: number) => { const before = text.slice(0, o).split('\n'); return { line: before.length - 1, character: before[before.length - 1].length }; };
  return { title: `replace ${from}`, edits: [{ file: CI, edits: [{ range: { start: pos(i), end: pos(i + from.length) }, newText: to }] }] };
}

test('second TOML parser: rejects what TOML rejects, reads Helm template actions as values', () => {
  assert.equal(secondTomlProblem('[[runners]]\n  name = "x"\n  [runners.docker]\n    volumes = ["/cache"]\n'), undefined);
  assert.ok(secondTomlProblem('[[runners]]\n  name = \n'));
  assert.ok(secondTomlProblem('[runners.docker]\n  a = 1\n  a = 2\n'), 'duplicate key');
  assert.equal(secondTomlProblem('concurrent = {{ .Values.concurrent }}\n[[runners]]\n  namespace = "{{.Release.Namespace}}"\n'), undefined);
  assert.ok(secondParserProblem('/w/values.yaml', 'runners:\n  config: |\n    [[runners]]\n      name = "a\n'));
  assert.equal(secondParserProblem('/w/values.yaml', 'runners:\n  config: |\n    [[runners]]\n      name = "a"\n'), undefined);
});

test('checkFix: a fix after which the file no longer parses is reported', () => {
  const text = generateJob('dind-tls', 'docker');
  const files = new Map([[CI, text]]);
  const o = checkFix(files, opts, analyzeAll(files, opts), finding, replaceFix(text, '  services:', '  services: [\n'), 'safe');
  assert.deepEqual(o.unparseable, [CI]);
  assert.ok(o.broken.some((p) => /no longer parses/.test(p)));
});

test('checkFix: a finding that stays, and a new warning, are reported; a new info only when the title names its rule', () => {
  const text = generateJob('dind-tls', 'docker');
  const files = new Map([[CI, text]]);
  const before = analyzeAll(files, opts);
  assert.deepEqual(before.filter((f) => f.severity !== 'info').map((f) => f.ruleId), []);
  const info = before.find((f) => f.ruleId === 'dind-registry-rate-limits')!;
  assert.ok(info);
  const o = checkFix(files, opts, before, info, replaceFix(text, 'DOCKER_TLS_CERTDIR: "/certs"', 'DOCKER_TLS_CERTDIR: ""'), 'suggestion');
  assert.equal(o.stays, true, 'a fix elsewhere leaves the finding');
  assert.ok(o.introduced.some((f) => f.ruleId === 'dind-tls-disabled' && f.severity === 'warning'), o.problems.join('\n'));
  // a new info: reported unless the title names it
  const older = checkFix(files, opts, before, finding, replaceFix(text, 'docker:29-cli', 'docker:28-cli'), 'safe');
  assert.ok(older.introduced.some((f) => f.severity === 'info'), older.problems.join('\n'));
  const skew = older.introduced.find((f) => f.severity === 'info')!.ruleId;
  const named = checkFix(files, opts, before, finding, { ...replaceFix(text, 'docker:29-cli', 'docker:28-cli'), title: `Use docker:28-cli (then see ${skew})` }, 'safe');
  assert.deepEqual(named.introduced.filter((f) => f.ruleId === skew), []);
  assert.deepEqual(named.announced.map((f) => f.ruleId), [skew]);
});

test('checkFix: a suggestion may announce a new warning in its title, a safe fix may not', () => {
  const text = generateJob('dind-tls', 'docker');
  const files = new Map([[CI, text]]);
  const before = analyzeAll(files, opts);
  const off = { ...replaceFix(text, 'DOCKER_TLS_CERTDIR: "/certs"', 'DOCKER_TLS_CERTDIR: ""'), title: 'Turn TLS off (then: dind-tls-disabled)' };
  const asSuggestion = checkFix(files, opts, before, finding, off, 'suggestion');
  assert.ok(asSuggestion.announced.some((f) => f.ruleId === 'dind-tls-disabled' && f.severity === 'warning'), asSuggestion.problems.join('\n'));
  assert.ok(!asSuggestion.introduced.some((f) => f.ruleId === 'dind-tls-disabled'));
  const asSafe = checkFix(files, opts, before, finding, off, 'safe');
  assert.ok(asSafe.introduced.some((f) => f.ruleId === 'dind-tls-disabled' && f.severity === 'warning'), 'a safe fix leaves no new warning, named or not');
});

test('checkFix: a finding whose text the fix rewrote is gone unless its rule fires on the new text; one revealed elsewhere is new', () => {
  const text = 'build:\n  image: docker:29-cli\n  services:\n    - name: docker:29-dind\n      alias: docker\n  variables:\n    DOCKER_HOST: tcp://docker:2375\n  script:\n    - docker build -t app .\n';
  const files = new Map([[CI, text]]);
  const before = analyzeAll(files, opts);
  const mismatch = before.find((f) => f.ruleId === 'dind-tls-port-mismatch')!;
  assert.ok(mismatch, before.map((f) => f.ruleId).join());
  const fixed = checkFix(files, opts, before, mismatch, replaceFix(text, '2375', '2376'), 'safe');
  assert.equal(fixed.stays, false);
  const same = checkFix(files, opts, before, mismatch, replaceFix(text, 'tcp://docker:2375', 'tcp://docker:2375 '), 'safe');
  assert.equal(same.stays, true, 'the rule still fires on the rewritten value');
});
