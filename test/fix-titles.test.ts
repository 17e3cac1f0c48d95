/**
 * Issue 11.5: a fix's title says where it edits when that is not where the user looks. Over every fix of every
 * firing rule case: an edit in another file than the finding's → the title names that file; an edit inside another
 * top-level job (or template) of the CI file than the one holding the finding → the title names that job.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isMap, isScalar, parseDocument } from 'yaml';
import type { Finding } from '../server/src/engine/types';
import { analyze, type RuleCases } from './harness';

/** Top-level keys of a YAML text with their offsets [start, end). */
function topLevel(text: string): { key: string; start: number; end: number }[] {
  const doc = parseDocument(text);
  if (!isMap(doc.contents)) return [];
  return doc.contents.items.flatMap((p) => {
    if (!isScalar(p.key) || !p.key.range) return [];
    const end = (p.value as { range?: [number, number, number] } | null)?.range?.[1] ?? p.key.range[1];
    return [{ key: String(p.key.value), start: p.key.range[0], end }];
  });
}

const NOT_JOBS = new Set(['default', 'variables', 'stages', 'include', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache', 'spec']);

function offsetOf(text: string, line: number, character: number): number {
  let off = 0;
  for (let i = 0; i < line; i++) off = text.indexOf('\n', off) + 1;
  return off + character;
}

/** What the titles of `f`'s fixes fail to name; `isCi` says which files are CI files (their top-level keys are jobs). */
export function unnamedTargets(f: Finding, files: Map<string, string>, isCi: (file: string) => boolean): string[] {
  const out: string[] = [];
  const keyAt = (file: string, line: number, character: number) => {
    if (!isCi(file)) return undefined;
    const text = files.get(file)!;
    const o = offsetOf(text, line, character);
    return topLevel(text).find((e) => e.start <= o && o <= e.end)?.key;
  };
  const home = keyAt(f.file, f.range.start.line, f.range.start.character);
  for (const fix of f.fixes ?? []) {
    for (const fe of fix.edits) {
      if (fe.file !== f.file && !fix.title.includes(basename(fe.file))) out.push(`'${fix.title}' edits ${basename(fe.file)} without naming it`);
      for (const e of fe.edits) {
        const target = keyAt(fe.file, e.range.start.line, e.range.start.character);
        if (!target || NOT_JOBS.has(target) || (fe.file === f.file && target === home)) continue;
        if (!fix.title.includes(target)) out.push(`'${fix.title}' (finding in '${home ?? basename(f.file)}') edits job '${target}' without naming it`);
      }
    }
  }
  return [...new Set(out)];
}

const dir = join(__dirname, 'rules');
for (const file of readdirSync(dir).filter((f) => f.endsWith('.cases.ts')).sort()) {
  const id = file.replace(/\.cases\.ts$/, '');
  test(`fix titles name the other job or file they edit: ${id}`, async () => {
    const { cases } = (await import(join(dir, file))) as { cases: RuleCases };
    const bad: string[] = [];
    for (const c of cases.invalid) {
      const target = c.file ?? ('.gitlab-ci.yml' in c.files ? '.gitlab-ci.yml' : Object.keys(c.files)[0]);
      const { findings, fs, ws } = analyze(c.files, target, c.options);
      const isCi = (file: string) => ws.kindOf(file) === 'gitlab-ci';
      for (const f of findings.filter((x) => x.ruleId === id)) bad.push(...unnamedTargets(f, fs.files, isCi).map((b) => `${c.name}: ${b}`));
    }
    assert.deepEqual(bad, []);
  });
}

test('the check can fail: an edit in another job and in another file, unnamed', () => {
  const files = new Map([['/w/.gitlab-ci.yml', 'a:\n  script: [x]\nb:\n  script: [y]\n'], ['/w/config.toml', '']]);
  const f: Finding = {
    ruleId: 'r', severity: 'error', headline: 'h', message: 'm', file: '/w/.gitlab-ci.yml', range: { start: { line: 1, character: 2 }, end: { line: 1, character: 8 } },
    fixes: [{ title: 'Do it', edits: [{ file: '/w/.gitlab-ci.yml', edits: [{ range: { start: { line: 3, character: 2 }, end: { line: 3, character: 2 } }, newText: 'z' }] }, { file: '/w/config.toml', edits: [] }] }],
  };
  const isCi = (file: string) => file.endsWith('.yml');
  assert.deepEqual(unnamedTargets(f, files, isCi), ["'Do it' (finding in 'a') edits job 'b' without naming it", "'Do it' edits config.toml without naming it"]);
  f.fixes![0].title = "Do it in 'b' and config.toml";
  assert.deepEqual(unnamedTargets(f, files, isCi), []);
});
