/**
 * The language server's features as modules (server/src/lsp/), tested without starting the server: diagnostics,
 * quick fixes, hover and settings, on findings of the real engine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { TLS_PORT_MISMATCH_CI } from './ci-fixtures';
import { analyze, abs, MemoryFs, ROOT } from './harness';
import { Workspace } from '../server/src/engine/workspace';
import { applyEdits, toOffsetEdits } from '../server/src/engine/fixer';
import { autoFix } from '../server/src/engine/fix-policy';
import { fixAllAction, fixAllInFile, minimalEdit, wantsKind } from '../server/src/lsp/fix-all';
import { toDiagnostic, findingKey } from '../server/src/lsp/diagnostics';
import { quickFixActions, findingsFor, fixEdit } from '../server/src/lsp/code-actions';
import { hoverAt } from '../server/src/lsp/hover';
import { DEFAULT_SETTINGS, readSettings, workspaceOptions } from '../server/src/lsp/settings';
import { ruleById } from '../server/src/rules';
import { LineIndex } from '../server/src/formats/text';
import type { Finding, Fix } from '../server/src/engine/types';

const CI = TLS_PORT_MISMATCH_CI;
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
  assert.deepEqual(preferred.map((a) => a.title), ['Use TLS: set DOCKER_HOST to port 2376, with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH']);
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
  // without the rule page at hand: the rule's summary, the quick fixes; never the message
  assert.match(text, /^\*\*Checks:\*\* DOCKER\\_HOST port does not match/);
  assert.match(text, /Quick fixes:\*\* ★ Use TLS: set DOCKER\\_HOST to port 2376/);
  assert.ok(!text.includes(findings[0].headline!), text);
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

// ---- safe fixes, fix all, cross-file review ----

test('code actions: only a safe fix is preferred', () => {
  const { finding, lines } = tlsFinding();
  const uri = uriOf(abs('.gitlab-ci.yml'));
  const asSuggestion: Finding = { ...finding, fixes: finding.fixes!.map((f) => ({ ...f, kind: 'suggestion' as const })) };
  const actions = quickFixActions({ textDocument: { uri }, range: finding.range, context: { diagnostics: [] } }, { uriOf, findings: [asSuggestion], isRule: () => true, linesOf: () => lines });
  assert.equal(actions.filter((a) => a.isPreferred).length, 0);
  const turnOff = tlsFinding().finding.fixes!.find((f) => f.title.startsWith('Turn TLS off'))!;
  assert.equal(turnOff.kind, 'suggestion');
});

test('code actions: a fix that edits another file names it, and opens for review with its change ticked', () => {
  const { finding, lines } = tlsFinding();
  const ci = abs('.gitlab-ci.yml'), toml = abs('runner/config.toml');
  const r = (l: number, c: number) => ({ start: { line: l, character: c }, end: { line: l, character: c } });
  const cross: Fix = { title: 'Run services privileged', preferred: true, kind: 'suggestion', edits: [
    { file: ci, edits: [{ range: r(0, 0), newText: '# x\n' }] },
    { file: toml, edits: [{ range: r(2, 4), newText: 'privileged = true\n' }] },
  ] };
  const f: Finding = { ...finding, fixes: [cross] };
  const ctx = { uriOf, findings: [f], isRule: () => false, linesOf: () => lines, shownPath: (p: string) => p.slice('/w/'.length) };
  const params = { textDocument: { uri: uriOf(ci) }, range: f.range, context: { diagnostics: [] } };
  const [plain] = quickFixActions(params, ctx);
  assert.equal(plain.title, 'Run services privileged (edits runner/config.toml)');
  assert.equal(plain.isPreferred, false);
  assert.ok(plain.edit!.changes, 'without annotation support: a plain edit');
  const [reviewed] = quickFixActions(params, { ...ctx, changeAnnotations: true });
  const edit = reviewed.edit!;
  assert.deepEqual(edit.changeAnnotations, {
    fix: { label: 'Run services privileged', description: 'also edits runner/config.toml', needsConfirmation: false },
    review: { label: 'Review: this fix edits another file', description: 'runner/config.toml', needsConfirmation: true },
  });
  const docs = edit.documentChanges as { textDocument: { uri: string }; edits: { range: unknown; newText: string; annotationId: string }[] }[];
  assert.deepEqual(docs.map((d) => d.textDocument.uri), [uriOf(ci), uriOf(toml)]);
  // the fix's own edits are annotated without confirmation (VS Code shows them ticked); one empty edit, on a line
  // no edit touches, asks for the review
  assert.deepEqual(docs[0].edits, [
    { range: r(1, 0), newText: '', annotationId: 'review' },
    { range: r(0, 0), newText: '# x\n', annotationId: 'fix' },
  ]);
  assert.deepEqual(docs[1].edits, [{ range: r(2, 4), newText: 'privileged = true\n', annotationId: 'fix' }]);
  // a title that already names the file is left as it is
  const named: Finding = { ...f, fixes: [{ ...cross, title: 'Set privileged in config.toml' }] };
  assert.equal(quickFixActions(params, { ...ctx, findings: [named] })[0].title, 'Set privileged in config.toml');
});

test('hover marks suggestions and stars only a safe preferred fix', () => {
  const { findings } = tlsFinding();
  const h = hoverAt(findings, { line: 5, character: 25 }, { ruleSummary: () => undefined });
  assert.equal((h!.contents as { value: string }).value, '**Quick fixes:** ★ Use TLS: set DOCKER\\_HOST to port 2376, with DOCKER\\_TLS\\_VERIFY and DOCKER\\_CERT\\_PATH · Turn TLS off: set DOCKER\\_TLS\\_CERTDIR to "" \\(then reported: dind-tls-disabled, dind-tls-off-startup-delay\\) \\(suggestion\\)');
});

test('fix all: safe fixes of the file over passes, as one edit; suggestions and other files untouched', () => {
  const files = {
    '.gitlab-ci.yml': CI,
    // a Docker runner that shares the client certificates: the docker image's entrypoint then sets DOCKER_TLS_VERIFY
    // and DOCKER_CERT_PATH, and port 2376 alone is the safe fix
    'runner/config.toml': '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = false\n    volumes = ["/certs/client"]\n',
  };
  const fs = new MemoryFs(files);
  const before = new Map(fs.files);
  const path = abs('.gitlab-ci.yml');
  const r = fixAllInFile(path, fs, (scratch) => new Workspace(scratch, { roots: [ROOT] }));
  assert.equal(r.edits.length, 1);
  const after = applyEdits(CI, toOffsetEdits(CI, r.edits));
  assert.match(after, /DOCKER_HOST: tcp:\/\/docker:2376/);
  assert.ok(r.fixed >= 1);
  assert.deepEqual(fs.files, before, 'nothing written');
  // what fix all leaves has no safe fix left, and the runner config was not touched
  const again = new MemoryFs({ ...files, '.gitlab-ci.yml': after });
  const rest = new Workspace(again, { roots: [ROOT] }).analyze(path);
  assert.deepEqual(rest.filter((f) => autoFix(f, 'safe')).map((f) => f.ruleId), []);
  assert.deepEqual(fixAllInFile(path, again, (scratch) => new Workspace(scratch, { roots: [ROOT] })).edits, [], 'stable: a second run changes nothing');
  const action = fixAllAction(uriOf(path), r)!;
  assert.equal(action.kind, 'source.fixAll.dindDoctor');
  assert.deepEqual(action.edit, { changes: { [uriOf(path)]: r.edits } });
  assert.equal(fixAllAction(uriOf(path), { edits: [], fixed: 0 }), undefined);
});

test('fix all: a file that does not parse is left alone', () => {
  const broken = CI + 'deploy:\n  script: [a\n';
  const fs = new MemoryFs({ '.gitlab-ci.yml': broken });
  assert.deepEqual(fixAllInFile(abs('.gitlab-ci.yml'), fs, (scratch) => new Workspace(scratch, { roots: [ROOT] })), { edits: [], fixed: 0 });
});

test('wantsKind: source actions only when asked for; sub-kinds match', () => {
  assert.equal(wantsKind(undefined, 'quickfix'), true);
  assert.equal(wantsKind(undefined, 'source.fixAll.dindDoctor'), false);
  assert.equal(wantsKind(['source.fixAll'], 'source.fixAll.dindDoctor'), true);
  assert.equal(wantsKind(['source'], 'source.fixAll.dindDoctor'), true);
  assert.equal(wantsKind(['source.fixAll'], 'quickfix'), false);
  assert.equal(wantsKind(['source.fixAll.dindDoctor.more'], 'source.fixAll.dindDoctor'), false);
});

test('minimalEdit: one edit between the common start and end, never inside a CRLF', () => {
  assert.deepEqual(minimalEdit('a: 1\nb: 2\n', 'a: 1\nb: 3\n'), { range: { start: { line: 1, character: 3 }, end: { line: 1, character: 4 } }, newText: '3' });
  const e = minimalEdit('a\r\nb\r\n', 'a\r\nx\r\nb\r\n');
  assert.equal(applyEdits('a\r\nb\r\n', toOffsetEdits('a\r\nb\r\n', [e])), 'a\r\nx\r\nb\r\n');
  assert.ok(!/^\n/.test(e.newText), JSON.stringify(e));
});
