// The Severity/Files/Quick fix header of every rule page (docs/rules/<id>.md, the paragraph that starts with
// `**Severity:**` right under the title), rendered from the rule's own metadata and from what its test cases show:
// - Severity: the rule's default severity, plus any other severity its firing cases report;
// - Files: the file kinds the rule reads (`rule.fileKinds`), and whether a firing case needs a runner config beside
//   the CI file;
// - Quick fix: the kinds (safe / suggestion) of the fixes the engine offers in the rule's firing cases.
// `npm run docs:headers` rewrites the headers and the README's quick-fix table (rule → fix titles → safe or
// suggestion, from the same cases); test/docs-pages.test.ts fails when one is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../server/src/rules';
import type { Rule } from '../server/src/engine/rule';
import type { FileKind, FixKind, Severity } from '../server/src/engine/types';
import { abs, analyze, type RuleCase, type RuleCases } from '../test/harness';

export const DOCS = join(__dirname, '..', 'docs', 'rules');
const CASES = join(__dirname, '..', 'test', 'rules');

export interface RuleFacts { severities: Severity[]; fixKinds: FixKind[]; withRunnerConfig: boolean }

function targetOf(c: RuleCase): string {
  if (c.file) return c.file;
  if ('.gitlab-ci.yml' in c.files) return '.gitlab-ci.yml';
  return Object.keys(c.files)[0];
}

/** What the rule's firing cases show: the severities reported, the kinds of fixes offered, a runner config needed. */
export function factsOf(rule: Rule, cases: RuleCases): RuleFacts {
  const severities = new Set<Severity>([rule.severity]);
  const fixKinds = new Set<FixKind>();
  let withRunnerConfig = false;
  for (const c of cases.invalid) {
    const target = targetOf(c);
    const { findings, ws } = analyze(c.files, target, c.options);
    const mine = findings.filter((f) => f.ruleId === rule.id);
    for (const f of mine) {
      severities.add(f.severity);
      for (const fix of f.fixes ?? []) fixKinds.add(fix.kind ?? 'safe');
    }
    if (mine.length && ws.kindOf(abs(target)) === 'gitlab-ci') {
      const kinds = Object.keys(c.files).map((p) => ws.kindOf(abs(p)));
      if (kinds.includes('runner-config') || kinds.includes('helm-values')) withRunnerConfig = true;
    }
  }
  const order: Severity[] = ['error', 'warning', 'info'];
  return {
    severities: [rule.severity, ...order.filter((s) => s !== rule.severity && severities.has(s))],
    fixKinds: (['safe', 'suggestion'] as const).filter((k) => fixKinds.has(k)),
    withRunnerConfig,
  };
}

const FILES: Record<FileKind, string> = {
  'gitlab-ci': '`.gitlab-ci.yml` and its local includes',
  'runner-config': '`config.toml` and the `runners.config` of Helm values',
  'helm-values': 'gitlab-runner Helm values (`values.yaml`)',
};

/** The header paragraph of a rule page. */
export function renderHeader(rule: Rule, facts: RuleFacts): string {
  const [def, ...other] = facts.severities;
  const severity = other.length ? `${def} by default (${other.join(' or ')} in some cases)` : def;
  let files = rule.fileKinds.map((k) => FILES[k]).join('; ');
  if (facts.withRunnerConfig && !rule.fileKinds.includes('runner-config')) files += ', read with the runner config';
  const fix = facts.fixKinds.length === 0 ? 'none'
    : facts.fixKinds.length === 2 ? 'safe and suggestion (a suggestion is applied only when asked)'
      : facts.fixKinds[0] === 'safe' ? 'safe (applied by `--fix` and Fix All)' : 'suggestion (applied only when asked)';
  return `**Severity:** ${severity} · **Files:** ${files} · **Quick fix:** ${fix}`;
}

/** The fixes a rule's firing cases offer, by title (first seen first), with the kind the engine gives each. */
export function fixesOf(rule: Rule, cases: RuleCases): Map<string, FixKind> {
  const out = new Map<string, FixKind>();
  for (const c of cases.invalid) {
    for (const f of analyze(c.files, targetOf(c), c.options).findings.filter((x) => x.ruleId === rule.id)) {
      for (const fix of f.fixes ?? []) if (!out.has(fix.title)) out.set(fix.title, fix.kind ?? 'safe');
    }
  }
  return out;
}

export const FIXES_START = '<!-- fixes:start -->', FIXES_END = '<!-- fixes:end -->';

/**
 * The README's quick-fix table: every rule with fixes, the fix titles its test cases show (values such as image and
 * job names are those of the cases) under safe or suggestion.
 */
export async function fixTable(): Promise<string> {
  const cell = (titles: string[]) => titles.map((t) => t.replace(/\|/g, '\\|')).join('<br>') || '—';
  const rows: string[] = [];
  for (const rule of rules) {
    const fixes = fixesOf(rule, await casesOf(rule));
    if (!fixes.size) continue;
    const of = (k: FixKind) => [...fixes].filter(([, kind]) => kind === k).map(([t]) => t);
    rows.push(`| [\`${rule.id}\`](docs/rules/${rule.id}.md) | ${cell(of('safe'))} | ${cell(of('suggestion'))} |`);
  }
  return ['| rule | safe fixes (`--fix`, Fix All) | suggestions (`--fix-suggestions`, or picked in the editor) |', '|---|---|---|', ...rows].join('\n');
}

export function withFixTable(readme: string, table: string): string {
  const a = readme.indexOf(FIXES_START), b = readme.indexOf(FIXES_END);
  if (a < 0 || b < 0) throw new Error('README.md has no fixes markers');
  return readme.slice(0, a + FIXES_START.length) + '\n' + table + '\n' + readme.slice(b);
}

export async function casesOf(rule: Rule): Promise<RuleCases> {
  return ((await import(join(CASES, `${rule.id}.cases.ts`))) as { cases: RuleCases }).cases;
}

export async function headerOf(rule: Rule): Promise<string> { return renderHeader(rule, factsOf(rule, await casesOf(rule))); }

/** The header paragraph of a page (from `**Severity:**` to the next blank line), as [start, end) offsets. */
export function headerSpan(md: string): [number, number] | undefined {
  const m = /^\*\*Severity:\*\*/m.exec(md);
  if (!m) return undefined;
  const end = md.indexOf('\n\n', m.index);
  return [m.index, end < 0 ? md.length : end];
}

export function withHeader(md: string, header: string): string {
  const span = headerSpan(md);
  if (span) return md.slice(0, span[0]) + header + md.slice(span[1]);
  const title = md.indexOf('\n');
  return md.slice(0, title + 1) + '\n' + header + '\n' + md.slice(title + 1);
}

if (process.argv.includes('--write')) {
  void (async () => {
    let changed = 0;
    for (const rule of rules) {
      const p = join(DOCS, `${rule.id}.md`);
      const md = readFileSync(p, 'utf8');
      const next = withHeader(md, await headerOf(rule));
      if (next !== md) { writeFileSync(p, next); changed++; console.log(`updated docs/rules/${rule.id}.md`); }
    }
    console.log(`${changed} of ${rules.length} rule page headers updated`);
    const readme = join(__dirname, '..', 'README.md');
    const md = readFileSync(readme, 'utf8');
    const next = withFixTable(md, await fixTable());
    if (next !== md) { writeFileSync(readme, next); console.log('updated the quick-fix table in README.md'); }
  })();
}
