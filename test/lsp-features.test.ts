/**
 * The language server's features as modules (server/src/lsp/), tested without starting the server: diagnostics,
 * quick fixes, hover and settings, on findings of the real engine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { analyze, abs, y } from './harness';
import { toDiagnostic, findingKey } from '../server/src/lsp/diagnostics';
import { quickFixActions, findingsFor, fixEdit } from '../server/src/lsp/code-actions';
import { hoverAt } from '../server/src/lsp/hover';
import { DEFAULT_SETTINGS, readSettings, workspaceOptions } from '../server/src/lsp/settings';
import { ruleById } from '../server/src/rules';
import { LineIndex } from '../server/src/formats/text';
import type { Finding } from '../server/src/engine/types';

const CI = y`
  build:
    image: docker:29-cli
    services:
      - docker:29-dind
    variables:
      DOCKER_HOST: tcp://docker:2375
    script:
      - docker build -t app .
`;
const uriOf = (p: string) => `file://${p}`;

function tlsFinding(): { finding: Finding; findings: Finding[]; lines: LineIndex } {
  const { findings } = analyze({ '.gitlab-ci.yml': CI }, '.gitlab-ci.yml');
  const finding = findings.find((f) => f.ruleId === 'dind-tls-port-mismatch');
  assert.ok(finding, findings.map((f) => f.ruleId).join(', '));
  return { finding, findings, lines: new LineIndex(CI) };
}

test('diagnostics: severity, code, source, docs link and related locations', () => {
  const { finding } = tlsFinding();
  const d = toDiagnostic(finding, { uriOf, docsHref: (id) => `file:///ext/docs/rules/${id}.md` });
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.equal(d.code, 'dind-tls-port-mismatch');
  assert.equal(d.source, 'dind-doctor');
  assert.deepEqual(d.range, { start: { line: 5, character: 17 }, end: { line: 5, character: 34 } });
  assert.equal(d.codeDescription?.href, 'file:///ext/docs/rules/dind-tls-port-mismatch.md');
  const withRelated: Finding = { ...finding, severity: 'info', related: [{ file: '/w/config.toml', range: finding.range, message: 'here' }] };
  const d2 = toDiagnostic(withRelated, { uriOf });
  assert.equal(d2.severity, DiagnosticSeverity.Information);
  assert.equal(d2.codeDescription, undefined, 'no link without docs');
  assert.deepEqual(d2.relatedInformation, [{ location: { uri: 'file:///w/config.toml', range: finding.range }, message: 'here' }]);
});

test('code actions: every fix, the preferred one marked, then disable and docs actions', () => {
  const { finding, findings, lines } = tlsFinding();
  const uri = uriOf(abs('.gitlab-ci.yml'));
  const d = toDiagnostic(finding, { uriOf });
  const actions = quickFixActions({ textDocument: { uri }, range: d.range, context: { diagnostics: [d] } }, { uriOf, findings, isRule: (id) => !!ruleById(id), linesOf: () => lines });
  const titles = actions.map((a) => a.title);
  assert.deepEqual(titles.slice(-2), ['Disable dind-tls-port-mismatch for this line', 'Show documentation for dind-tls-port-mismatch']);
  assert.equal(titles.length, (finding.fixes?.length ?? 0) + 2);
  const preferred = actions.filter((a) => a.isPreferred);
  assert.deepEqual(preferred.map((a) => a.title), ['Use TLS: set DOCKER_HOST to port 2376']);
  assert.deepEqual(Object.keys(preferred[0].edit!.changes!), [uri]);
  const disable = actions.find((a) => a.title.startsWith('Disable'))!;
  assert.deepEqual(disable.edit!.changes![uri], [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, newText: '    # dind-doctor-disable-next-line dind-tls-port-mismatch\n' }]);
  // A finding that is not one of our rules (an internal error) gets its fixes only.
  const foreign = quickFixActions({ textDocument: { uri }, range: d.range, context: { diagnostics: [] } }, { uriOf, findings: [{ ...finding, ruleId: 'internal-error', fixes: [] }], isRule: () => false, linesOf: () => lines });
  assert.deepEqual(foreign, []);
});

test('code actions: the diagnostics named in the request win over the requested lines', () => {
  const { finding } = tlsFinding();
  const other: Finding = { ...finding, ruleId: 'other', message: 'other', range: { start: { line: 5, character: 0 }, end: { line: 5, character: 3 } } };
  const range = { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } };
  assert.deepEqual(findingsFor({ range, context: { diagnostics: [] } }, [finding, other]).map(findingKey), [findingKey(finding), findingKey(other)]);
  const d = toDiagnostic(other, { uriOf });
  assert.deepEqual(findingsFor({ range, context: { diagnostics: [d] } }, [finding, other]), [other]);
  const elsewhere = { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } };
  assert.deepEqual(findingsFor({ range: elsewhere, context: { diagnostics: [] } }, [finding, other]), []);
});

test('fixEdit: edits of several groups of one file are kept together', () => {
  const r = (c: number) => ({ start: { line: 0, character: c }, end: { line: 0, character: c } });
  const e = fixEdit({ title: 't', edits: [{ file: '/a', edits: [{ range: r(0), newText: 'x' }] }, { file: '/b', edits: [{ range: r(1), newText: 'y' }] }, { file: '/a', edits: [{ range: r(2), newText: 'z' }] }] }, uriOf);
  assert.deepEqual(e.changes, { 'file:///a': [{ range: r(0), newText: 'x' }, { range: r(2), newText: 'z' }], 'file:///b': [{ range: r(1), newText: 'y' }] });
});

test('hover: the finding under the cursor with its fixes; key docs on a key; nothing elsewhere', () => {
  const { findings } = tlsFinding();
  const lines = new LineIndex(CI);
  const summary = (id: string) => ruleById(id)?.summary;
  const onValue = hoverAt(findings, { line: 5, character: 25 }, { ruleSummary: summary, lineText: lines.lineText(5) });
  const text = (onValue!.contents as { value: string }).value;
  assert.match(text, /^\*\*dind-tls-port-mismatch\*\* — /);
  assert.match(text, /Fixes: ★ Use TLS: set DOCKER_HOST to port 2376/);
  const onKey = hoverAt([], { line: 5, character: 6 }, { ruleSummary: summary, lineText: lines.lineText(5) });
  assert.match((onKey!.contents as { value: string }).value, /^\*\*DOCKER_HOST\*\* — where the Docker client connects/);
  assert.equal(hoverAt(findings, { line: 0, character: 2 }, { ruleSummary: summary, lineText: lines.lineText(0) }), null);
  assert.equal(hoverAt([], { line: 0, character: 2 }, { ruleSummary: summary, lineText: 'constructor: x' }), null, 'no inherited object keys');
});

test('settings: defaults fill what the client leaves out; editor settings win over .dind-doctor.json', () => {
  assert.deepEqual(readSettings(null), DEFAULT_SETTINGS);
  const s = readSettings({ rules: { a: 'off' }, runner: {} as never, ciFiles: ['ci/*.yml'] });
  assert.equal(s.enable, true);
  assert.equal(s.runner.executor, '');
  const o = workspaceOptions('/w', s, { rules: { a: 'error', b: 'warning' }, runner: { executor: 'kubernetes' }, ciFiles: ['x.yml'], schemaValidation: false });
  assert.deepEqual(o, {
    roots: ['/w'],
    analyze: { rules: { a: 'off', b: 'warning' }, runner: { executor: 'kubernetes' }, schemaValidation: false },
    ciFiles: ['x.yml', 'ci/*.yml'],
    runnerConfigFiles: [],
  });
  assert.equal(workspaceOptions('/w', { ...s, runner: { executor: 'docker' } }, { runner: { executor: 'kubernetes' } }).analyze!.runner!.executor, 'docker');
});
