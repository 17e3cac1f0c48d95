/**
 * gitlab-runner Helm values are recognised by the chart's keys even as a fragment (no `runners.config`), and only
 * then: other YAML with a `runners:` key stays unclassified. The extension activates on a workspace that holds only
 * Helm values or only a config.toml.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { Workspace } from '../server/src/engine/workspace';
import { MemoryFs } from './harness';

function kind(name: string, text: string): string | undefined {
  const ws = new Workspace(new MemoryFs({ [name]: text }), { roots: ['/w'] });
  const k = ws.kindOf(`/w/${name}`);
  assert.ok(!ws.analyze(`/w/${name}`).some((f) => f.ruleId === 'internal-error'), `${name}: no crash`);
  return k;
}

test('Helm values: recognised by the chart keys, even as a fragment', () => {
  assert.equal(kind('deploy/runner.yaml', 'gitlabUrl: https://gitlab.example.com\nrbac:\n  create: true\n'), 'helm-values');
  assert.equal(kind('deploy/runner.yaml', 'runnerToken: ""\n'), 'helm-values');
  assert.equal(kind('deploy/runner.yaml', 'rbac:\n  create: true\nrunners:\n  privileged: true\n'), 'helm-values');
  assert.equal(kind('charts/values.yaml', 'runners:\n  privileged: true\n'), 'helm-values');
  assert.equal(kind('values-prod.yml', 'runners:\n  runUntagged: true\n'), 'helm-values');
  assert.equal(kind('values.yaml', 'runners:\n  config: |\n    [[runners]]\n      executor = "kubernetes"\n'), 'helm-values');
  assert.equal(kind('umbrella.yaml', 'gitlab-runner:\n  runners:\n    config: |\n      [[runners]]\n'), 'helm-values');
});

test('Helm values: other YAML with a runners key is not taken for them', () => {
  assert.equal(kind('docker-compose.yml', 'services:\n  runners:\n    image: alpine\n    privileged: true\n'), undefined);
  assert.equal(kind('settings.yaml', 'runners:\n  privileged: true\n'), undefined, 'one key in a file not named values: not enough');
  assert.equal(kind('values.yaml', 'runners:\n  - name: a\n'), undefined);
  assert.equal(kind('values.yaml', 'rbac:\n  create: true\nservice:\n  port: 80\n'), undefined, 'rbac alone belongs to many charts');
  assert.equal(kind('other.yaml', 'gitlab-runner:\n  runners:\n    privileged: true\n'), undefined);
});

test('activation: a workspace with only Helm values or only a config.toml activates the extension', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { activationEvents: string[] };
  for (const e of ['workspaceContains:**/config.toml', 'workspaceContains:**/values*.yaml', 'workspaceContains:**/values*.yml']) assert.ok(pkg.activationEvents.includes(e), e);
  // the names Helm values files are usually given besides values*.yaml, and a project that configured dind-doctor
  const globs = pkg.activationEvents.filter((e) => e.startsWith('workspaceContains:')).map((e) => picomatch(e.slice('workspaceContains:'.length), { dot: true }));
  const activates = (file: string) => globs.some((m) => m(file));
  for (const f of ['deploy/gitlab-runner-values.yaml', 'helm/runner-values.yml', 'values-prod.yaml', 'ops/runner/config.toml', '.dind-doctor.json', '.gitlab-ci.yml', 'ci/build.gitlab-ci.yml']) assert.ok(activates(f), f);
  for (const f of ['Cargo.toml', 'pyproject.toml', 'docker-compose.yml', 'deploy/settings.yaml', 'docs/evaluation.yaml']) assert.ok(!activates(f), f);
});
