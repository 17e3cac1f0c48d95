import type { Position, Range } from '../engine/types';

/**
 * A value quoted in a headline, cut to `max` characters (ending with `…`), so that a long image name or path does
 * not push the headline past 100 characters.
 */
export function clip(value: string | undefined, max = 36): string {
  value ??= '';
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/**
 * The last few values memoised per text, bounded by count and by the characters of the texts they belong to (the
 * newest is always kept): the versions of a large file being edited are not all kept alive by a memo.
 */
export class RecentByText<V> {
  private readonly map = new Map<string, { value: V; chars: number }>();
  private chars = 0;
  constructor(private readonly maxEntries: number, private readonly maxChars = 2 * 1024 * 1024) {}
  get(key: string): V | undefined { return this.map.get(key)?.value; }
  /** Keeps `value` for `key`; `chars`: the length of the text it holds or belongs to. */
  set(key: string, value: V, chars: number): void {
    const old = this.map.get(key);
    if (old) { this.chars -= old.chars; this.map.delete(key); }
    this.map.set(key, { value, chars });
    this.chars += chars;
    for (const [k, v] of this.map) {
      if (this.map.size <= 1 || (this.map.size <= this.maxEntries && this.chars <= this.maxChars)) break;
      this.map.delete(k);
      this.chars -= v.chars;
    }
  }
  get size(): number { return this.map.size; }
  clear(): void { this.map.clear(); this.chars = 0; }
}

/** Maps offsets of a text to zero-based line/character positions and back (binary search over line starts). */
export class LineIndex {
  private static readonly recent = new RecentByText<LineIndex>(32);
  /** A shared index for a text: the last few texts are kept ({@link RecentByText}; V8 caches a string's hash, so lookups are cheap). */
  static of(text: string): LineIndex {
    let li = LineIndex.recent.get(text);
    if (!li) {
      li = new LineIndex(text);
      LineIndex.recent.set(text, li, text.length);
    }
    return li;
  }
  /** Offsets where lines start (a typed array: half the memory of an array of numbers on a large file). */
  readonly lineStarts: Uint32Array;
  constructor(readonly text: string) {
    let n = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    const starts = new Uint32Array(n);
    for (let i = text.indexOf('\n'), k = 1; i >= 0; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
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
