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

function counts(fs: readonly Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of fs) m.set(key(f), (m.get(key(f)) ?? 0) + 1);
  return m;
}

/** Findings of `after` beyond those of `before` (by rule, file and message: positions move when text is added). */
export function newFindings(before: readonly Finding[], after: readonly Finding[]): Finding[] {
  const left = counts(before);
  const out: Finding[] = [];
  for (const f of after) {
    const n = left.get(key(f)) ?? 0;
    if (n > 0) left.set(key(f), n - 1); else out.push(f);
  }
  return out;
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
  const stays = (counts(after).get(key(finding)) ?? 0) >= (counts(before).get(key(finding)) ?? 0);
  if (stays) problems.push(`the finding is still there: ${fmt(finding)}`);
  const introduced = newFindings(before, after).filter((f) => f.severity !== 'info' || !fix.title.includes(f.ruleId));
  const broken = [...problems];
  for (const f of introduced) problems.push(`new finding: ${fmt(f)}`);
  return { texts, unparseable, broken, introduced, stays, problems };
}
