/**
 * The real-world corpus (../shared/corpus): every file is analysed without a crash and classified (never silently
 * dropped), and GitLab's official templates yield no error-severity finding. Each file is analysed on its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace } from '../server/src/engine/workspace';
import type { Finding } from '../server/src/engine/types';
import { MemoryFs } from './harness';

const corpus = process.env.DIND_DOCTOR_CORPUS ?? join(__dirname, '..', '..', 'shared', 'corpus');

function analyzeOne(folder: string, name: string): { kind: string | undefined; findings: Finding[] } {
  const text = readFileSync(join(corpus, folder, name), 'utf8');
  const fs = new MemoryFs({ [name]: text });
  const isToml = /\.toml|\.template$/.test(name);
  const ws = new Workspace(fs, {
    roots: ['/w'],
    ciFiles: folder === 'helm-values' || isToml ? [] : ['**/*.yml', '**/*.yaml'],
    runnerConfigFiles: isToml || folder === 'helm-values' ? ['**/*'] : [],
  });
  const path = `/w/${name}`;
  return { kind: ws.kindOf(path), findings: ws.analyze(path) };
}

test('corpus is present', () => assert.ok(existsSync(corpus), `corpus not found at ${corpus} (set DIND_DOCTOR_CORPUS)`));

const summary: Record<string, Record<string, number>> = {};
for (const folder of ['gitlab-templates', 'gitlab-ci', 'docs-examples', 'runner-toml', 'helm-values']) {
  const dir = join(corpus, folder);
  if (!existsSync(dir)) continue;
  test(`corpus ${folder}: every file analysed, classified, no crash`, () => {
    for (const name of readdirSync(dir).sort()) {
      const { kind, findings } = analyzeOne(folder, name);
      assert.ok(kind, `${folder}/${name} was not recognised as a CI file, runner config or Helm values`);
      const crash = findings.filter((f) => f.ruleId === 'internal-error');
      assert.deepEqual(crash.map((f) => f.message), [], `${folder}/${name}`);
      for (const f of findings) { summary[folder] ??= {}; summary[folder][`${f.ruleId} (${f.severity})`] = (summary[folder][`${f.ruleId} (${f.severity})`] ?? 0) + 1; }
      if (folder === 'gitlab-templates') {
        const errors = findings.filter((f) => f.severity === 'error');
        assert.deepEqual(errors.map((f) => `${name}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId}: ${f.message}`), [], 'official templates must yield no error');
      }
    }
  });
}

test('corpus summary written', () => {
  const out = join(__dirname, '..', 'out');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'corpus-summary.json'), JSON.stringify(summary, null, 2));
  assert.ok(Object.keys(summary).length >= 0);
});
