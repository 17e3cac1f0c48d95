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
}

export interface FixOptions {
  /** The fix to apply for a finding; default: its preferred fix. */
  choose?: (finding: Finding) => Fix | undefined;
  /** Passes at most; default {@link MAX_FIX_PASSES}. */
  maxPasses?: number;
}

export interface FixResult {
  /** Findings after the last pass. */
  findings: Finding[];
  /** Findings fixed (a fix offered by several findings counts once per finding). */
  applied: number;
  passes: number;
  /** Files whose text changed, in the order they first changed. */
  changedFiles: string[];
}

/**
 * Applies the chosen fix of each finding, re-analyses, and repeats until a pass changes nothing or
 * {@link FixOptions.maxPasses} passes ran. In one pass a fix applies whole (all its files) or not at all; a fix that
 * conflicts with one already taken in the pass waits for the next pass, where the re-analysis offers it again
 * against the new text if it is still needed.
 */
export function fixUntilStable(host: FixerHost, initial: Finding[], opts: FixOptions = {}): FixResult {
  const choose = opts.choose ?? preferredFix;
  const maxPasses = opts.maxPasses ?? MAX_FIX_PASSES;
  const changedFiles: string[] = [];
  let findings = initial;
  let applied = 0, passes = 0;
  while (passes < maxPasses) {
    const pass = planPass(findings, choose, (file) => host.readFile(file));
    if (pass.files.size === 0) break;
    passes++;
    let changed = false;
    for (const [file, p] of pass.files) {
      const after = applyEdits(p.text, p.edits);
      if (after === p.text) continue;
      host.setText(file, after);
      if (!changedFiles.includes(file)) changedFiles.push(file);
      changed = true;
    }
    if (!changed) break;
    applied += pass.fixed;
    findings = host.analyze();
  }
  return { findings, applied, passes, changedFiles };
}

/** The fixes of one pass: non-conflicting, whole; `fixed` counts the findings they fix. */
function planPass(findings: Finding[], choose: (f: Finding) => Fix | undefined, read: (file: string) => string | undefined): { files: Map<string, PlannedFile>; fixed: number } {
  const files = new Map<string, PlannedFile>();
  const texts = new Map<string, string | undefined>();
  const cachedRead = (file: string) => {
    if (!texts.has(file)) texts.set(file, read(file));
    return texts.get(file);
  };
  const taken = new Set<string>();
  let fixed = 0;
  for (const f of findings) {
    const fix = choose(f);
    if (!fix) continue;
    const key = JSON.stringify(fix.edits);
    if (taken.has(key)) { fixed++; continue; } // the same fix offered by two findings
    const planned = planFix(fix, cachedRead);
    if (!planned) continue;
    const conflicts = [...planned].some(([file, p]) => p.edits.some((e) => (files.get(file)?.edits ?? []).some((t) => editsConflict(e, t))));
    if (conflicts) continue;
    for (const [file, p] of planned) {
      const prev = files.get(file);
      files.set(file, { text: p.text, edits: [...(prev?.edits ?? []), ...p.edits] });
    }
    taken.add(key);
    fixed++;
  }
  return { files, fixed };
}

/** The fix a front end applies on its own: the one marked preferred. */
export function preferredFix(f: Finding): Fix | undefined {
  return f.fixes?.find((x) => x.preferred);
}
