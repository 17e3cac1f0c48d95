import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRuleEntry, findProjectConfig, parseProjectConfig, readProjectConfig } from '../server/src/engine/config-file';
import { FileReadError, type FileSystem } from '../server/src/engine/types';

function memfs(files: Record<string, string | Error>): FileSystem {
  return {
    readFile(p) {
      const v = files[p];
      if (v instanceof Error) throw v;
      return v;
    },
  };
}

test('parseProjectConfig: a full, valid file', () => {
  const r = parseProjectConfig(JSON.stringify({
    $schema: './schema.json',
    rules: { 'dind-tls-disabled': 'off', 'a-b': 'error', c: 'warning', d: 'info' },
    runner: { executor: 'kubernetes' },
    ciFiles: ['ci/**/*.yml'],
    runnerConfigFiles: ['deploy/*.toml'],
    schemaValidation: false,
  }));
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.config, {
    rules: { 'dind-tls-disabled': 'off', 'a-b': 'error', c: 'warning', d: 'info' },
    runner: { executor: 'kubernetes' },
    ciFiles: ['ci/**/*.yml'],
    runnerConfigFiles: ['deploy/*.toml'],
    schemaValidation: false,
  });
  assert.deepEqual(parseProjectConfig('{}'), { config: {}, errors: [] });
  assert.deepEqual(parseProjectConfig('\uFEFF{"runner":{"executor":""}}'), { config: { runner: {} }, errors: [] });
});

test('parseProjectConfig: clear errors, valid parts kept', () => {
  const r = parseProjectConfig(JSON.stringify({
    rules: { good: 'off', bad: 'loud', worse: 2, 'Bad_Id': 'off' },
    runner: { executor: 'podman', extra: 1 },
    ciFiles: [1],
    schemaValidation: 'yes',
    severities: {},
  }));
  assert.deepEqual(r.config.rules, { good: 'off' });
  assert.deepEqual(r.errors, [
    'unknown key "severities"; allowed: rules, runner, ciFiles, runnerConfigFiles, schemaValidation',
    '"rules"."bad": severity must be one of off, error, warning, info, not "loud"',
    '"rules"."worse": severity must be one of off, error, warning, info, not number 2',
    '"rules"."Bad_Id": "Bad_Id" is not a rule id (rule ids are kebab-case, like dind-tls-disabled)',
    '"runner": unknown key "extra"; allowed: executor, profile, mtu',
    '"runner"."executor": unknown executor "podman"; known: docker, docker-windows, docker+machine, docker-autoscaler, kubernetes, shell, ssh, parallels, virtualbox, instance, custom',
    '"ciFiles" must be an array of glob strings relative to the project folder, like ["ci/*.yml"]',
    '"schemaValidation" must be true or false, not "yes"',
  ]);
  assert.match(parseProjectConfig('{ "rules": }').errors[0], /^is not valid JSON: Unexpected token/);
  assert.match(parseProjectConfig('').errors[0], /^is not valid JSON/);
  assert.deepEqual(parseProjectConfig('null').errors, ['must hold a JSON object, not null']);
  assert.deepEqual(parseProjectConfig('{"rules": []}').errors, ['"rules" must be an object of rule id to severity, not an array']);
  assert.deepEqual(parseProjectConfig('{"rules": {"x": "off"}}', { isKnownRule: (id) => id === 'y' }).errors, ['"rules"."x": unknown rule "x"']);
  assert.equal(checkRuleEntry('a', 'warn'), 'severity must be one of off, error, warning, info, not "warn" (did you mean "warning"?)');
});

test('readProjectConfig / findProjectConfig: at the root, above it up to the repository root', () => {
  const fs = memfs({
    '/repo/.git': '', // a worktree's .git file marks the repository root too
    '/repo/.dind-doctor.json': '{"rules":{"a":"off"}}',
    '/repo/sub/deeper/.gitlab-ci.yml': '',
    '/outside/.dind-doctor.json': '{"rules":{"b":"off"}}',
  });
  assert.equal(readProjectConfig(fs, '/repo/sub'), undefined);
  assert.deepEqual(readProjectConfig(fs, '/repo'), { file: '/repo/.dind-doctor.json', config: { rules: { a: 'off' } }, errors: [] });
  assert.equal(findProjectConfig(fs, '/repo/sub/deeper')?.file, '/repo/.dind-doctor.json');
  assert.equal(findProjectConfig(fs, '/outside/x/y')?.file, '/outside/.dind-doctor.json');
  assert.equal(findProjectConfig(fs, '/nothing/here'), undefined);
  // it stops at a repository root: /repo2 has .git, the file above it does not count
  const fs2 = memfs({ '/top/.dind-doctor.json': '{}', '/top/repo2/.git': new FileReadError('is a folder') });
  assert.equal(findProjectConfig(fs2, '/top/repo2/a'), undefined);
  const unreadable = memfs({ '/r/.dind-doctor.json': new FileReadError('cannot read /r/.dind-doctor.json: permission denied (EACCES)') });
  assert.deepEqual(readProjectConfig(unreadable, '/r')?.errors, ['cannot read /r/.dind-doctor.json: permission denied (EACCES)']);
});
