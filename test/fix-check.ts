/**
 * The convergence property of a fix, shared by the rule harness and the convergence test: applied on its own to a
 * fresh copy of the files, a fix leaves every file it touches parseable (by the engine's parsers and, for TOML, by
 * the independent `@iarna/toml`), removes its finding, and brings no new finding from any rule that its title does
 * not announce. A title announces a finding by naming its rule: a safe fix may announce only infos (what it reveals,
 * e.g. a push that becomes a checked command), a suggestion may also announce an error or warning that remains to
 * be done elsewhere (e.g. "… (the runner must then …: rule-id)").
 */
import TOML from '@iarna/toml';
import { parseDocument } from 'yaml';
import { Workspace } from '../server/src/engine/workspace';
import { fixTexts, joinEdits, toOffsetEdits, withEol } from '../server/src/engine/fixer';
import { eolOf, LineIndex } from '../server/src/formats/text';
import { parseProblem } from '../server/src/engine/fix-policy';
import type { FileSystem, Finding, Fix, FixKind } from '../server/src/engine/types';
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

/** Where the fix's edits moved text: maps a position of the old text to the new one, or to the edit that replaced it. */
class Shift {
  private readonly edits = new Map<string, { before: LineIndex; after: LineIndex; edits: { start: number; end: number; newStart: number; newEnd: number }[] }>();
  constructor(fix: Fix, read: (file: string) => string | undefined, texts: Map<string, string>) {
    for (const [file, text] of texts) {
      const old = read(file) ?? '';
      const joined = joinEdits(toOffsetEdits(old, fix.edits.filter((g) => g.file === file).flatMap((g) => g.edits))) ?? [];
      let delta = 0;
      const edits = joined.map((e) => {
        const newText = withEol(e.newText, eolOf(old));
        const m = { start: e.start, end: e.end, newStart: e.start + delta, newEnd: e.start + delta + newText.length };
        delta += newText.length - (e.end - e.start);
        return m;
      });
      this.edits.set(file, { before: LineIndex.of(old), after: LineIndex.of(text), edits });
    }
  }
  /** Slot of a finding before the fix: its moved position, or the edit that replaced its start. */
  before(f: Finding): string {
    const e = this.edits.get(f.file);
    if (!e) return `${f.ruleId}|${f.file}|${f.range.start.line}:${f.range.start.character}`;
    const o = e.before.offset(f.range.start);
    let delta = 0;
    for (const [i, x] of e.edits.entries()) {
      if (o < x.start || (o === x.start && x.start === x.end)) break;
      if (o < x.end) return `${f.ruleId}|${f.file}|edit ${i}`;
      delta = x.newEnd - x.end;
    }
    const p = e.after.position(o + delta);
    return `${f.ruleId}|${f.file}|${p.line}:${p.character}`;
  }
  /** Slots a finding after the fix can take: its position, and the edit whose new text holds its start. */
  after(f: Finding): string[] {
    const slots = [`${f.ruleId}|${f.file}|${f.range.start.line}:${f.range.start.character}`];
    const e = this.edits.get(f.file);
    if (e) {
      const o = e.after.offset(f.range.start);
      const i = e.edits.findIndex((x) => o >= x.newStart && (o < x.newEnd || (o === x.newEnd && x.newStart === x.newEnd)));
      if (i >= 0) slots.push(`${f.ruleId}|${f.file}|edit ${i}`);
    }
    return slots;
  }
}

/**
 * Pairs the findings of `after` with those of `before`: by place (positions moved by the fix's edits; a finding whose
 * start the fix rewrote pairs with one that starts in the new text), then by rule, file and message. Returns the
 * findings of `after` left unpaired (new), and whether `finding` was paired by place (it stays).
 */
function pair(before: readonly Finding[], after: readonly Finding[], shift: Shift, finding: Finding): { fresh: Finding[]; stays: boolean } {
  const free = new Map<string, Finding[]>();
  for (const b of before) { const k = shift.before(b); free.set(k, [...(free.get(k) ?? []), b]); }
  const paired = new Set<Finding>();
  const left: Finding[] = [];
  for (const a of after) {
    const k = shift.after(a).find((s) => free.get(s)?.length);
    if (k) paired.add(free.get(k)!.shift()!); else left.push(a);
  }
  const byMessage = new Map<string, number>();
  for (const b of before) if (!paired.has(b)) byMessage.set(key(b), (byMessage.get(key(b)) ?? 0) + 1);
  const fresh = left.filter((a) => {
    const n = byMessage.get(key(a)) ?? 0;
    if (n > 0) { byMessage.set(key(a), n - 1); return false; }
    return true;
  });
  return { fresh, stays: paired.has(finding) };
}

export interface FixOutcome {
  /** The texts after the fix, per file it edits (undefined when it cannot apply). */
  texts?: Map<string, string>;
  /** Files that no longer parse. */
  unparseable: string[];
  /** Why they do not parse, and that the finding stays: what no fix may leave, whatever else it brings. */
  broken: string[];
  /** New findings the title does not announce (see the file's comment). */
  introduced: Finding[];
  /** New findings the title announces. */
  announced: Finding[];
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
export function checkFix(files: Files, opts: WorkspaceOptions, before: readonly Finding[], finding: Finding, fix: Fix, kind: FixKind): FixOutcome {
  const problems: string[] = [];
  const unparseable: string[] = [];
  const texts = fixTexts(fix, (f) => files.get(f));
  if (!texts) {
    const why = `the edits of '${fix.title}' overlap or edit a missing file`;
    return { unparseable, broken: [why], introduced: [], announced: [], stays: true, problems: [why] };
  }
  const copy = new Map(files);
  for (const [file, text] of texts) {
    copy.set(file, text);
    const why = parseProblem(file, text) ?? secondParserProblem(file, text);
    if (why) { unparseable.push(file); problems.push(`${file} no longer parses: ${why}`); }
  }
  const after = analyzeAll(copy, opts);
  const { fresh, stays } = pair(before, after, new Shift(fix, (f) => files.get(f), texts), finding);
  if (stays) problems.push(`the finding is still there: ${fmt(finding)}`);
  const announces = (f: Finding) => fix.title.includes(f.ruleId) && (f.severity === 'info' || kind === 'suggestion');
  const introduced = fresh.filter((f) => !announces(f));
  const announced = fresh.filter(announces);
  const broken = [...problems];
  for (const f of introduced) problems.push(`new finding: ${fmt(f)}`);
  return { texts, unparseable, broken, introduced, announced, stays, problems };
}
