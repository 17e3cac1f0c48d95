/**
 * One message per schema problem: when Red Hat YAML validates CI files against GitLab's schema, dind-doctor leaves
 * CI schema errors to it (dindDoctor.schemaValidation "auto"), keeps validating runner configs, and the engine,
 * the settings and the rule honour the decision.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideSchemaValidation, gitlabSchemaMapping, readSchemaSetting, withSchemaDecision } from '../common/schema-duplicates';
import { parseEditorSettings } from '../server/src/engine/config-file';
import { workspaceOptions } from '../server/src/lsp/settings';
import { analyze } from './harness';

const SCHEMASTORE_CI = 'https://gitlab.com/gitlab-org/gitlab/-/raw/master/app/assets/javascripts/editor/schema/ci.json';

test('auto: Red Hat YAML enabled with SchemaStore (its default) validates .gitlab-ci.yml, so CI schema errors are left to it', () => {
  const d = decideSchemaValidation('auto', { installed: true });
  assert.equal(d.ci, false);
  assert.equal(d.runner, true);
  assert.match(d.reason, /redhat\.vscode-yaml validates \.gitlab-ci\.yml .*SchemaStore.*"always"/);
  assert.equal(decideSchemaValidation('auto', { installed: true, schemaStoreEnable: true, validate: true }).ci, false);
});

test('auto: dind-doctor validates CI files when Red Hat YAML is absent, does not validate, or has no GitLab schema', () => {
  assert.equal(decideSchemaValidation('auto', { installed: false }).ci, true);
  assert.match(decideSchemaValidation('auto', { installed: false }).reason, /not enabled/);
  assert.equal(decideSchemaValidation('auto', { installed: true, validate: false }).ci, true);
  const off = decideSchemaValidation('auto', { installed: true, schemaStoreEnable: false });
  assert.equal(off.ci, true);
  assert.match(off.reason, /neither SchemaStore nor yaml\.schemas/);
  assert.equal(decideSchemaValidation('auto', { installed: true, schemaStoreEnable: false, schemas: { 'https://json.schemastore.org/github-workflow.json': '.github/workflows/*.yml' } }).ci, true);
});

test('auto: a yaml.schemas mapping of GitLab\'s schema onto CI files counts even with SchemaStore off', () => {
  for (const globs of ['*.gitlab-ci.yml', '.gitlab-ci.yml', ['ci/**/*.yml', '/.gitlab-ci.yml'], '**/*.yml']) {
    const d = decideSchemaValidation('auto', { installed: true, schemaStoreEnable: false, schemas: { [SCHEMASTORE_CI]: globs } });
    assert.equal(d.ci, false, JSON.stringify(globs));
    assert.match(d.reason, /yaml\.schemas maps/);
  }
  assert.equal(gitlabSchemaMapping({ './schemas/gitlab-ci.json': ['*.gitlab-ci.yml'] }), './schemas/gitlab-ci.json');
  // a GitLab schema mapped onto other files only, or a mapping of another schema, does not cover CI files
  assert.equal(gitlabSchemaMapping({ [SCHEMASTORE_CI]: 'templates/*.yml' }), undefined);
  assert.equal(gitlabSchemaMapping({ 'kubernetes': '*.gitlab-ci.yml' }), undefined);
  for (const bad of [undefined, null, 'x', [], { [SCHEMASTORE_CI]: 3 }, { [SCHEMASTORE_CI]: [] }]) assert.equal(gitlabSchemaMapping(bad), undefined);
});

test('always and never ignore other extensions; old boolean values map onto them; anything else is auto', () => {
  assert.deepEqual([decideSchemaValidation('always', { installed: true }).ci, decideSchemaValidation('always', { installed: true }).runner], [true, true]);
  assert.deepEqual([decideSchemaValidation('never', { installed: false }).ci, decideSchemaValidation('never', { installed: false }).runner], [false, false]);
  assert.deepEqual([true, false, 'always', 'never', 'auto', undefined, 'x', 1].map(readSchemaSetting), ['always', 'never', 'always', 'never', 'auto', 'auto', 'auto', 'auto']);
});

test('the settings section the server pulls carries the decision', () => {
  const left = decideSchemaValidation('auto', { installed: true });
  assert.deepEqual(withSchemaDecision({ enable: true, schemaValidation: 'auto' }, left), { enable: true, schemaValidation: true, ciSchemaValidation: false });
  assert.deepEqual(withSchemaDecision({ schemaValidation: 'auto' }, decideSchemaValidation('auto', { installed: false })), { schemaValidation: true });
  assert.deepEqual(withSchemaDecision({ schemaValidation: 'never' }, decideSchemaValidation('never', { installed: true })), { schemaValidation: false, ciSchemaValidation: false });
  assert.equal(withSchemaDecision(null, left), null);
  // the server reads it
  const s = parseEditorSettings(withSchemaDecision({ schemaValidation: 'auto' }, left)).settings;
  assert.equal(s.schemaValidation, true);
  assert.equal(s.ciSchemaValidation, false);
  assert.deepEqual(workspaceOptions('/w', s).analyze?.ciSchemaValidation, false);
  assert.equal('ciSchemaValidation' in (workspaceOptions('/w', parseEditorSettings({}).settings).analyze ?? {}), false);
});

test('the server accepts the string values of dindDoctor.schemaValidation (a client without the middleware sends them)', () => {
  assert.equal(parseEditorSettings({ schemaValidation: 'auto' }).settings.schemaValidation, true);
  assert.equal(parseEditorSettings({ schemaValidation: 'always' }).settings.schemaValidation, true);
  assert.equal(parseEditorSettings({ schemaValidation: 'never' }).settings.schemaValidation, false);
  const bad = parseEditorSettings({ schemaValidation: 'sometimes', ciSchemaValidation: 'no' });
  assert.equal(bad.settings.schemaValidation, true);
  assert.equal(bad.settings.ciSchemaValidation, undefined);
  assert.deepEqual(bad.errors, [
    'dindDoctor.schemaValidation must be true, false, "auto", "always" or "never", not "sometimes"; using the default',
    'dindDoctor.ciSchemaValidation must be true or false, not "no"; using the default',
  ]);
});

test('ciSchemaValidation false: no CI schema finding, runner configs still validated, a non-YAML include still reported once', () => {
  const ci = 'include:\n  - local: ci/\nbuild:\n  scriptt: [echo]\n';
  const ciSchema = (opts: object) => analyze({ '.gitlab-ci.yml': ci }, '.gitlab-ci.yml', opts).findings.filter((f) => f.ruleId === 'schema-validation' || f.ruleId === 'local-include-not-found').map((f) => `${f.ruleId}:${f.range.start.line + 1}`);
  assert.deepEqual(ciSchema({}).sort(), ['schema-validation:2', 'schema-validation:4']);
  assert.deepEqual(ciSchema({ ciSchemaValidation: false }), ['local-include-not-found:2']);
  const toml = '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privilegd = true\n';
  const runner = analyze({ 'config.toml': toml }, 'config.toml', { ciSchemaValidation: false }).findings.filter((f) => f.ruleId === 'schema-validation');
  assert.equal(runner.length, 1);
  assert.equal(analyze({ 'config.toml': toml }, 'config.toml', { schemaValidation: false }).findings.filter((f) => f.ruleId === 'schema-validation').length, 0);
});
