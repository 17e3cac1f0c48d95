/**
 * Test helpers: an in-memory workspace, and the rule-case runner. A rule's cases (test/rules/<id>.cases.ts) list
 * files that must not fire and files that must fire at exact 1-based lines/columns; every fix the rule offers
 * there must be listed with the exact text it produces, and re-analysis must show the finding gone.
 */
import assert from 'node:assert/strict';
import { Workspace } from '../server/src/engine/workspace';
import type { AnalyzeOptions, FileSystem, Finding, Fix, Severity } from '../server/src/engine/types';
import { fixTexts } from '../server/src/engine/fixer';
import { analyzeAll, checkFix } from './fix-check';
import { effectiveKind } from '../server/src/engine/fix-policy';

export const ROOT = '/w';

export class MemoryFs implements FileSystem {
  readonly files = new Map<string, string>();
  constructor(files: Record<string, string> = {}, root = ROOT) { for (const [k, v] of Object.entries(files)) this.files.set(abs(k, root), v); }
  readFile(p: string) { return this.files.get(p); }
  listFiles(dir: string) { return [...this.files.keys()].filter((f) => f.startsWith(dir + '/')); }
}

export function abs(p: string, root = ROOT): string { return p.startsWith('/') ? p : `${root}/${p}`; }

export function analyze(files: Record<string, string>, target: string, options?: AnalyzeOptions): { findings: Finding[]; fs: MemoryFs; ws: Workspace } {
  const fs = new MemoryFs(files);
  const ws = new Workspace(fs, { roots: [ROOT], analyze: options });
  return { findings: ws.analyze(abs(target)), fs, ws };
}

/** Applies a fix's edits to the in-memory files, through the engine's fixer (as the CLI and the editor do). */
export function applyFix(fs: MemoryFs, fix: Fix): void {
  for (const { file } of fix.edits) assert.ok(fs.files.has(file), `fix edits missing file ${file}`);
  const texts = fixTexts(fix, (f) => fs.files.get(f));
  assert.ok(texts, `the edits of '${fix.title}' overlap`);
  for (const [file, text] of texts) fs.files.set(file, text);
}

export interface ExpectedFinding { line: number; column: number; endLine?: number; endColumn?: number; severity?: Severity; message?: RegExp; file?: string }
export interface ExpectedFix { title: string | RegExp; output: Record<string, string> }
export interface RuleCase {
  name: string;
  files: Record<string, string>;
  /** The file analysed (default: `.gitlab-ci.yml`, else the only file). */
  file?: string;
  options?: AnalyzeOptions;
  findings?: ExpectedFinding[];
  fixes?: ExpectedFix[];
}
export interface RuleCases { valid: RuleCase[]; invalid: RuleCase[] }

function targetOf(c: RuleCase): string {
  if (c.file) return c.file;
  if ('.gitlab-ci.yml' in c.files) return '.gitlab-ci.yml';
  const keys = Object.keys(c.files);
  assert.equal(keys.length, 1, `case '${c.name}' must name its file`);
  return keys[0];
}

function fmt(f: Finding): string { return `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.severity} ${f.ruleId}: ${f.message}`; }

export function runValid(ruleId: string, c: RuleCase): void {
  const { findings } = analyze(c.files, targetOf(c), c.options);
  const mine = findings.filter((f) => f.ruleId === ruleId || f.ruleId === 'internal-error');
  assert.deepEqual(mine.map(fmt), [], `'${c.name}' must not fire`);
}

export function runInvalid(ruleId: string, c: RuleCase): void {
  const target = targetOf(c);
  const { findings, fs } = analyze(c.files, target, c.options);
  assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), findings.map(fmt).join('\n'));
  const mine = findings.filter((f) => f.ruleId === ruleId);
  const expected = c.findings ?? [];
  assert.ok(expected.length > 0, `invalid case '${c.name}' must list findings`);
  const got = mine.map((f) => ({ f, key: `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}` }));
  const want = expected.map((e) => `${abs(e.file ?? target)}:${e.line}:${e.column}`);
  assert.deepEqual(got.map((g) => g.key).sort(), [...want].sort(), `'${c.name}' findings:\n${mine.map(fmt).join('\n')}`);
  for (const e of expected) {
    const g = got.find((x) => x.key === `${abs(e.file ?? target)}:${e.line}:${e.column}`)!.f;
    if (e.endLine !== undefined) assert.equal(g.range.end.line + 1, e.endLine, `end line of ${fmt(g)}`);
    if (e.endColumn !== undefined) assert.equal(g.range.end.character + 1, e.endColumn, `end column of ${fmt(g)}`);
    if (e.severity) assert.equal(g.severity, e.severity, `severity of ${fmt(g)}`);
    if (e.message) assert.match(g.message, e.message);
  }
  // every offered fix must be tested
  const offered = mine.flatMap((f) => (f.fixes ?? []).map((fix) => ({ f, fix })));
  const tested = c.fixes ?? [];
  for (const { fix } of offered) {
    assert.ok(tested.some((t) => (typeof t.title === 'string' ? t.title === fix.title : t.title.test(fix.title))), `fix '${fix.title}' offered in '${c.name}' has no expected output`);
  }
  for (const t of tested) {
    const hit = offered.find(({ fix }) => (typeof t.title === 'string' ? t.title === fix.title : t.title.test(fix.title)));
    assert.ok(hit, `expected fix ${t.title} not offered in '${c.name}'; offered: ${offered.map((o) => o.fix.title).join(' | ')}`);
    const copy = new MemoryFs();
    for (const [k, v] of fs.files) copy.files.set(k, v);
    applyFix(copy, hit.fix);
    for (const [file, text] of Object.entries(t.output)) assert.equal(copy.files.get(abs(file)), text, `text of ${file} after '${hit.fix.title}'`);
    const ws2 = new Workspace(copy, { roots: [ROOT], analyze: c.options });
    const after = ws2.analyze(hit.f.file).filter((f) => f.ruleId === ruleId);
    assert.ok(!after.some((f) => f.message === hit.f.message && f.range.start.line === hit.f.range.start.line),
      `finding still there after '${hit.fix.title}':\n${after.map(fmt).join('\n')}`);
    assert.ok(after.length < mine.length || mine.length === 0, `finding count did not drop after '${hit.fix.title}'`);
  }
  // every fix of every finding, safe or suggestion, applied alone: the files it touches parse (TOML also by a second
  // parser), the finding is gone, and no rule brings a new finding the title does not announce (test/fix-check.ts)
  if (offered.length) {
    const opts = { roots: [ROOT], analyze: c.options };
    const before = analyzeAll(fs.files, opts);
    const bad = offered.flatMap(({ f, fix }) => checkFix(fs.files, opts, before, f, fix, effectiveKind(f, fix)).problems.map((p) => `'${fix.title}': ${p}`));
    assert.deepEqual(bad, [], `fixes in '${c.name}' that do not converge`);
  }
}

/** Dedent a template literal: strips the common indentation and the first empty line. */
export function y(strings: TemplateStringsArray, ...vals: unknown[]): string {
  let s = strings.reduce((a, str, i) => a + str + (i < vals.length ? String(vals[i]) : ''), '');
  s = s.replace(/^\n/, '');
  const lines = s.split('\n');
  const ind = Math.min(...lines.filter((l) => l.trim()).map((l) => l.search(/\S/)));
  return lines.map((l) => l.slice(ind)).join('\n').replace(/[ \t]+$/, '');
}
