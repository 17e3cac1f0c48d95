/**
 * Text edits on YAML that keep the file's own style: its indentation step, block vs flow collections, and
 * quoting. Values are rendered by the `yaml` package (no hand-made quoting), then indented into place.
 */
import { Document, isScalar, isSeq, visit, stringify } from 'yaml';
import type { SpanEdit } from '../engine/types';
import { LineIndex, eolOf } from './text';
import type { YEntry, YMap, YScalar, YSeq, YValue } from './yaml';

export class YamlEditor {
  readonly lines: LineIndex;
  readonly eol: string;
  private stepCache: number | undefined;
  constructor(readonly file: string, readonly text: string) {
    this.lines = LineIndex.of(text);
    this.eol = eolOf(text);
  }
  /** The file's indentation step (computed on first use, once per text). */
  get step(): number {
    if (this.stepCache === undefined) {
      let s = stepCache.get(this.text);
      if (s === undefined) { s = detectStep(this.text); if (stepCache.size >= 32) stepCache.delete(stepCache.keys().next().value!); stepCache.set(this.text, s); }
      this.stepCache = s;
    }
    return this.stepCache;
  }

  column(offset: number): number { return this.lines.position(offset).character; }

  /** A scalar rendered as YAML (plain when safe, quoted when needed). */
  scalar(v: string | number | boolean): string {
    if (typeof v !== 'string') return String(v);
    return stringify(v, { lineWidth: 0 }).trimEnd();
  }

  /** Replaces a scalar's value, keeping double/single quotes when the original had them. */
  replaceScalar(node: YScalar, value: string): SpanEdit {
    let newText: string;
    if (node.style === 'double') newText = JSON.stringify(value);
    else if (node.style === 'single') newText = `'${value.replace(/'/g, "''")}'`;
    else newText = this.scalar(value);
    return { file: this.file, start: node.start, end: node.end, newText };
  }

  /** Replaces `find` inside a scalar's source text (e.g. a port inside DOCKER_HOST). */
  replaceInScalar(node: YValue, find: string | RegExp, replacement: string): SpanEdit | undefined {
    const src = this.text.slice(node.start, node.end);
    const m = typeof find === 'string' ? (src.indexOf(find) >= 0 ? { index: src.indexOf(find), 0: find } : null) : find.exec(src);
    if (!m) return undefined;
    const start = node.start + m.index!;
    return { file: this.file, start, end: start + m[0].length, newText: replacement };
  }

  /** End offset of the last line an entry's value occupies (before its line break). */
  private entryLineEnd(e: YEntry): number {
    let end = Math.max(e.value.end, e.keyEnd);
    while (end > e.keyEnd && /[\r\n]/.test(this.text[end - 1])) end--;
    return this.lines.lineEnd(this.lines.position(end).line);
  }

  /**
   * Adds `key: value` to a map (after its last entry, or after `after`). `value` is a scalar or a structure
   * rendered as block YAML; in a flow map it is rendered in flow style.
   */
  insertEntry(map: YMap, key: string, value: unknown, after?: YEntry): SpanEdit {
    const last = after ?? [...map.entries.values()].filter((e) => e.file === this.file).sort((a, b) => b.keyStart - a.keyStart)[0];
    if (map.flow) {
      let close = this.text.lastIndexOf('}', map.end);
      if (map.entries.size) while (close > map.start && /[ \t\r\n]/.test(this.text[close - 1])) close--; // after the last entry: `{ a: 1, b: 2 }`
      const sep = map.entries.size ? ', ' : '';
      return { file: this.file, start: close, end: close, newText: `${sep}${this.key(key)}: ${this.flow(value)}` };
    }
    if (!last) throw new Error('insertEntry needs a block map with an entry');
    const col = this.column(last.keyStart);
    const at = this.entryLineEnd(last);
    return { file: this.file, start: at, end: at, newText: this.eol + this.block(key, value, col) };
  }

  /** Adds `key: value` right after a sibling entry (block or flow map), in the sibling's indentation. */
  insertSibling(e: YEntry, key: string, value: unknown): SpanEdit {
    const before = charBefore(this.text, e.keyStart, false);
    if (before === '{' || before === ',') {
      return { file: this.file, start: e.value.end, end: e.value.end, newText: `, ${this.key(key)}: ${this.flow(value)}` };
    }
    const at = this.entryLineEnd(e);
    return { file: this.file, start: at, end: at, newText: this.eol + this.block(key, value, this.column(e.keyStart)) };
  }

  /** Sets a key of a map: replaces a scalar value in place, or inserts the entry. */
  setEntry(map: YMap, key: string, value: string | number | boolean, after?: YEntry): SpanEdit {
    const e = map.entries.get(key);
    if (e && e.file === this.file && e.value.kind === 'scalar' && e.value.value !== null) return this.replaceScalar(e.value, String(value));
    if (e && e.file === this.file && e.value.kind === 'scalar') return { file: this.file, start: e.keyEnd, end: Math.max(e.keyEnd, e.value.end), newText: `: ${this.scalar(value)}` };
    return this.insertEntry(map, key, value, after);
  }

  /** Renders `key: value` as block YAML at a column (continuation lines indented by the file's step). */
  block(key: string, value: unknown, col: number): string {
    const pad = ' '.repeat(col);
    if (value === null || typeof value !== 'object') return `${pad}${this.key(key)}: ${this.flowScalar(value)}`;
    const body = this.render(value).trimEnd().split('\n');
    return `${pad}${this.key(key)}:` + body.map((l) => this.eol + pad + ' '.repeat(this.step) + l).join('');
  }

  /** Renders a sequence item (`- …`) at the dash column. */
  seqItem(value: unknown, dashCol: number): string {
    const pad = ' '.repeat(dashCol);
    if (value === null || typeof value !== 'object') return `${pad}- ${this.flowScalar(value)}`;
    const body = this.render(value).trimEnd().split('\n');
    return body.map((l, i) => (i === 0 ? `${pad}- ${l}` : `${pad}  ${l}`)).join(this.eol);
  }

  /** Replaces a whole value node (scalar item, map…) by a rendered structure. */
  replaceNode(node: YValue, value: unknown, inFlow: boolean): SpanEdit {
    if (inFlow || typeof value !== 'object' || value === null) return { file: this.file, start: node.start, end: node.end, newText: inFlow ? this.flow(value) : this.flowScalar(value) };
    // block: `- docker:dind` → `- name: docker:dind\n  alias: docker`, aligned under the item's first column
    const col = this.column(node.start);
    const body = this.render(value).trimEnd().split('\n');
    let end = node.end;
    while (end > node.start && /[\r\n]/.test(this.text[end - 1])) end--;
    return { file: this.file, start: node.start, end, newText: body.map((l, i) => (i === 0 ? l : ' '.repeat(col) + l)).join(this.eol) };
  }

  /** Replaces an entry's whole value (block maps get their own indented lines), keeping the key and its line. */
  replaceEntryValue(e: YEntry, value: unknown, flow: boolean): SpanEdit {
    if (flow || value === null || typeof value !== 'object') return { file: this.file, start: e.value.start, end: e.value.end, newText: flow ? this.flow(value) : this.flowScalar(value) };
    let end = Math.max(e.value.end, e.keyEnd);
    while (end > e.keyEnd && /[\r\n]/.test(this.text[end - 1])) end--;
    const col = this.column(e.keyStart);
    const rendered = this.block(e.key, value, col);
    return { file: this.file, start: e.keyEnd, end, newText: rendered.slice(col + this.key(e.key).length) };
  }

  /** Adds an item to a sequence (block or flow). */
  appendItem(seq: YSeq, value: unknown): SpanEdit {
    if (seq.flow) {
      const close = this.text.lastIndexOf(']', seq.end);
      return { file: this.file, start: close, end: close, newText: `${seq.items.length ? ', ' : ''}${this.flow(value)}` };
    }
    const last = seq.items[seq.items.length - 1];
    const dashCol = last ? Math.max(0, this.text.lastIndexOf('-', last.start - 1) - this.lines.lineStarts[this.lines.position(last.start).line]) : 0;
    let end = last ? last.end : seq.end;
    while (end > seq.start && /[\r\n]/.test(this.text[end - 1])) end--;
    const at = this.lines.lineEnd(this.lines.position(end).line);
    return { file: this.file, start: at, end: at, newText: this.eol + this.seqItem(value, dashCol) };
  }

  /**
   * Removes a sequence item: `, item` in a flow sequence, the item's lines in a block one. Undefined when a block
   * item is not alone on its lines (something other than `- ` before it, or more than a comment after it).
   */
  removeItem(seq: YSeq, item: YValue): SpanEdit | undefined {
    if (!seq.flow) return this.removeBlockItem(item);
    let start = item.start, end = item.end;
    const after = this.text.slice(end).match(/^\s*,\s*/);
    if (after) end += after[0].length; else { const before = this.text.slice(0, start).match(/,\s*$/); if (before) start -= before[0].length; }
    return { file: this.file, start, end, newText: '' };
  }

  /** Removes the lines of a block sequence item (`- value`, possibly spanning lines), when it is alone on them. */
  removeBlockItem(item: YValue): SpanEdit | undefined {
    if (item.file !== this.file) return undefined;
    const first = this.lines.position(item.start).line;
    if (!/^\s*-\s+$/.test(this.text.slice(this.lines.lineStarts[first], item.start))) return undefined;
    let end = item.end;
    while (end > item.start && /[\r\n]/.test(this.text[end - 1])) end--;
    const last = this.lines.position(end).line;
    const rest = this.text.slice(end, this.lines.lineEnd(last));
    if (rest.trim() !== '' && !/^\s*#/.test(rest)) return undefined;
    return { file: this.file, start: this.lines.lineStarts[first], end: last + 1 < this.lines.lineCount ? this.lines.lineStarts[last + 1] : this.text.length, newText: '' };
  }

  /** Removes an entry's lines entirely (block maps) or the entry text (flow maps). */
  removeEntry(map: YMap, e: YEntry): SpanEdit {
    if (map.flow) {
      let start = e.keyStart, end = e.value.end;
      const after = this.text.slice(end).match(/^\s*,\s*/);
      if (after) end += after[0].length; else { const before = this.text.slice(0, start).match(/,\s*$/); if (before) start -= before[0].length; }
      return { file: this.file, start, end, newText: '' };
    }
    const startLine = this.lines.position(e.keyStart).line;
    const endOff = this.entryLineEnd(e);
    const endLine = this.lines.position(endOff).line;
    const start = this.lines.lineStarts[startLine];
    const end = endLine + 1 < this.lines.lineCount ? this.lines.lineStarts[endLine + 1] : this.text.length;
    return { file: this.file, start, end, newText: '' };
  }

  /** Block YAML for a structure; short lists of scalars in flow style (`entrypoint: [""]`), as people write them. */
  render(value: unknown): string {
    const doc = new Document(value);
    visit(doc, { Seq(_, node) { if (isSeq(node) && node.items.every((i) => isScalar(i)) && node.items.length <= 4) node.flow = true; } });
    return doc.toString({ indent: this.step, lineWidth: 0, flowCollectionPadding: false });
  }

  private key(k: string): string { return /^[A-Za-z_][\w.-]*$/.test(k) ? k : JSON.stringify(k); }
  private flowScalar(v: unknown): string { return v === null || v === undefined ? 'null' : this.scalar(v as string); }
  flow(v: unknown): string {
    if (v === null || typeof v !== 'object') return this.flowScalar(v);
    if (Array.isArray(v)) return `[${v.map((x) => this.flow(x)).join(', ')}]`;
    return `{ ${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${this.key(k)}: ${this.flow(x)}`).join(', ')} }`;
  }
}

const stepCache = new Map<string, number>();

/**
 * The first character before `offset` that is not white space (spaces and tabs; line breaks too when
 * `acrossLines`): `{`, `[` or `,` there means the node sits in a flow collection.
 */
export function charBefore(text: string, offset: number, acrossLines: boolean): string | undefined {
  const ws = acrossLines ? /[ \t\r\n]/ : /[ \t]/;
  let i = offset - 1;
  while (i >= 0 && ws.test(text[i])) i--;
  return i >= 0 ? text[i] : undefined;
}

/** The file's indentation step: the most common positive indent increase after a line ending in `:`. */
export function detectStep(text: string): number {
  const counts = new Map<number, number>();
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i], b = lines[i + 1];
    if (!/:\s*$/.test(a) || !b.trim() || b.trim().startsWith('#')) continue;
    const d = b.search(/\S/) - a.search(/\S/);
    if (d > 0 && d <= 8 && !b.trim().startsWith('- ')) counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let best = 2, n = 0;
  for (const [d, c] of counts) if (c > n) { best = d; n = c; }
  return best;
}
