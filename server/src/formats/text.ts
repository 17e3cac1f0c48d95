import type { Position, Range } from '../engine/types';

/**
 * A value quoted in a headline, cut to `max` characters (ending with `…`), so that a long image name or path does
 * not push the headline past 100 characters.
 */
export function clip(value: string | undefined, max = 36): string {
  value ??= '';
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** Maps offsets of a text to zero-based line/character positions and back (binary search over line starts). */
export class LineIndex {
  private static readonly recent = new Map<string, LineIndex>();
  /** A shared index for a text (the last few texts are kept; V8 caches a string's hash, so lookups are cheap). */
  static of(text: string): LineIndex {
    let li = LineIndex.recent.get(text);
    if (!li) {
      li = new LineIndex(text);
      if (LineIndex.recent.size >= 32) LineIndex.recent.delete(LineIndex.recent.keys().next().value!);
      LineIndex.recent.set(text, li);
    }
    return li;
  }
  readonly lineStarts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    this.lineStarts = starts;
  }
  get lineCount(): number { return this.lineStarts.length; }
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0, hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid; else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo] };
  }
  offset(pos: Position): number {
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[Math.max(0, pos.line)];
    return Math.min(start + pos.character, this.lineEnd(pos.line));
  }
  range(start: number, end: number): Range { return { start: this.position(start), end: this.position(end) }; }
  /** Offset of the end of a line, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] - 1 : this.text.length;
    return next > this.lineStarts[line] && this.text.charCodeAt(next - 1) === 13 ? next - 1 : next;
  }
  lineText(line: number): string { return this.text.slice(this.lineStarts[line], this.lineEnd(line)); }
  /** Leading whitespace of a line. */
  indentOf(line: number): string { return /^[ \t]*/.exec(this.lineText(line))![0]; }
}

/** The line break a text uses (the first one found), for edits that add lines in the file's own style. */
export function eolOf(text: string): string { return text.includes('\r\n') ? '\r\n' : '\n'; }
