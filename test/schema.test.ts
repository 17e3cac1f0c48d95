import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '../server/src/formats/yaml';
import { parseToml } from '../server/src/formats/toml';
import { readHelmValues } from '../server/src/formats/helm';
import { LineIndex } from '../server/src/formats/text';
import { CI_SCHEMA_PATCHES, schemaCompileTimes, suggest, validateCi, validateRunnerConfig, type SchemaProblem } from '../server/src/schema';

const FIX = join(__dirname, 'fixtures', 'schema');
// The shared corpus and vendor copy sit beside the repository (../shared), as in test/corpus.test.ts. They are
// required: a missing corpus fails these tests instead of skipping them.
const SHARED = join(__dirname, '..', '..', 'shared');
const CORPUS = process.env.DIND_DOCTOR_CORPUS ?? join(SHARED, 'corpus');
const VENDOR_CI_SCHEMA = join(SHARED, 'vendor', 'gitlab-ci-schema', 'ci.json');

test('the shared corpus and the vendor copy of the schema are present', () => {
  assert.ok(existsSync(CORPUS), `corpus not found at ${CORPUS} (set DIND_DOCTOR_CORPUS)`);
  assert.ok(existsSync(VENDOR_CI_SCHEMA), `vendor copy of ci.json not found at ${VENDOR_CI_SCHEMA}`);
});

/** Problems as `line:col-line:col severity message` with 1-based lines and columns, plus the text they cover. */
function at(text: string, p: SchemaProblem) {
  const li = new LineIndex(text);
  const s = li.position(p.start), e = li.position(p.end);
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, text: text.slice(p.start, p.end), severity: p.severity, message: p.message };
}

function ci(text: string, file = 'ci.yml') { return validateCi(parseYaml(file, text).root).map((p) => at(text, p)); }
function runner(text: string, file = 'config.toml') { return validateRunnerConfig(parseToml(file, text)).map((p) => at(text, p)); }
const read = (name: string) => readFileSync(join(FIX, name), 'utf8');

// ---- GitLab CI --------------------------------------------------------------------------------------------------

test('official GitLab templates produce no schema error', () => {
  const dir = join(CORPUS, 'gitlab-templates');
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length >= 10);
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    const errors = ci(text, f).filter((p) => p.severity === 'error');
    assert.deepEqual(errors, [], f);
  }
});

test('real-world CI files of the corpus produce no schema error', () => {
  const dir = join(CORPUS, 'gitlab-ci');
  for (const f of readdirSync(dir).filter((x) => /\.ya?ml$/.test(x))) {
    const text = readFileSync(join(dir, f), 'utf8');
    assert.deepEqual(ci(text, f).filter((p) => p.severity === 'error'), [], f);
  }
});

test('unknown keyword, wrong type and bad `when` are reported at their exact position', () => {
  const text = read('ci-errors.gitlab-ci.yml');
  const got = ci(text);
  assert.equal(got.length, 5, JSON.stringify(got, null, 1));

  // line 14: `  scriptt:` — the key is marked
  assert.deepEqual([got[0].line, got[0].column, got[0].endLine, got[0].endColumn, got[0].text], [14, 3, 14, 10, 'scriptt']);
  assert.match(got[0].message, /^'scriptt' is not a GitLab CI keyword\. Did you mean 'script'\?$/);
  assert.equal(got[0].severity, 'error');

  // line 18: `  script: 1` — the value is marked
  assert.deepEqual([got[1].line, got[1].column, got[1].text], [18, 11, '1']);
  assert.equal(got[1].message, '`script` must be a string or a list, not the number 1.');

  // line 22: `  when: sometimes`
  assert.deepEqual([got[2].line, got[2].column, got[2].endColumn, got[2].text], [22, 9, 18, 'sometimes']);
  assert.match(got[2].message, /^`when` must be one of 'on_success', .*'delayed', not 'sometimes'\.$/);

  // line 25: `  image: 1` — one message for both forms of `image`, not ajv's oneOf cascade
  assert.deepEqual([got[3].line, got[3].column, got[3].text], [25, 10, '1']);
  assert.equal(got[3].message, '`image` must be a string or a map with `name`, not the number 1.');

  // line 31: `    entrypnt: [""]` inside the map form of `image`
  assert.deepEqual([got[4].line, got[4].column, got[4].text], [31, 5, 'entrypnt']);
  assert.equal(got[4].message, "'entrypnt' is not a valid key in `image`. Did you mean 'entrypoint'?");
});

test('`!reference` values produce no finding', () => {
  assert.deepEqual(ci(read('ci-references.gitlab-ci.yml')), []);
  // a `!reference` standing in for a required key
  assert.deepEqual(ci('job:\n  script: x\n  when: delayed\n  start_in: !reference [.t, start_in]\n'), []);
  // but errors beside it are still found
  const got = ci('job:\n  script:\n    - !reference [.t, script]\n    - 1\n');
  assert.deepEqual(got.map((p) => [p.line, p.column, p.text]), [[4, 7, '1']]);
});

test('one message per location: the branch that accepted the type wins', () => {
  const got = ci('a:\n  script: x\n  image:\n    entrypoint: [""]\n');
  assert.deepEqual(got.map((p) => [p.line, p.column, p.message]), [[3, 3, "`image` is missing the required key 'name'."]]);
  const delayed = ci('b:\n  script: x\n  when: delayed\n');
  assert.deepEqual(delayed.map((p) => [p.line, p.column, p.text]), [[1, 1, 'b']]);
  assert.match(delayed[0].message, /needs `start_in`/);
});

test('the documented patches: globs, `/` in cache keys, variables in environments, `tags: []`', () => {
  const text = [
    'include:',
    '  - /ci/*.yml',
    "  - local: 'ci/${ENV}.yml'",
    'job:',
    '  script: x',
    '  tags: []',
    '  cache:',
    '    key: $CI_COMMIT_REF_SLUG/deps',
    '    paths: [x]',
    '  environment:',
    '    name: $ENV_NAME',
    '    url: https://$CI_ENVIRONMENT_SLUG.example.com',
    'job2:',
    '  script: x',
    '  environment:',
    '    name: review',
    '    url: $DYNAMIC_ENVIRONMENT_URL',
    '',
  ].join('\n');
  assert.deepEqual(ci(text), []);
  assert.deepEqual(CI_SCHEMA_PATCHES.map((p) => p.id), [
    'include-shorthand-pattern', 'cache-key-pattern', 'environment-name-minlength', 'environment-url-pattern', 'include-uri-reference-format', 'tags-min-items',
  ]);
});

test('the vendored GitLab schema is byte-identical to the vendor copy', () => {
  const ours = readFileSync(join(__dirname, '..', 'schemas', 'gitlab-ci.json'));
  const vendor = readFileSync(VENDOR_CI_SCHEMA);
  assert.ok(ours.equals(vendor));
});

test('validators are compiled once', () => {
  validateCi(parseYaml('a.yml', 'job:\n  scriptt: x\n').root);
  const first = schemaCompileTimes();
  validateCi(parseYaml('b.yml', 'job:\n  script: 1\n').root);
  validateCi(parseYaml('c.yml', 'job:\n  script: x\n').root);
  assert.ok(first.ci !== undefined && first.ciDetailed !== undefined);
  assert.deepEqual(schemaCompileTimes(), first);
});

test('a key in a merged anchor is reported where it is written', () => {
  const text = '.tmpl: &tmpl\n  imag: docker:27\njob:\n  <<: *tmpl\n  script: x\n';
  const got = ci(text);
  assert.deepEqual(got.map((p) => [p.line, p.column, p.text]), [[2, 3, 'imag']]);
});

// ---- GitLab Runner config.toml ----------------------------------------------------------------------------------

test('runner config: misspelled key and wrong type at their exact position; keys match case-insensitively', () => {
  const got = runner(read('runner-errors.toml'));
  assert.deepEqual(got.map((p) => [p.line, p.column, p.endColumn, p.text, p.severity]), [
    [9, 3, 12, 'buids_dir', 'warning'],
    [12, 18, 24, '"true"', 'error'],
  ]);
  assert.equal(got[0].message, "'buids_dir' is not a GitLab Runner setting in [[runners]]: the runner ignores it. Did you mean 'builds_dir'?");
  assert.equal(got[1].message, "`privileged` in [runners.docker] must be true or false, not the string 'true'.");
});

test('runner config: a valid config is clean', () => {
  assert.deepEqual(runner(read('runner-valid.toml')), []);
});

test('runner config: the `gitlab-runner lint` fixtures', () => {
  const lint = (name: string) => {
    const text = readFileSync(join(CORPUS, 'runner-toml', `gitlabhq__gitlab-runner__commands_testdata_lint_${name}.toml`), 'utf8');
    return runner(text, name);
  };
  assert.deepEqual(lint('valid'), []);
  const misspelled = lint('misspelled_key');
  assert.deepEqual(misspelled.map((p) => [p.line, p.column, p.text]), [[9, 3, 'buids_dir']]);
  const wrong = lint('wrong_section');
  assert.deepEqual(wrong.map((p) => [p.line, p.column, p.text]), [[11, 1, '[[runner.kubernetes.volumes.pvc]]']]);
  assert.match(wrong[0].message, /'runner' is not a GitLab Runner setting at the top level.*Did you mean 'runners'\?/);
  const shell = lint('bad_shell');
  assert.deepEqual(shell.map((p) => [p.line, p.column, p.text, p.severity]), [[9, 11, '"fish"', 'error']]);
});

test('runner configs of the corpus that parse produce no schema error', () => {
  const dir = join(CORPUS, 'runner-toml');
  let checked = 0;
  for (const f of readdirSync(dir)) {
    if (f.includes('bad_shell')) continue; // an intentionally invalid value
    const text = readFileSync(join(dir, f), 'utf8');
    const doc = parseToml(f, text);
    if (doc.problems.length) continue;
    checked++;
    assert.deepEqual(validateRunnerConfig(doc).filter((p) => p.severity === 'error'), [], f);
  }
  assert.ok(checked >= 8);
});

test('runner config: `[runners.docker]` without `[[runners]]` is a warning, not an error', () => {
  const got = runner('[runners.docker]\n  privileged = true\n');
  assert.deepEqual(got.map((p) => [p.line, p.column, p.severity]), [[1, 1, 'warning']]);
});

// ---- Helm values ------------------------------------------------------------------------------------------------

test('Helm values: a finding in runners.config lands on its line in values.yaml; templated values are unknown', () => {
  const text = read('helm-values.yaml');
  const helm = readHelmValues(parseYaml('values.yaml', text));
  assert.ok(helm.runnerConfig);
  const got = validateRunnerConfig(helm.runnerConfig).map((p) => at(text, p));
  // `poll_timeout = {{ .Values.pollTimeout }}` (line 12) is not reported although the placeholder is no integer
  assert.deepEqual(got.map((p) => [p.line, p.column, p.text, p.severity]), [[16, 9, 'mediun', 'warning']]);
  assert.match(got[0].message, /\[\[runners\.kubernetes\.volumes\.empty_dir\]\].*Did you mean 'medium'\?/);
});

test('Helm values from the corpus: the finding maps to the right line of values.yaml', () => {
  const file = join(CORPUS, 'helm-values', 'DoD-Platform-One__gitlab-runner__chart_scripts_empty-dir.yaml');
  const text = readFileSync(file, 'utf8');
  const helm = readHelmValues(parseYaml(file, text));
  assert.ok(helm.runnerConfig);
  const got = validateRunnerConfig(helm.runnerConfig).map((p) => at(text, p));
  // the `path = …` line (not `mount_path = …`) of the embedded TOML
  const line = text.split('\n').findIndex((l) => /^\s*path = "\/var\/my_empty_dir\/"/.test(l));
  const offset = new LineIndex(text).lineStarts[line] + text.split('\n')[line].indexOf('path');
  const want = new LineIndex(text).position(offset);
  assert.deepEqual(got.map((p) => [p.line, p.column, p.text]), [[want.line + 1, want.character + 1, 'path']]);
});

// ---- helpers ----------------------------------------------------------------------------------------------------

test('suggest: close typos, case slips and plurals only', () => {
  assert.equal(suggest('scriptt', ['script', 'stage']), 'script');
  assert.equal(suggest('Image', ['image']), 'image');
  assert.equal(suggest('runner', ['runners', 'concurrent']), 'runners');
  assert.equal(suggest('foo', ['script', 'stage']), undefined);
});

// ---- GitLab's global keywords -------------------------------------------------------------------------------------

test('one list of global keywords: `pages` and `types` are jobs, `default` is not', () => {
  // `pages` is a job (a special one): an unknown key in it is not a CI keyword
  const pages = ci('pages:\n  script: x\n  artifact: {}\n');
  assert.deepEqual(pages.map((p) => [p.line, p.column, p.message]), [[3, 3, "'artifact' is not a GitLab CI keyword. Did you mean 'artifacts'?"]]);
  // `types` was removed from GitLab's global keywords, so a top-level `types:` list is read as a job
  const types = ci('types: [build]\njob:\n  script: x\n');
  assert.deepEqual(types.map((p) => [p.line, p.column, p.severity]), [[1, 8, 'error']]);
  assert.match(types[0].message, /^`types` is not a global keyword, so GitLab reads it as a job/);
  // `default` holds job keywords but is not a job
  const def = ci('default:\n  imag: x\njob:\n  script: x\n');
  assert.deepEqual(def.map((p) => [p.line, p.column, p.message]), [[2, 3, "'imag' is not a GitLab CI keyword. Did you mean 'image'?"]]);
});
