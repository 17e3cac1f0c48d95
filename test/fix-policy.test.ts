/**
 * Safe fixes and suggestions (server/src/engine/fix-policy.ts): the engine's classification of every fix, what the
 * front ends apply on their own, and the parse check that keeps fixes out of files that do not parse.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, MemoryFs, y } from './harness';
import { Workspace } from '../server/src/engine/workspace';
import { autoFix, classifyFix, effectiveKind, forcedSuggestion, parseProblem } from '../server/src/engine/fix-policy';
import type { FileKind, Finding, Fix, SpanEdit } from '../server/src/engine/types';
import type { ParsedYaml } from '../server/src/formats/yaml';

const CI = '/p/.gitlab-ci.yml';
const TOML = '/p/config.toml';
const texts: Record<string, string> = {
  [CI]: 'build:\n  variables:\n    DOCKER_HOST: tcp://docker:2375\n    DOCKER_TLS_CERTDIR: "/certs"\n    OTHER: x\n',
  [TOML]: '[[runners]]\n  executor = "docker"\n',
};
const textOf = (f: string) => texts[f];
const kindOf = (f: string): FileKind | undefined => (f.endsWith('.toml') ? 'runner-config' : 'gitlab-ci');
const at = (file: string, needle: string, newText: string): SpanEdit => {
  const start = texts[file].indexOf(needle);
  assert.ok(start >= 0, needle);
  return { file, start, end: start + needle.length, newText };
};

test('classifyFix: a change of one value in the finding\'s file is safe', () => {
  assert.equal(classifyFix(undefined, CI, [at(CI, '2375', '2376')], textOf, kindOf), 'safe');
  assert.equal(classifyFix('safe', CI, [at(CI, 'OTHER: x', 'OTHER: y')], textOf, kindOf), 'safe');
});

test('classifyFix: a rule\'s "suggestion" stands', () => {
  assert.equal(classifyFix('suggestion', CI, [at(CI, '2375', '2376')], textOf, kindOf), 'suggestion');
});

test('classifyFix: another file, the runner config, privileges or TLS make a suggestion whatever the rule says', () => {
  assert.match(forcedSuggestion(CI, [at(CI, '2375', '2376'), at(TOML, '"docker"', '"kubernetes"')], textOf, kindOf)!, /another file/);
  assert.match(forcedSuggestion(TOML, [at(TOML, '"docker"', '"kubernetes"')], textOf, kindOf)!, /runner configuration/);
  assert.match(forcedSuggestion(CI, [at(CI, '"/certs"', '""')], textOf, kindOf)!, /privilege or TLS/, 'the edited line sets TLS');
  assert.match(forcedSuggestion(CI, [at(CI, 'OTHER: x\n', 'OTHER: x\n    DOCKER_TLS_VERIFY: ""\n')], textOf, kindOf)!, /privilege or TLS/, 'the new text turns verification off');
  assert.match(forcedSuggestion(CI, [at(CI, 'OTHER: x\n', 'OTHER: x\n    DOCKER_TLS_CERTDIR: "/certs"\n')], textOf, kindOf)!, /privilege or TLS/, 'the new text sets the TLS mode of dind');
  assert.match(forcedSuggestion(CI, [at(CI, 'OTHER: x\n', 'OTHER: x\n    DOCKER_TLS_VERIFY: "1"\n    DOCKER_TLS_CERTDIR: ""\n')], textOf, kindOf)!, /privilege or TLS/, 'verification on does not excuse TLS off beside it');
  const before = texts[CI].indexOf('    DOCKER_TLS_CERTDIR');
  assert.match(forcedSuggestion(CI, [{ file: CI, start: before, end: before, newText: '# ' }], textOf, kindOf)!, /privilege or TLS/, 'a prefix changes the TLS line it is put on');
  const end = texts[CI].length;
  assert.ok(forcedSuggestion(CI, [{ file: CI, start: end, end, newText: '  services: [docker:29-dind]\n' }], textOf, kindOf), 'a dind service runs privileged');
  assert.ok(forcedSuggestion(CI, [{ file: CI, start: end, end, newText: '  tags: [privileged]\n' }], textOf, kindOf));
  for (const declared of ['safe', undefined] as const) {
    assert.equal(classifyFix(declared, CI, [{ file: CI, start: before, end: before, newText: '    DOCKER_TLS_VERIFY: "1"\n    DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"\n' }], textOf, kindOf), 'safe',
      'turning client verification on next to a TLS line weakens nothing');
    assert.equal(classifyFix(declared, CI, [at(TOML, '"docker"', '"kubernetes"')], textOf, kindOf), 'suggestion');
  }
});

const finding = (fixes: Fix[]): Finding => ({ ruleId: 'r', severity: 'error', message: 'm', file: CI, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, fixes });
const edit = (file: string) => ({ file, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'x' }] });

test('autoFix: --fix takes the preferred fix when it is safe; --fix-suggestions takes it anyway', () => {
  const safe: Fix = { title: 'safe', preferred: true, kind: 'safe', edits: [edit(CI)] };
  const suggestion: Fix = { title: 'suggestion', preferred: true, kind: 'suggestion', edits: [edit(CI)] };
  const other: Fix = { title: 'other file', preferred: true, kind: 'safe', edits: [edit(TOML)] };
  const notPreferred: Fix = { title: 'not preferred', kind: 'safe', edits: [edit(CI)] };
  assert.equal(autoFix(finding([notPreferred, safe]), 'safe'), safe);
  assert.equal(autoFix(finding([notPreferred, suggestion]), 'safe'), undefined);
  assert.equal(autoFix(finding([notPreferred, suggestion]), 'all'), suggestion);
  assert.equal(autoFix(finding([other]), 'safe'), undefined, 'a fix of another file is a suggestion even when it says safe');
  assert.equal(effectiveKind(finding([other]), other), 'suggestion');
  assert.equal(autoFix(finding([notPreferred]), 'all'), undefined);
});

test('parseProblem: YAML, TOML and Helm values by kind or by name', () => {
  assert.equal(parseProblem('/p/a.yml', 'a: 1\n'), undefined);
  assert.ok(parseProblem('/p/a.yml', 'a: [1\n'));
  assert.equal(parseProblem('/p/config.toml', 'a = 1\n'), undefined);
  assert.ok(parseProblem('/p/config.toml', 'a = \n'));
  assert.ok(parseProblem('/p/values.yaml', 'runners:\n  config: |\n    [[runners]\n', 'helm-values'), 'the TOML inside Helm values');
  assert.equal(parseProblem('/p/values.yaml', 'runners:\n  config: |\n    [[runners]]\n', 'helm-values'), undefined);
  assert.equal(parseProblem('/p/notes.txt', '{{{'), undefined, 'a file of no known kind is not judged');
});

/** A dind job whose DOCKER_HOST port does not match its TLS mode. */
const TLS_JOB = y`
    build:
      image: docker:29-cli
      services:
        - docker:29-dind
      variables:
        DOCKER_HOST: tcp://docker:2375
        DOCKER_TLS_CERTDIR: "/certs"
      script:
        - docker build -t app .
`;

test('the engine classifies the fixes it reports (dind-tls-port-mismatch: keep TLS is safe, turn TLS off is not)', () => {
  const { findings } = analyze({ '.gitlab-ci.yml': TLS_JOB }, '.gitlab-ci.yml');
  const f = findings.find((x) => x.ruleId === 'dind-tls-port-mismatch')!;
  assert.deepEqual(f.fixes!.map((x) => [x.title, x.kind, !!x.preferred]), [
    ['Use TLS: set DOCKER_HOST to port 2376, with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', 'safe', true],
    ['Turn TLS off: set DOCKER_TLS_CERTDIR to "" (then reported: dind-tls-disabled, dind-tls-off-startup-delay)', 'suggestion', false],
  ]);
  assert.ok(findings.every((x) => (x.fixes ?? []).every((fx) => fx.kind === 'safe' || fx.kind === 'suggestion')), 'every fix has a kind');
});

test('the engine offers no fix in a file that does not parse, nor one that edits such a file', () => {
  const broken = TLS_JOB + 'deploy:\n  script: [a\n';
  const { findings } = analyze({ '.gitlab-ci.yml': broken }, '.gitlab-ci.yml');
  assert.ok(findings.some((f) => f.ruleId === 'yaml-syntax-error'));
  assert.deepEqual(findings.filter((f) => f.fixes?.length).map((f) => f.ruleId), []);
  // the same job in a file that parses gets its fixes back (so the check above means something)
  const ok = analyze({ '.gitlab-ci.yml': broken.replace('[a', '[a]') }, '.gitlab-ci.yml').findings;
  assert.ok(ok.some((f) => f.ruleId === 'dind-tls-port-mismatch' && f.fixes?.length), ok.map((f) => f.ruleId).join(', '));
});

test("the engine's parseProblem (the fixer's check, from the analysis's parse) answers as parseProblem does", () => {
  const big = Array.from({ length: 40 }, (_, i) => `job${i}:\n  image: docker:27\n  script:\n    - echo ${i}\n`).join('');
  const cases: { file: string; text: string; edits: string[] }[] = [
    { file: 'a.gitlab-ci.yml', text: 'a:\n  script: [x]\n', edits: ['a:\n  script: [x\n', 'a:\n  script: [x, y]\n'] },
    { file: 'b.gitlab-ci.yml', text: 'a:\n  script: [x\n', edits: ['a:\n  script: [x]\n'] },
    // a long file is parsed by entry and re-parsed incrementally: an edit inside one job, valid or not
    { file: '.gitlab-ci.yml', text: big, edits: [big.replace('echo 30', 'echo "thirty"'), big.replace('- echo 30', '- [echo, 30'), big.replace('job5:', 'job5: &a')] },
    { file: 'runner/config.toml', text: '[[runners]]\n  executor = "docker"\n', edits: ['[[runners]]\n  executor = \n', '[[runners]]\n  executor = "shell"\n'] },
    { file: 'runner/values.yaml', text: 'runners:\n  config: |\n    [[runners]]\n', edits: ['runners:\n  config: |\n    [[runners]\n'] },
  ];
  for (const c of cases) {
    const { ws } = analyze({ [c.file]: c.text }, c.file);
    const file = `/w/${c.file}`;
    const kind = ws.kindOf(file);
    assert.ok(kind, c.file);
    for (const text of [c.text, ...c.edits, c.text]) {
      assert.equal(ws.parseProblem(file, text), parseProblem(file, text, kind), `${c.file}: ${JSON.stringify(text.slice(0, 40))}`);
    }
  }
  // and the answers differ where they should (the comparison above means something)
  const { ws } = analyze({ '.gitlab-ci.yml': big }, '.gitlab-ci.yml');
  assert.equal(ws.parseProblem('/w/.gitlab-ci.yml', big), undefined);
  assert.match(ws.parseProblem('/w/.gitlab-ci.yml', big.replace('- echo 30', '- [echo, 30')) ?? '', /never closed/);
});

test('a fixed text the engine checked is parsed once: the analysis after the fix reuses that parse', () => {
  const text = 'a:\n  script: [x]\nb:\n  script: [y]\n';
  const fixed = text.replace('[y]', '[y, z]');
  const { ws, fs } = analyze({ '.gitlab-ci.yml': text }, '.gitlab-ci.yml');
  const file = '/w/.gitlab-ci.yml';
  assert.equal(ws.parseProblem(file, fixed), undefined);
  const checked = (ws as unknown as { checkedYaml?: ParsedYaml }).checkedYaml;
  assert.equal(checked?.text, fixed);
  assert.equal(ws.parsedYaml(file)?.text, text, 'the check does not change what the engine analyses');
  fs.files.set(file, fixed);
  ws.changed(file);
  assert.equal(ws.parsedYaml(file), checked, 'the parse of the check');
  assert.ok(ws.analyze(file));
  // a text other than the one checked is parsed anew
  ws.parseProblem(file, text.replace('[x]', '[w]'));
  fs.files.set(file, text);
  ws.changed(file);
  assert.equal(ws.parsedYaml(file)?.text, text);
});

test('an engine that has not parsed the current text parses a checked text alone, and its analysis uses that parse', () => {
  const big = Array.from({ length: 40 }, (_, i) => `job${i}:\n  image: docker:27\n  script:\n    - echo ${i}\n`).join('');
  const file = '/w/.gitlab-ci.yml';
  for (const edited of [big.replace('echo 30', 'echo "thirty"'), big.replace('- echo 30', '- [echo, 30')]) {
    const fs = new MemoryFs({ '.gitlab-ci.yml': big });
    const ws = new Workspace(fs, { roots: ['/w'] });
    assert.equal(ws.parseProblem(file, edited), parseProblem(file, edited, 'gitlab-ci'));
    const internals = ws as unknown as { checkedYaml?: ParsedYaml; cache: Map<string, { yaml?: ParsedYaml }> };
    const checked = internals.checkedYaml;
    assert.equal(checked?.text, edited);
    assert.equal(internals.cache.get(file)?.yaml, undefined, 'the current text is not parsed for the check');
    fs.files.set(file, edited);
    ws.changed(file);
    assert.equal(ws.parsedYaml(file), checked);
  }
});
