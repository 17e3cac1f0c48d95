import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding, Severity } from '../server/src/engine/types';
import { version } from '../package.json';
import { codeQualityValidator, sarifValidator } from './report-schemas';
import {
  buildCodeQuality, buildSarif, codeFrame, formatJson, formatReport, formatText, relativePath, toJsonFindings,
  type ReportContext, type RuleMetaFn,
} from '../server/src/reporters';
import { lineOf } from '../server/src/reporters/common';

const CWD = '/repo';
const CI = '/repo/.gitlab-ci.yml';
const RUNNER = '/repo/runner/config.toml';
const TEXTS: Record<string, string> = {
  [CI]: 'build:\n  image: docker:27\n  services: [docker:27-dind]\n  variables:\n    DOCKER_HOST: tcp://docker:2375\n\tDOCKER_TLS_CERTDIR: "/certs"\n',
  [RUNNER]: '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = false\n',
};

const HEADLINE = 'DOCKER_HOST uses 2375 but dind listens on 2376 (TLS on).';
const DETAIL = 'DOCKER_TLS_CERTDIR is "/certs", so the dind service listens with TLS on 2376 only. Use 2376.';

function finding(over: Partial<Finding> & { line: number; ch: number; endCh: number; severity?: Severity }): Finding {
  const { line, ch, endCh, ...rest } = over;
  return {
    ruleId: 'dind-tls-port-mismatch',
    severity: 'error',
    // A finding given only a message has no headline of its own (its first sentence serves).
    headline: over.message === undefined ? HEADLINE : undefined,
    message: `${HEADLINE} ${DETAIL}`,
    file: CI,
    range: { start: { line, character: ch }, end: { line, character: endCh } },
    ...rest,
  };
}

const FINDINGS: Finding[] = [
  finding({
    line: 4, ch: 17, endCh: 34,
    related: [{ file: RUNNER, range: { start: { line: 3, character: 4 }, end: { line: 3, character: 22 } }, message: 'privileged is false here' }],
    fixes: [
      { title: 'Use port 2376', preferred: true, edits: [{ file: CI, edits: [{ range: { start: { line: 4, character: 30 }, end: { line: 4, character: 34 } }, newText: '2376' }] }] },
      { title: 'Disable TLS', edits: [{ file: CI, edits: [{ range: { start: { line: 5, character: 21 }, end: { line: 5, character: 28 } }, newText: '""' }] }] },
    ],
  }),
  finding({ ruleId: 'dind-privileged-missing', severity: 'warning', message: 'The runner is not privileged.', file: RUNNER, line: 3, ch: 4, endCh: 22 }),
  finding({ ruleId: 'docker-version-unpinned', severity: 'info', message: 'Pin the image.', line: 1, ch: 9, endCh: 18 }),
  finding({ ruleId: 'tab-rule', severity: 'warning', message: 'Tab here.', line: 5, ch: 1, endCh: 19 }),
];

const META: Record<string, { summary: string; severity: Severity }> = {
  'dind-tls-port-mismatch': { summary: 'DOCKER_HOST port does not match the TLS mode of the dind service', severity: 'error' },
  'dind-privileged-missing': { summary: 'dind needs a privileged runner', severity: 'error' },
  'docker-version-unpinned': { summary: 'Docker image versions are not pinned', severity: 'info' },
};
const ruleMeta: RuleMetaFn = (id) => META[id];
const ctx: ReportContext = { cwd: CWD, readText: (f) => TEXTS[f], ruleMeta };

test('relativePath: inside, outside, same folder, other drive', () => {
  assert.equal(relativePath('/repo', '/repo/a/b.yml'), 'a/b.yml');
  assert.equal(relativePath('/repo/', '/repo/a.yml'), 'a.yml');
  assert.equal(relativePath('/repo/sub', '/repo/a.yml'), '../a.yml');
  assert.equal(relativePath('/repo', '/repo'), '.');
  assert.equal(relativePath('C:/work', 'D:/x/y.yml'), 'D:/x/y.yml');
  assert.equal(relativePath('C:/work', 'C:/work/y.yml'), 'y.yml');
  assert.equal(relativePath('/repo', '/repository/a.yml'), '../repository/a.yml');
});

test('text: file:line:col  severity  headline  [rule], the detail below, code frame with carets, related, summary', () => {
  const out = formatText(FINDINGS, ctx);
  const lines = out.split('\n');
  assert.equal(lines[0], `.gitlab-ci.yml:2:10  info  Pin the image.  [docker-version-unpinned]`);
  assert.equal(lines[1], '  2 |   image: docker:27');
  assert.equal(lines[2], '    |          ^^^^^^^^^');
  assert.equal(lines[3], `.gitlab-ci.yml:5:18  error  ${HEADLINE}  [dind-tls-port-mismatch]`);
  assert.equal(lines[4], `  ${DETAIL}`);
  assert.equal(lines[5], '  5 |     DOCKER_HOST: tcp://docker:2375');
  assert.equal(lines[6], '    |                  ^^^^^^^^^^^^^^^^^');
  assert.equal(lines[7], '  related: runner/config.toml:4:5  privileged is false here');
  // A tab before the range is kept in the underline so the carets line up.
  assert.equal(lines[8], '.gitlab-ci.yml:6:2  warning  Tab here.  [tab-rule]');
  assert.equal(lines[9], '  6 | \tDOCKER_TLS_CERTDIR: "/certs"');
  assert.equal(lines[10], '    | \t' + '^'.repeat(18));
  assert.equal(lines[11], 'runner/config.toml:4:5  warning  The runner is not privileged.  [dind-privileged-missing]');
  assert.ok(out.includes('\n✖ 4 problems (1 error, 2 warnings, 1 info)\n'), out);
  assert.ok(out.includes('1 problem is fixable with the `--fix` option.'));
  assert.ok(!out.includes('\u001b['), 'no colour unless asked');
});

test('text: colour only when asked; zero findings says so', () => {
  assert.ok(formatText(FINDINGS, { ...ctx, color: true }).includes('\u001b[31merror\u001b[0m'));
  assert.equal(formatText([], { cwd: CWD, filesChecked: 3 }), '✔ no problems (3 files checked)\n');
  assert.equal(formatText([], { cwd: CWD, filesChecked: 1 }), '✔ no problems (1 file checked)\n');
});

test('text: code frame edge cases (no text, empty range, multi-line range, long line)', () => {
  const f = FINDINGS[0];
  assert.equal(codeFrame(undefined, f), undefined);
  assert.equal(codeFrame('a\nb\n', { ...f, range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } } }), undefined);
  assert.equal(codeFrame('abc\n', { ...f, range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } } }), '  1 | abc\n    |  ^');
  assert.equal(codeFrame('abc\r\ndef\n', { ...f, range: { start: { line: 0, character: 1 }, end: { line: 1, character: 2 } } }), '  1 | abc\n    |  ^^');
  const long = 'x'.repeat(500) + 'HERE' + 'y'.repeat(500);
  const frame = codeFrame(long, { ...f, range: { start: { line: 0, character: 500 }, end: { line: 0, character: 504 } } })!;
  const [src, marks] = frame.split('\n');
  assert.ok(src.length < 200);
  assert.equal(src.indexOf('HERE'), marks.indexOf('^^^^'));
});

test('json: the documented shape, 1-based, relative paths, sorted', () => {
  const out = JSON.parse(formatJson(FINDINGS, ctx));
  assert.ok(Array.isArray(out));
  assert.equal(out.length, 4);
  assert.deepEqual(out[1], {
    file: '.gitlab-ci.yml',
    ruleId: 'dind-tls-port-mismatch',
    severity: 'error',
    headline: HEADLINE,
    message: FINDINGS[0].message,
    line: 5, column: 18, endLine: 5, endColumn: 35,
    fixes: [{ title: 'Use port 2376', preferred: true }, { title: 'Disable TLS' }],
    related: [{ file: 'runner/config.toml', line: 4, column: 5, endLine: 4, endColumn: 23, message: 'privileged is false here' }],
  });
  for (const f of out) {
    assert.ok(f.message.startsWith(`${f.headline}`), 'the message starts with the headline');
    for (const k of ['file', 'ruleId', 'severity', 'headline', 'message', 'line', 'column', 'endLine', 'endColumn', 'fixes']) assert.ok(k in f, k);
    for (const x of f.fixes) assert.equal(typeof x.title, 'string');
  }
  assert.deepEqual(toJsonFindings([], ctx), []);
  assert.equal(formatReport('json', [], ctx), '[]\n');
});

// ---- SARIF against the vendored OASIS SARIF 2.1.0 schema ----

test('sarif: validates against the SARIF 2.1.0 schema', () => {
  const validate = sarifValidator();
  const log = buildSarif(FINDINGS, { ...ctx, tool: { name: 'dind-doctor', version: '1.2.3', informationUri: 'https://example.org/dind-doctor', ruleHelpUri: (id) => `https://example.org/dind-doctor/docs/rules/${id}.md` } });
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  // Empty run, a file outside the cwd, a path needing escapes, an insertion-only fix: still valid.
  const odd: Finding[] = [
    finding({ file: '/elsewhere/ci file#1.yml', line: 0, ch: 0, endCh: 0, fixes: [{ title: 'insert', preferred: true, edits: [{ file: '/elsewhere/ci file#1.yml', edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'x: 1\n' }] }] }] }),
    finding({ file: '/repo/dir with space/a.gitlab-ci.yml', ruleId: 'unknown-rule', line: 2, ch: 1, endCh: 3 }),
  ];
  const oddLog = buildSarif(odd, ctx);
  assert.ok(validate(oddLog), JSON.stringify(validate.errors, null, 2));
  assert.ok(validate(buildSarif([], ctx)), JSON.stringify(validate.errors, null, 2));
  // The schema is effective: it rejects what SARIF forbids.
  assert.ok(!validate({ ...log, version: '2.0.0' }));
  const badLevel = structuredClone(log);
  (badLevel.runs[0].results[0] as { level: string }).level = 'info';
  assert.ok(!validate(badLevel));
  const badRegion = structuredClone(log);
  badRegion.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
  assert.ok(!validate(badRegion));
  const uris = oddLog.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation);
  assert.deepEqual(uris[0], { uri: 'file:///elsewhere/ci%20file%231.yml' });
  assert.deepEqual(uris[1], { uri: 'dir%20with%20space/a.gitlab-ci.yml', uriBaseId: '%SRCROOT%' });
});

test('sarif: tool, rules with help and default level, results with levels, regions, related, fixes', () => {
  const log = buildSarif(FINDINGS, ctx);
  assert.equal(log.version, '2.1.0');
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'dind-doctor');
  assert.match(run.tool.driver.informationUri, /^https?:\/\//);
  assert.deepEqual(run.originalUriBaseIds['%SRCROOT%'], { uri: 'file:///repo/' });
  const ids = run.tool.driver.rules.map((r) => r.id);
  assert.deepEqual(ids, ['docker-version-unpinned', 'dind-tls-port-mismatch', 'tab-rule', 'dind-privileged-missing']);
  const tls = run.tool.driver.rules[1];
  assert.deepEqual(tls.shortDescription, { text: META['dind-tls-port-mismatch'].summary });
  assert.deepEqual(tls.defaultConfiguration, { level: 'error' });
  assert.match(tls.helpUri, /\/docs\/rules\/dind-tls-port-mismatch\.md$/);
  assert.equal(run.tool.driver.rules[0].defaultConfiguration?.level, 'note');
  assert.equal(run.tool.driver.rules[2].shortDescription, undefined, 'unknown rule: no invented summary');

  const [info, err, , warn] = run.results;
  assert.equal(info.level, 'note');
  assert.equal(warn.level, 'warning');
  assert.equal(err.level, 'error');
  assert.equal(err.ruleIndex, 1);
  // SARIF viewers show the first sentence of message.text as the summary: it is the headline.
  assert.equal(err.message.text, `${HEADLINE} ${DETAIL}`);
  assert.deepEqual(err.locations[0].physicalLocation, {
    artifactLocation: { uri: '.gitlab-ci.yml', uriBaseId: '%SRCROOT%' },
    region: { startLine: 5, startColumn: 18, endLine: 5, endColumn: 35 },
  });
  assert.deepEqual(err.relatedLocations, [{
    id: 1,
    physicalLocation: { artifactLocation: { uri: 'runner/config.toml', uriBaseId: '%SRCROOT%' }, region: { startLine: 4, startColumn: 5, endLine: 4, endColumn: 23 } },
    message: { text: 'privileged is false here' },
  }]);
  assert.equal(err.fixes?.length, 2);
  assert.deepEqual(err.fixes![0].artifactChanges[0].replacements[0], { deletedRegion: { startLine: 5, startColumn: 31, endLine: 5, endColumn: 35 }, insertedContent: { text: '2376' } });
  // Without rule metadata every rule still has an id and a help link.
  const bare = buildSarif(FINDINGS, { cwd: CWD });
  for (const r of bare.runs[0].tool.driver.rules) assert.ok(r.id && r.helpUri);
});

// ---- GitLab Code Quality ----

test('codequality: validates against GitLab\'s documented report format', () => {
  const validate = codeQualityValidator();
  const report = buildCodeQuality(FINDINGS, ctx);
  assert.ok(validate(report), JSON.stringify(validate.errors, null, 2));
  assert.ok(validate(buildCodeQuality([], ctx)));
  assert.ok(!validate([{ description: 'x', check_name: 'y', fingerprint: 'z', severity: 'error', location: { path: 'a', lines: { begin: 1 } } }]), 'the schema rejects a bad severity');
  assert.deepEqual(report[1], {
    description: HEADLINE,
    content: { body: DETAIL },
    check_name: 'dind-tls-port-mismatch',
    fingerprint: report[1].fingerprint,
    severity: 'critical',
    location: { path: '.gitlab-ci.yml', lines: { begin: 5 } },
    engine_name: 'dind-doctor',
    engine_version: version,
  });
  assert.deepEqual(report.map((r) => r.severity), ['info', 'critical', 'major', 'major']);
  assert.match(report[1].fingerprint, /^[0-9a-f]{64}$/);
});

test('codequality: fingerprints are stable across line shifts, differ by line text, and stay unique', () => {
  const base = buildCodeQuality([FINDINGS[0]], ctx)[0].fingerprint;
  // The same finding two lines lower in a file with two lines inserted above: same fingerprint.
  const shifted = TEXTS[CI].replace('build:\n', '# a\n# b\nbuild:\n');
  const moved = { ...FINDINGS[0], range: { start: { line: 6, character: 17 }, end: { line: 6, character: 34 } } };
  assert.equal(buildCodeQuality([moved], { cwd: CWD, readText: () => shifted })[0].fingerprint, base);
  // The offending line changed: a new fingerprint.
  const edited = TEXTS[CI].replace('2375', '2377');
  assert.notEqual(buildCodeQuality([FINDINGS[0]], { cwd: CWD, readText: () => edited })[0].fingerprint, base);
  // Same line number and rule but another message: different.
  assert.notEqual(buildCodeQuality([{ ...FINDINGS[0], message: 'other' }], ctx)[0].fingerprint, base);
  // Two identical findings on identical lines: distinct fingerprints.
  const twice = 'a:\n  X: 1\nb:\n  X: 1\n';
  const dup = (line: number) => finding({ file: '/repo/.gitlab-ci.yml', line, ch: 2, endCh: 6 });
  const fps = buildCodeQuality([dup(1), dup(3)], { cwd: CWD, readText: () => twice }).map((r) => r.fingerprint);
  assert.notEqual(fps[0], fps[1]);
  // Deterministic.
  assert.equal(buildCodeQuality([FINDINGS[0]], ctx)[0].fingerprint, base);
});

test('formatReport dispatches every format to a string ending in a newline', () => {
  for (const f of ['text', 'json', 'sarif', 'codequality'] as const) {
    const out = formatReport(f, FINDINGS, ctx);
    assert.ok(out.endsWith('\n'), f);
    if (f !== 'text') JSON.parse(out);
  }
});

test('lineOf: each line without its line break (LF, CRLF, a last line with or without one), undefined past the end', () => {
  for (const text of ['a\nb\n', 'a\r\nb\r\n', 'a\nb', 'a\r\n\r\nb\r', '', '\n']) {
    const lines = text.split('\n').map((l, i, all) => (i < all.length - 1 || l.endsWith('\r') ? l.replace(/\r$/, '') : l));
    for (let i = 0; i < lines.length; i++) assert.equal(lineOf(text, i), lines[i], `${JSON.stringify(text)} line ${i}`);
    assert.equal(lineOf(text, lines.length), undefined, `${JSON.stringify(text)} past the end`);
  }
  assert.equal(lineOf(undefined, 0), undefined);
});
