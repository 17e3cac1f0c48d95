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

/** Every CI text is validated both whole and one top-level entry at a time (what huge files get): same problems. */
function ci(text: string, file = 'ci.yml') {
  const root = parseYaml(file, text).root;
  const whole = validateCi(root, Number.POSITIVE_INFINITY);
  assert.deepStrictEqual(validateCi(root, 1), whole, 'validating one top-level entry at a time gives the same problems');
  return whole.map((p) => at(text, p));
}
function runner(text: string, file = 'config.toml') { return validateRunnerConfig(parseToml(file, text)).map((p) => at(text, p)); }
const read = (name: string) => readFileSync(join(FIX, name), 'utf8');

// ---- GitLab CI --------------------------------------------------------------------------------------------------

// Regression test from real pipelines: every CI file of the corpus ran on GitLab, so schema validation must give
// none of them an error. A file may only appear in REJECTED_BY_GITLAB with the reason GitLab rejects it today; the
// list must match exactly, so an entry that stops erroring fails the test too. (Today the list is empty.)
const REJECTED_BY_GITLAB: Record<string, string> = {};

for (const folder of ['gitlab-templates', 'gitlab-ci']) {
  test(`corpus ${folder}: every CI file validates without a schema error`, () => {
    const files = readdirSync(join(CORPUS, folder)).filter((f) => /\.ya?ml$/.test(f)).sort();
    assert.ok(files.length >= (folder === 'gitlab-ci' ? 40 : 10), `only ${files.length} files in ${folder}`);
    const errored: Record<string, string[]> = {};
    for (const f of files) {
      const errors = ci(readFileSync(join(CORPUS, folder, f), 'utf8'), f).filter((p) => p.severity === 'error');
      if (errors.length) errored[f] = errors.map((p) => `${p.line}:${p.column} ${p.message}`);
    }
    const expected = Object.keys(REJECTED_BY_GITLAB).filter((f) => files.includes(f));
    assert.deepEqual(Object.keys(errored).sort(), expected.sort(), JSON.stringify(errored, null, 1));
  });
}

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
  assert.match(got[2].message, /^`when` must be one of 6 values, not 'sometimes'\. Allowed: 'on_success', .*'delayed'\.$/);

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

test('the documented patches: globs, cache keys as GitLab checks them, variables in environments, `tags: []`', () => {
  const text = [
    'include:',
    '  - /ci/*.yml',
    "  - local: 'ci/${ENV}.yml'",
    'job:',
    '  script: x',
    '  tags: []',
    '  cache:',
    '    key: $CI_COMMIT_REF_SLUG-deps',
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
  // GitLab rejects a cache key with `/` (also URL-encoded) and the keys `.` and `..`; it accepts `...`
  const keys = ci('a:\n  script: x\n  cache:\n    - key: $CI_COMMIT_REF_SLUG/deps\n    - key: a%2fb\n    - key: ".."\n    - key: "..."\n');
  assert.deepEqual(keys.map((p) => [p.line, p.column, p.severity]), [[4, 12, 'error'], [5, 12, 'error'], [6, 12, 'error']]);
  // GitLab requires an environment name that is not blank
  assert.deepEqual(ci('a:\n  script: x\n  environment:\n    name: ""\n').map((p) => [p.line, p.column, p.severity]), [[4, 11, 'error']]);
  assert.deepEqual(CI_SCHEMA_PATCHES.map((p) => p.id), [
    'include-shorthand-pattern', 'cache-key-pattern', 'environment-url-pattern', 'include-uri-reference-format', 'tags-min-items',
    'variable-values', 'empty-lists', 'nested-script-lists', 'coverage-regex', 'artifacts-keys', 'include-variable-paths', 'tags-empty-string',
    'retry-when-values', 'inherit-default-values', 'empty-strings', 'release-fields', 'workflow-rules-job-keys', 'empty-values',
  ]);
});

// ---- The audit against GitLab's own validation (docs/schema-audit.md) -------------------------------------------

test('empty values that GitLab treats as absent are no error; an empty `script` still is', () => {
  const text = [
    'variables:', 'stages:', 'default:', '  image:', '  tags:',
    'job:', '  script: x', '  dependencies:', '  when:', '  image:', '  services:', '  variables:', '  needs:', '  tags:',
    '  allow_failure:', '  extends:', '  rules:', '  cache:', '  retry:', '  environment:', '  interruptible:',
    '  artifacts:', '    paths:', '    reports:', '      junit:',
    'job2:', '  script: x', '  image:', '    name: alpine', '    entrypoint:', '  services:', '    - name: docker:dind', '      command:', '      alias:',
    '',
  ].join('\n');
  assert.deepEqual(ci(text), []);
  const noScript = ci('job:\n  script:\n');
  assert.deepEqual(noScript.map((p) => [p.line, p.column, p.severity, p.message]), [[2, 3, 'error', '`script` must be a string or a list, not empty.']]);
  // an empty value is not offered as advice next to real forms
  assert.deepEqual(ci('job:\n  script: x\n  image: 1\n').map((p) => p.message), ['`image` must be a string or a map with `name`, not the number 1.']);
});

test('variables: an empty value, an integer `value`, empty `options` are no error; a list value still is', () => {
  assert.deepEqual(ci('variables:\n  A:\n  B: {value: 1}\n  C: {value: x, options: []}\njob:\n  script: x\n  variables:\n    D:\n'), []);
  const got = ci('variables:\n  A: [1]\njob:\n  script: x\n');
  assert.deepEqual(got.map((p) => [p.line, p.column, p.severity]), [[2, 6, 'error']]);
});

test('lists GitLab accepts empty or with repeats are no error; an empty `script` list still is', () => {
  const text = [
    'stages: [build, build]',
    'job:', '  script: [x]', '  extends: []', '  allow_failure: {exit_codes: []}',
    '  artifacts: {paths: [], exclude: [], reports: {junit: []}}',
    '  image: {name: alpine, entrypoint: [], pull_policy: [always, always]}',
    '  services: [{name: docker:dind, command: [], entrypoint: []}]',
    'other:', '  script: x',
    '',
  ].join('\n');
  assert.deepEqual(ci(text), []);
  assert.deepEqual(ci('stages: []\njob:\n  stage: .pre\n  script: x\n'), []);
  assert.deepEqual(ci('job:\n  script: []\n').map((p) => [p.line, p.column, p.severity, p.message]), [[2, 11, 'error', '`script` must not be an empty list.']]);
  // an empty `pull_policy` list is still an error (pull_policy.rb: `presence: true` for the list form)
  const pull = ci('job:\n  script: x\n  image: {name: a, pull_policy: []}\n');
  assert.deepEqual(pull.map((p) => [p.line, p.column, p.text, p.severity, p.message]), [[3, 33, '[]', 'error', '`pull_policy` must not be an empty list.']]);
});

test('retry:when accepts every GitLab failure reason; inherit:default every `default:` keyword; cache fields may be empty', () => {
  const text = [
    'job:', '  script: x', '  retry: {max: 2, when: [missing_dependency_failure, runner_system_failure], exit_codes: []}',
    '  inherit: {default: [hooks, id_tokens, image]}',
    '  cache: {key: deps, paths:, policy: "", when:}',
    '',
  ].join('\n');
  assert.deepEqual(ci(text), []);
  const bad = ci('job:\n  script: x\n  retry: {when: [no_such_reason]}\n  inherit: {default: [script]}\n');
  assert.deepEqual(bad.map((p) => [p.line, p.severity]), [[3, 'error'], [4, 'error']]);
  assert.match(bad[0].message, /^`when\[0\]` must be one of \d+ known values \('always', .*…\), not 'no_such_reason'\.$/);
  // a value of the wrong type gets the type complaint, not the list of values
  assert.deepEqual(ci('job:\n  script: x\n  when: 1\n').map((p) => p.message), ['`when` must be a string, not the number 1.']);
});

test('workflow name and service alias may be empty; release dates are ISO 8601; id_tokens aud may be an empty list', () => {
  const text = [
    'workflow:', '  name: ""',
    'job:', '  script: x', '  services: [{name: docker:dind, alias: ""}]',
    '  id_tokens: {T: {aud: []}}',
    '  release: {tag_name: v1, description: d, released_at: "2024-05-01", milestones: m1}',
    '',
  ].join('\n');
  assert.deepEqual(ci(text), []);
  assert.deepEqual(ci('job:\n  script: x\n  release: {tag_name: v1}\n').map((p) => [p.line, p.severity]), [[3, 'error']]);
});

test('`needs` and `allow_failure` in workflow:rules are warnings (GitLab accepts and ignores them); other keys are errors', () => {
  const got = ci('workflow:\n  rules:\n    - if: $X\n      allow_failure: true\n      foo: 1\njob:\n  script: x\n');
  assert.deepEqual(got.map((p) => [p.line, p.column, p.severity]), [[4, 22, 'warning'], [5, 7, 'error']]);
  assert.match(got[0].message, /GitLab accepts `allow_failure` in `workflow:rules` but does not use it there/);
});

test('script lists nested through anchors are no error', () => {
  const text = '.a: &a [one]\n.b: &b [*a, two]\njob:\n  script: [*b, three]\n  before_script: [[[x]]]\n';
  assert.deepEqual(ci(text), []);
  assert.deepEqual(ci('job:\n  script: [[[1]]]\n').length > 0, true);
});

test('coverage: RE2 syntax and flags are no error; a value without slashes still is', () => {
  assert.deepEqual(ci("job:\n  script: x\n  coverage: '/(?i)total.*? (\\d+%)$/'\nb:\n  script: x\n  coverage: '/lines: \\d+/i'\n"), []);
  const got = ci('job:\n  script: x\n  coverage: total\n');
  assert.deepEqual(got.map((p) => [p.line, p.column, p.text, p.severity]), [[3, 13, 'total', 'error']]);
});

test('artifacts: `public` and the report types GitLab validates are no error; `performance` is a warning', () => {
  assert.deepEqual(ci('job:\n  script: x\n  artifacts:\n    public: false\n    reports:\n      api_fuzzing: a.json\n      coverage_fuzzing: [b.json]\n      cluster_image_scanning: c.json\n      requirements_v2: d.json\n'), []);
  const got = ci('job:\n  script: x\n  artifacts:\n    reports:\n      performance: p.json\n');
  assert.deepEqual(got.map((p) => [p.line, p.column, p.text, p.severity]), [[5, 20, 'p.json', 'warning']]);
  assert.match(got[0].message, /may still accept it; use `browser_performance`/);
  // an unknown report type is still an error
  assert.deepEqual(ci('job:\n  script: x\n  artifacts:\n    reports:\n      junitt: j.xml\n').map((p) => [p.line, p.column, p.severity]), [[5, 7, 'error']]);
});

test('include paths with variables or an upper-case extension are no error; another extension still is', () => {
  const text = 'include:\n  - local: $CI_FILE\n  - local: ci/x.YML\n  - project: a/b\n    file: ${F}\n  - remote: https://example.com/$P\njob:\n  script: x\n';
  assert.deepEqual(ci(text), []);
  const got = ci('include:\n  - local: ci/x.json\njob:\n  script: x\n');
  assert.equal(got.filter((p) => p.severity === 'error').length >= 1, true);
  assert.equal(got[0].line, 2);
});

test('an empty tag is a warning, not an error', () => {
  const got = ci('job:\n  script: x\n  tags: [docker, ""]\n');
  assert.deepEqual(got.map((p) => [p.line, p.column, p.severity]), [[3, 18, 'warning']]);
  assert.match(got[0].message, /GitLab accepts it, but no runner has an empty tag/);
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

// The runner configs and Helm values of the corpus, against the runner schema: no error unless GitLab Runner
// rejects the file, and then the reason is written here.
const RUNNER_REJECTED: Record<string, string> = {
  // GitLab Runner's own `gitlab-runner lint` fixture for an unsupported shell (commands/testdata/lint/bad_shell.toml):
  // `shell = "fish"` is not one of bash, sh, powershell, pwsh, cmd, so jobs of that runner cannot run.
  'gitlabhq__gitlab-runner__commands_testdata_lint_bad_shell.toml': "`shell` in [[runners]] must be one of 'bash', 'sh', 'powershell', 'pwsh', 'cmd', not 'fish'.",
};
// Files that are not TOML as they stand, so no schema runs on them (the parser reports them instead).
const RUNNER_NOT_TOML: Record<string, string> = {
  'gitlabhq__gitlab-runner__commands_testdata_lint_invalid_syntax.toml': 'the `gitlab-runner lint` fixture for a syntax error',
  'craigbehnke__terraform-google-gitlab-docker-autoscaler-runner__submodules_runner_config.toml': 'a Terraform template: `limit = ${LIMIT}` is filled in before the runner reads it',
};

test('corpus runner-toml: every runner config validates without a schema error', () => {
  const files = readdirSync(join(CORPUS, 'runner-toml')).sort();
  const errored: Record<string, string[]> = {};
  const unparsed: string[] = [];
  for (const f of files) {
    const doc = parseToml(f, readFileSync(join(CORPUS, 'runner-toml', f), 'utf8'));
    if (doc.problems.length) { unparsed.push(f); continue; }
    const errors = validateRunnerConfig(doc).filter((p) => p.severity === 'error');
    if (errors.length) errored[f] = errors.map((p) => p.message);
  }
  assert.deepEqual(unparsed, Object.keys(RUNNER_NOT_TOML).sort());
  assert.ok(files.length - unparsed.length >= 10, `only ${files.length - unparsed.length} runner configs checked`);
  assert.deepEqual(errored, Object.fromEntries(Object.entries(RUNNER_REJECTED).map(([f, m]) => [f, [m]])));
});

test('corpus helm-values: the runner config of every values file validates without a schema error', () => {
  let checked = 0;
  for (const f of readdirSync(join(CORPUS, 'helm-values')).sort()) {
    const helm = readHelmValues(parseYaml(f, readFileSync(join(CORPUS, 'helm-values', f), 'utf8')));
    if (!helm.runnerConfig) continue;
    checked++;
    assert.deepEqual(validateRunnerConfig(helm.runnerConfig).filter((p) => p.severity === 'error'), [], f);
  }
  assert.ok(checked >= 6, `only ${checked} Helm values files with runners.config`);
});

test('runner config: settings of current GitLab Runner (common/config.go) are no finding', () => {
  const text = [
    'concurrent = 2',
    '[machine.shutdown_drain]', '  enabled = true', '  retry_backoff = "5s"',
    '[[runners]]', '  executor = "docker"', '  prepare_timeout = "30s"', '  get_sources_timeout = "1m"',
    '  [runners.artifact]', '    upload_timeout = "1h"',
    '  [runners.experimental.boot_verify]', '    enabled = true',
    '  [runners.docker]', '    volume_keep = true', '    pid_mode = "host"',
    '    [[runners.docker.services]]', '      name = "redis"', '      suspend_data_path = "/data"',
    '  [runners.kubernetes]',
    '    [[runners.kubernetes.volumes.host_path]]', '      name = "h"', '      mount_path = "/h"', '      mount_propagation = "HostToContainer"',
    '',
  ].join('\n');
  assert.deepEqual(runner(text), []);
});

test('runner config: `pre_clone_script` (removed in GitLab Runner 17.0, ignored) is a warning that says so', () => {
  const got = runner('[[runners]]\n  executor = "shell"\n  pre_clone_script = "echo hi"\n');
  assert.deepEqual(got.map((p) => [p.line, p.column, p.text, p.severity]), [[3, 22, '"echo hi"', 'warning']]);
  assert.match(got[0].message, /removed `pre_clone_script` and ignores it.*Use `pre_get_sources_script`/);
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

test('include: a path that names no YAML file gets one message about the path, not one per include form', () => {
  for (const [text, col] of [['include:\n  - local: ci/\n', 12], ['include:\n  local: ../x.txt\n', 10], ['include:\n  - remote: ftp://x\n', 13]] as const) {
    const got = ci(text);
    assert.equal(got.length, 1, `${JSON.stringify(text)}: ${JSON.stringify(got)}`);
    assert.equal(got[0].line, 2);
    assert.equal(got[0].column, col);
    assert.equal(got[0].severity, 'error');
    assert.match(got[0].message, /names no `\.yml` or `\.yaml` file: GitLab rejects the pipeline\..*does not have YAML extension/);
  }
});

test('include: the form whose keys the item has is the one reported (`project` without `file`)', () => {
  const got = ci('include:\n  - project: a/b\n');
  assert.deepEqual(got.map((p) => [p.line, p.column, p.message]), [[2, 5, "`include[0]` is missing the required key 'file'."]]);
});

test('include: an item mixing two forms still names every unknown key (no form wins)', () => {
  const got = ci('include:\n  - {remote: "https://x/a.yml", local: a.yml}\n');
  assert.ok(got.length > 1 && got.every((p) => /is not a valid key/.test(p.message)), JSON.stringify(got));
});
