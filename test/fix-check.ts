/**
 * The convergence property of a fix, shared by the rule harness and the convergence test: applied on its own to a
 * fresh copy of the files, a fix leaves every file it touches parseable (by the engine's parsers and, for TOML, by
 * the independent `@iarna/toml`), removes its finding, and brings no new error or warning from any rule. A new info
 * is allowed only when the fix's title names its rule.
 */
import TOML from '@iarna/toml';
import { parseDocument } from 'yaml';
import { Workspace } from '../server/src/engine/workspace';
import { fixTexts } from '../server/src/engine/fixer';
import { parseProblem } from '../server/src/engine/fix-policy';
import type { FileSystem, Finding, Fix } from '../server/src/engine/types';
import type { WorkspaceOptions } from '../server/src/engine/workspace-api';

/** In-memory files by absolute path. */
export type Files = Map<string, string>;

export function filesFs(files: Files): FileSystem {
  return {
    readFile: (p) => files.get(p),
    listFiles: (dir) => [...files.keys()].filter((f) => f.startsWith(dir + '/')),
  };
}

/** Every finding of every file the engine serves in `files` (CI files, includes, runner configs, Helm values). */
export function analyzeAll(files: Files, opts: WorkspaceOptions): Finding[] {
  const ws = new Workspace(filesFs(files), opts);
  const d = ws.discover();
  const served = new Set([...d.ciFiles, ...d.runnerConfigs, ...d.helmValues]);
  for (const f of files.keys()) if (ws.kindOf(f)) served.add(f);
  return [...served].sort().flatMap((f) => ws.analyze(f));
}

/**
 * Why `@iarna/toml` rejects a TOML text, or undefined. Go template actions of a Helm `runners.config`
 * (`{{ .Values.x }}`) are not TOML: one that stands for a whole value is read as a string, one inside a string
 * is kept (it is just text there).
 */
export function secondTomlProblem(toml: string): string | undefined {
  const text = toml.replace(/(=[ \t]*)\{\{[^\n]*?\}\}/g, '$1"template"');
  try { TOML.parse(text); return undefined; } catch (e) { return (e as Error).message.split('\n')[0]; }
}

/**
 * Every TOML text inside a file (the whole of a `.toml`, the `runners.config` string of Helm values), checked by the
 * second parser; undefined when they all parse (or the file holds none).
 */
export function secondParserProblem(file: string, text: string): string | undefined {
  if (/\.toml$/i.test(file)) return secondTomlProblem(text.replace(/^\uFEFF/, ''));
  if (/\.ya?ml$/i.test(file)) {
    const doc = parseDocument(text.replace(/^\uFEFF/, ''));
    if (doc.errors.length) return undefined; // the engine's own YAML check reports it
    const config = (doc.toJS() as { runners?: { config?: unknown } } | null)?.runners?.config;
    if (typeof config === 'string') {
      const why = secondTomlProblem(config);
      return why && `runners.config: ${why}`;
    }
  }
  return undefined;
}

const key = (f: Finding) => `${f.ruleId}\u0000${f.file}\u0000${f.message}`;
const ruleKey = (f: Finding) => `${f.ruleId}\u0000${f.file}`;

function counts(fs: readonly Finding[], k: (f: Finding) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of fs) m.set(k(f), (m.get(k(f)) ?? 0) + 1);
  return m;
}

/** Takes from `left` (counts by `k`) one finding like `f`; false when none is left. */
function take(left: Map<string, number>, k: (f: Finding) => string, f: Finding): boolean {
  const n = left.get(k(f)) ?? 0;
  if (n === 0) return false;
  left.set(k(f), n - 1);
  return true;
}

/**
 * Findings of `after` that were not in `before`. Positions move when text is added, and a message names the values a
 * fix just changed (an image tag, a port), so a finding of `after` is the same as one of `before` when rule, file and
 * message agree, or else when rule and file agree and a finding of that rule in that file is left unmatched.
 */
export function newFindings(before: readonly Finding[], after: readonly Finding[]): Finding[] {
  const exact = counts(before, key);
  const unmatched = after.filter((f) => !take(exact, key, f));
  const byRule = new Map<string, number>();
  for (const f of before) if ((exact.get(key(f)) ?? 0) > 0) { exact.set(key(f), exact.get(key(f))! - 1); byRule.set(ruleKey(f), (byRule.get(ruleKey(f)) ?? 0) + 1); }
  return unmatched.filter((f) => !take(byRule, ruleKey, f));
}

export interface FixOutcome {
  /** The texts after the fix, per file it edits (undefined when it cannot apply). */
  texts?: Map<string, string>;
  /** Files that no longer parse. */
  unparseable: string[];
  /** Why they do not parse, and that the finding stays: what no fix may leave, whatever else it brings. */
  broken: string[];
  /** New errors and warnings, and new infos the title does not name. */
  introduced: Finding[];
  /** The finding is still there. */
  stays: boolean;
  /** Every problem, as readable lines (empty: the fix converges). */
  problems: string[];
}

export function fmt(f: Finding): string {
  return `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId}: ${f.message.slice(0, 160)}`;
}

/**
 * Applies `fix` (offered for `finding`, with `before` the findings of every file, analysed with `opts`) to a fresh
 * copy of `files` and checks the convergence property.
 */
export function checkFix(files: Files, opts: WorkspaceOptions, before: readonly Finding[], finding: Finding, fix: Fix): FixOutcome {
  const problems: string[] = [];
  const unparseable: string[] = [];
  const texts = fixTexts(fix, (f) => files.get(f));
  if (!texts) {
    const why = `the edits of '${fix.title}' overlap or edit a missing file`;
    return { unparseable, broken: [why], introduced: [], stays: true, problems: [why] };
  }
  const copy = new Map(files);
  for (const [file, text] of texts) {
    copy.set(file, text);
    const why = parseProblem(file, text) ?? secondParserProblem(file, text);
    if (why) { unparseable.push(file); problems.push(`${file} no longer parses: ${why}`); }
  }
  const after = analyzeAll(copy, opts);
  // gone: fewer findings with its message, and fewer of its rule in its file (not the same problem reworded)
  const fewer = (k: (f: Finding) => string) => (counts(after, k).get(k(finding)) ?? 0) < (counts(before, k).get(k(finding)) ?? 0);
  const stays = !fewer(key) || !fewer(ruleKey);
  if (stays) problems.push(`the finding is still there: ${fmt(finding)}`);
  const introduced = newFindings(before, after).filter((f) => f.severity !== 'info' || !fix.title.includes(f.ruleId));
  const broken = [...problems];
  for (const f of introduced) problems.push(`new finding: ${fmt(f)}`);
  return { texts, unparseable, broken, introduced, stays, problems };
}
