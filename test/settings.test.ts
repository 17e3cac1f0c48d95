/** Editor settings and `.dind-doctor.json` of any shape: validated once, clear messages, defaults as fallback. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_EDITOR_SETTINGS, parseEditorSettings, parseProjectConfig } from '../server/src/engine/config-file';

test('settings: null, missing or non-object sections give the defaults', () => {
  for (const raw of [null, undefined, {}]) assert.deepEqual(parseEditorSettings(raw), { settings: DEFAULT_EDITOR_SETTINGS, errors: [] });
  for (const raw of [42, 'x', [1], true]) {
    const r = parseEditorSettings(raw);
    assert.deepEqual(r.settings, DEFAULT_EDITOR_SETTINGS);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0], /must be an object/);
  }
});

test('settings: null values are the defaults, silently (the issue: ciFiles: null killed the server)', () => {
  const r = parseEditorSettings({ ciFiles: null, runnerConfigFiles: null, rules: null, runner: null, enable: null, schemaValidation: null });
  assert.deepEqual(r, { settings: DEFAULT_EDITOR_SETTINGS, errors: [] });
});

test('settings: each wrongly typed value falls back to its default with a sentence naming it; good values stay', () => {
  const r = parseEditorSettings({ ciFiles: 'ci/*.yml', runnerConfigFiles: ['ok/*.toml', 3, ''], rules: { 'dind-tls-disabled': 'off', 'x-y': 'loud', BAD: 'off' }, runner: { executor: 'kubernetes' }, enable: 'yes', schemaValidation: false, analyseWorkspace: 'sometimes', analyseWorkspaceMaxFiles: 2.5, logLevel: 'debug' });
  assert.deepEqual(r.settings, {
    enable: true, rules: { 'dind-tls-disabled': 'off' }, runner: { executor: 'kubernetes' }, runnerConfigFiles: ['ok/*.toml'], ciFiles: [], schemaValidation: false,
    analyseWorkspace: 'onStartup', analyseWorkspaceMaxFiles: 1000, logLevel: 'debug',
  });
  assert.deepEqual(r.errors, [
    'dindDoctor.enable must be true or false, not "yes"; using the default',
    'dindDoctor.rules."x-y": severity must be one of off, error, warning, info, not "loud"; ignored',
    'dindDoctor.rules."BAD": "BAD" is not a rule id (rule ids are kebab-case, like dind-tls-disabled); ignored',
    'dindDoctor.analyseWorkspace must be one of "onStartup", "onCommand", "off", not "sometimes"; using the default',
    'dindDoctor.analyseWorkspaceMaxFiles must be a whole number of files, 0 or more, not number 2.5; using the default',
    'dindDoctor.ciFiles must be an array of glob strings, not "ci/*.yml"; using the default',
    'dindDoctor.runnerConfigFiles: entries that are not glob strings are ignored',
  ]);
  const bad = parseEditorSettings({ runner: { executor: 7 }, rules: [] });
  assert.deepEqual(bad.settings, DEFAULT_EDITOR_SETTINGS);
  assert.deepEqual(bad.errors, ['dindDoctor.rules must be an object of rule id to severity, not an array; using the default', 'dindDoctor.runner.executor: must be a string, not number 7; using the default']);
});

test('.dind-doctor.json of any shape never throws and keeps only valid parts', () => {
  const shapes = ['', 'null', '[]', '"x"', '1', '{"rules": null}', '{"rules": {"__proto__": {"a": 1}}}', '{"runner": []}', '{"ciFiles": [null]}', '{"schemaValidation": "no"}', '{"rules": {"dind-tls-disabled": {"x": 1}}}', '{'.repeat(5000)];
  for (const text of shapes) {
    const r = parseProjectConfig(text);
    assert.ok(r.errors.length >= 1, text.slice(0, 40));
    assert.equal(Object.getPrototypeOf(r.config), Object.prototype);
    for (const e of r.errors) assert.ok(e.length < 300 && !/\n/.test(e), e);
  }
});
