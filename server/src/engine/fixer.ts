/**
 * The one fixer. Every front end applies edits through this module: the CLI's `--fix`, the language server's
 * "fix all", the rule-test harness and the picker's previews.
 *
 * - {@link applyEdits} applies non-overlapping offset edits to a text, in the text's own line endings;
 * - {@link fixUntilStable} applies one fix per finding, re-analyses and repeats (at most {@link MAX_FIX_PASSES}
 *   passes) until no fix applies, all-or-nothing per fix across its files.
 *
 * Pure: files come and go through a {@link FixerHost}; nothing here touches the disk.
 */
import { eolOf, LineIndex } from '../formats/text';
import { autoFix, parseProblem } from './fix-policy';
import type { Finding, Fix, TextEdit } from './types';

/** Passes of fix → re-analyse (a fix may reveal or enable another). */
export const MAX_FIX_PASSES = 10;

/** A change of a text by offsets: replace `[start, end)` by `newText` (an insertion when `start === end`). */
export interface OffsetEdit { start: number; end: number; newText: string }

// ---------------------------------------------------------------------------------------------------------------
// Edits of one text

/**
 * The edits of one change, sorted, with edits that touch each other (a replacement and an insertion at its end, two
 * insertions at one offset, adjacent replacements) joined into one edit, in the order they were given.
 * Undefined when two edits share a character (a real overlap: no order makes sense of it).
 */
export function joinEdits(edits: readonly OffsetEdit[]): OffsetEdit[] | undefined {
  // By offset; at one offset insertions first (in the order given), then the replacement that starts there.
  const isInsert = (e: OffsetEdit) => (e.start === e.end ? 0 : 1);
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || isInsert(a.e) - isInsert(b.e) || a.i - b.i).map((x) => x.e);
  const out: OffsetEdit[] = [];
  for (const e of sorted) {
    if (e.end < e.start) return undefined;
    const last = out[out.length - 1];
    if (last && e.start < last.end) return undefined;
    if (last && e.start === last.end) out[out.length - 1] = { start: last.start, end: e.end, newText: last.newText + e.newText };
    else out.push({ ...e });
  }
  return out;
}

/** Two changes conflict when their ranges share a character, or one inserts inside or at an edge of the other. */
export function editsConflict(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  if (a.start === a.end) return a.start >= b.start && a.start <= b.end;
  if (b.start === b.end) return b.start >= a.start && b.start <= a.end;
  return Math.max(a.start, b.start) < Math.min(a.end, b.end);
}

/**
 * Applies edits to a text. Edits that touch are joined ({@link joinEdits}); overlapping edits throw. Line breaks in
 * inserted text follow the text's own style (a CRLF file gets CRLF), so untouched lines and new lines agree.
 */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  const joined = joinEdits(edits);
  if (!joined) throw new Error('applyEdits: overlapping edits');
  const eol = eolOf(text);
  let out = '';
  let at = 0;
  for (const e of joined) {
    out += text.slice(at, e.start) + withEol(e.newText, eol);
    at = e.end;
  }
  return out + text.slice(at);
}

/** Line breaks of `s` in the style `eol`. */
export function withEol(s: string, eol: string): string {
  return eol === '\r\n' ? s.replace(/\r?\n/g, '\r\n') : s;
}

/** LSP-style edits (line/character) of a text as offset edits. */
export function toOffsetEdits(text: string, edits: readonly TextEdit[]): OffsetEdit[] {
  const lines = LineIndex.of(text);
  return edits.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText }));
}

/**
 * The texts a fix produces, per file it edits; `read` gives the current texts (undefined: the file does not exist,
 * and then only insertions at its very start make sense: the fix creates it). Undefined when the fix cannot apply
 * (its edits overlap, or it edits inside a file that does not exist).
 */
export function fixTexts(fix: Fix, read: (file: string) => string | undefined): Map<string, string> | undefined {
  const planned = planFix(fix, read);
  if (!planned) return undefined;
  const out = new Map<string, string>();
  for (const [file, p] of planned) out.set(file, applyEdits(p.text, p.edits));
  return out;
}

interface PlannedFile { text: string; edits: OffsetEdit[] }

/** A fix's edits as joined offset edits per file, or undefined when it cannot apply. */
function planFix(fix: Fix, read: (file: string) => string | undefined): Map<string, PlannedFile> | undefined {
  const byFile = new Map<string, TextEdit[]>();
  for (const group of fix.edits) byFile.set(group.file, [...(byFile.get(group.file) ?? []), ...group.edits]);
  const out = new Map<string, PlannedFile>();
  for (const [file, edits] of byFile) {
    let text: string | undefined;
    try { text = read(file); } catch { return undefined; }
    if (text === undefined) {
      const atStart = edits.every((e) => e.range.start.line === 0 && e.range.start.character === 0 && e.range.end.line === 0 && e.range.end.character === 0);
      if (!atStart) return undefined;
      text = '';
    }
    const joined = joinEdits(toOffsetEdits(text, edits));
    if (!joined) return undefined;
    out.set(file, { text, edits: joined });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Fixing until stable

/** What the fixer needs from a front end: current texts, a place to put new ones, and a fresh analysis. */
export interface FixerHost {
  /** The current text of a file (after the fixes applied so far). */
  readFile(file: string): string | undefined;
  /** Records a file's new text (in memory; the front end decides when and whether to write it) and tells the engines. */
  setText(file: string, text: string): void;
  /** Findings of every file being fixed, against the current texts. */
  analyze(): Finding[];
  /** Why a text does not parse as its file's kind, or undefined (default: {@link parseProblem} by file name). */
  parseProblem?(file: string, text: string): string | undefined;
  /** Why the fixer must not edit a file for a finding (outside the project, bytes it cannot keep…), or undefined. */
  mayNotEdit?(file: string, finding: Finding): string | undefined;
}

export interface FixOptions {
  /** The fix to apply for a finding; default: its preferred fix when it is safe ({@link autoFix}). */
  choose?: (finding: Finding) => Fix | undefined;
  /** Passes at most; default {@link MAX_FIX_PASSES}. */
  maxPasses?: number;
}

/** A fix the fixer did not apply, and why (`file`: the file the reason is about). */
export interface SkippedFix { finding: Finding; fix: Fix; file: string; reason: string }

export interface FixResult {
  /** Findings after the last pass. */
  findings: Finding[];
  /** Fixes applied (a fix offered by several findings counts once per finding). */
  applied: number;
  /** Problems of the first analysis that are gone after the last pass: what "Fixed N problems" counts. */
  fixed: number;
  passes: number;
  /** Files whose text changed, in the order they first changed. */
  changedFiles: string[];
  /** Fixes not applied: their file does not parse or would not parse after them, may not be edited, or repeat an insertion. */
  skipped: SkippedFix[];
  /** Why the loop stopped before it was stable, when it did. */
  stopped?: string;
}

/**
 * Applies the chosen fix of each finding, re-analyses, and repeats until a pass changes nothing or
 * {@link FixOptions.maxPasses} passes ran. In one pass a fix applies whole (all its files) or not at all; a fix that
 * conflicts with one already taken in the pass waits for the next pass, where the re-analysis offers it again
 * against the new text if it is still needed.
 *
 * Guards: no fix touches a file that does not parse, and a fix after which a file would no longer parse is dropped;
 * a file the host refuses ({@link FixerHost.mayNotEdit}) is not edited; a fix that would insert, in a file, text an
 * earlier pass already inserted there is not applied and the loop stops (a fix that does not converge).
 */
export function fixUntilStable(host: FixerHost, initial: Finding[], opts: FixOptions = {}): FixResult {
  const choose = opts.choose ?? ((f: Finding) => autoFix(f, 'safe'));
  const maxPasses = opts.maxPasses ?? MAX_FIX_PASSES;
  const problemOf = (file: string, text: string) => (host.parseProblem ? host.parseProblem(file, text) : parseProblem(file, text));
  const changedFiles: string[] = [];
  const skipped: SkippedFix[] = [];
  const inserted = new Set<string>();
  let findings = initial;
  let applied = 0, passes = 0;
  let stopped: string | undefined;
  while (passes < maxPasses && !stopped) {
    const pass = planPass(findings, choose, host, problemOf, inserted, skipped);
    if (pass.repeated) stopped = `'${pass.repeated.fix.title}' would insert again what an earlier pass inserted`;
    if (pass.files.size === 0) break;
    passes++;
    let changed = false;
    for (const [file, p] of pass.files) {
      if (p.after === p.text) continue;
      host.setText(file, p.after);
      if (!changedFiles.includes(file)) changedFiles.push(file);
      changed = true;
    }
    for (const key of pass.inserts) inserted.add(key);
    if (!changed) break;
    applied += pass.fixed;
    findings = host.analyze();
  }
  return { findings, applied, fixed: resolved(initial, findings), passes, changedFiles, skipped, stopped };
}

interface PassFile extends PlannedFile { after: string }

/**
 * The fixes of one pass: whole, not conflicting with each other, each file parsing before and after; `fixed` counts
 * the findings they fix, `inserts` what they insert, `repeated` the first fix that would insert again.
 */
function planPass(
  findings: Finding[], choose: (f: Finding) => Fix | undefined, host: FixerHost, problemOf: (file: string, text: string) => string | undefined,
  inserted: ReadonlySet<string>, skipped: SkippedFix[],
): { files: Map<string, PassFile>; fixed: number; inserts: string[]; repeated?: { fix: Fix; file: string } } {
  const candidates: Candidate[] = [];
  const duplicates: string[] = [];
  const edits = new Map<string, OffsetEdit[]>();
  const texts = new Map<string, string | undefined>();
  const read = (file: string) => {
    if (!texts.has(file)) texts.set(file, host.readFile(file));
    return texts.get(file);
  };
  const parsesNow = new Map<string, string | undefined>();
  const problemNow = (file: string, text: string) => {
    if (!parsesNow.has(file)) parsesNow.set(file, text === '' && read(file) === undefined ? undefined : problemOf(file, text));
    return parsesNow.get(file);
  };
  const taken = new Set<string>();
  const inserts: string[] = [];
  let repeated: { fix: Fix; file: string } | undefined;
  const skip = (finding: Finding, fix: Fix, file: string, reason: string) => {
    if (!skipped.some((s) => s.fix.title === fix.title && s.file === file && s.reason === reason)) skipped.push({ finding, fix, file, reason });
  };
  for (const f of findings) {
    const fix = choose(f);
    if (!fix) continue;
    const key = JSON.stringify(fix.edits);
    if (taken.has(key)) { duplicates.push(key); continue; } // the same fix offered by two findings
    const planned = planFix(fix, read);
    if (!planned) { skip(f, fix, f.file, 'its edits overlap, or edit inside a file that does not exist'); continue; }
    const refused = [...planned.keys()].map((file) => ({ file, why: host.mayNotEdit?.(file, f) })).find((x) => x.why);
    if (refused) { skip(f, fix, refused.file, refused.why!); continue; }
    const broken = [...planned].map(([file, p]) => ({ file, why: problemNow(file, p.text) })).find((x) => x.why);
    if (broken) { skip(f, fix, broken.file, `the file does not parse (${broken.why})`); continue; }
    const again = fix.edits.flatMap((g) => g.edits.filter(isInsertion).map((e) => ({ file: g.file, key: insertKey(g.file, e.newText) }))).find((x) => inserted.has(x.key));
    if (again) { skip(f, fix, again.file, 'it would insert again what an earlier pass inserted (the fix does not converge)'); repeated ??= { fix, file: again.file }; continue; }
    const conflicts = [...planned].some(([file, p]) => p.edits.some((e) => (edits.get(file) ?? []).some((t) => editsConflict(e, t))));
    if (conflicts) continue; // next pass
    for (const [file, p] of planned) edits.set(file, [...(edits.get(file) ?? []), ...p.edits]);
    candidates.push({ finding: f, fix, planned });
    taken.add(key);
  }
  // Every file must still parse after the pass. Usually it does: one parse per file. When one would not, the pass is
  // built again fix by fix, leaving out each fix after which a file would not parse.
  const whole = trial(candidates, problemOf);
  const files = whole.ok ? whole.files : new Map<string, PassFile>();
  const kept = whole.ok ? candidates : [];
  if (!whole.ok) {
    for (const c of candidates) {
      const t = trial([...kept, c], problemOf);
      if (t.ok) { kept.push(c); for (const [file, p] of t.files) files.set(file, p); } else skip(c.finding, c.fix, t.file, t.why);
    }
  }
  for (const c of kept) for (const g of c.fix.edits) for (const e of g.edits) if (isInsertion(e)) inserts.push(insertKey(g.file, e.newText));
  const fixed = kept.length + duplicates.filter((k) => kept.some((c) => JSON.stringify(c.fix.edits) === k)).length;
  return { files, fixed, inserts, repeated };
}

interface Candidate { finding: Finding; fix: Fix; planned: Map<string, PlannedFile> }

/** The texts a set of fixes makes together, when every file they edit parses after them. */
function trial(fixes: readonly Candidate[], problemOf: (file: string, text: string) => string | undefined): { ok: true; files: Map<string, PassFile> } | { ok: false; file: string; why: string } {
  const files = new Map<string, PassFile>();
  for (const c of fixes) {
    for (const [file, p] of c.planned) files.set(file, { text: p.text, edits: [...(files.get(file)?.edits ?? []), ...p.edits], after: '' });
  }
  for (const [file, p] of files) {
    p.after = applyEdits(p.text, p.edits);
    const why = p.after === p.text ? undefined : problemOf(file, p.after);
    if (why) return { ok: false, file, why: `the file would no longer parse (${why})` };
  }
  return { ok: true, files };
}

function isInsertion(e: TextEdit): boolean {
  return e.range.start.line === e.range.end.line && e.range.start.character === e.range.end.character && e.newText.trim() !== '';
}

function insertKey(file: string, newText: string): string {
  return `${file}\u0000${newText}`;
}

/** How many findings of `before` are not in `after` (by rule, file and message: positions move when text is added). */
export function resolved(before: readonly Finding[], after: readonly Finding[]): number {
  const left = new Map<string, number>();
  const key = (f: Finding) => `${f.ruleId}\u0000${f.file}\u0000${f.message}`;
  for (const f of after) left.set(key(f), (left.get(key(f)) ?? 0) + 1);
  let gone = 0;
  for (const f of before) {
    const n = left.get(key(f)) ?? 0;
    if (n > 0) left.set(key(f), n - 1); else gone++;
  }
  return gone;
}
