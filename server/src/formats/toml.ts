/**
 * TOML with origins, for GitLab Runner configs. `toml-eslint-parser` (TOML 1.0, AST with ranges) parses; this
 * module builds a tree of tables whose every key and value keeps its offsets in the *file* (for Helm values the
 * offsets of the embedded TOML are mapped back into values.yaml), and offers the edit helpers quick fixes use to
 * add keys and tables in the file's own indentation.
 */
import { parseTOML } from 'toml-eslint-parser';
import type { SpanEdit } from '../engine/types';
import { LineIndex, eolOf } from './text';
import { checkText, MAX_TOML_FILE_BYTES } from './yaml';

export interface TBase { file: string; start: number; end: number }
export interface TEntry { key: string; keyStart: number; keyEnd: number; value: TValue; /** the whole `key = value` */ start: number; end: number }
export interface TTable extends TBase {
  kind: 'table';
  entries: Map<string, TEntry>;
  /** `[a.b]` / `[[a.b]]` header span, when the table has one. */
  header?: { start: number; end: number };
  style: 'root' | 'header' | 'inline' | 'implicit';
  /** End of the last `key = value` written directly in this table (or of its header): where new keys go. */
  bodyEnd: number;
  /** The dotted path of the table, e.g. `runners.kubernetes`. */
  path: string;
}
export interface TArray extends TBase { kind: 'array'; items: TValue[]; ofTables: boolean }
export interface TScalar extends TBase { kind: 'scalar'; value: string | number | boolean; raw: string }
export type TValue = TTable | TArray | TScalar;

export interface TomlProblem {
  message: string; start: number; end: number;
  /** The message is a whole sentence about the file (a limit, a wrongly typed Helm value), not a parser error. */
  complete?: boolean;
  /** One sentence of at most 100 characters saying what is wrong and what breaks; `message` is then the detail after it. */
  headline?: string;
}

export interface TomlDoc {
  file: string;
  /** The whole file's text (values.yaml for embedded TOML). */
  fileText: string;
  /** The TOML text as parsed (for Helm: de-indented, Go templates neutralised). */
  toml: string;
  root: TTable | undefined;
  problems: TomlProblem[];
  lines: LineIndex;
  eol: string;
  /** Embedded TOML: indentation that every TOML line carries in the file. */
  baseIndent: string;
  /** Go-template expressions were neutralised: values there are not known. */
  templated: boolean;
}

type Node = { type: string; range: [number, number]; [k: string]: any };

/** `chunkedFrom`: the length from which a config is parsed one `[[runners]]` entry at a time (tests vary it). */
export function parseToml(file: string, text: string, chunkedFrom = CHUNKED_PARSE_MIN_LENGTH): TomlDoc {
  return parseTomlMapped(file, text, text, (o) => o, '', false, chunkedFrom);
}

/** {@link parseToml} in steps: a config parsed one `[[runners]]` entry at a time yields every few entries. */
export function* parseTomlSteps(file: string, text: string): Generator<void, TomlDoc, void> {
  return yield* parseTomlMappedSteps(file, text, text, (o) => o, '', false, CHUNKED_PARSE_MIN_LENGTH);
}

/** `[[runners]]` entries parsed per step by {@link parseTomlSteps}. */
export const PARSE_STEP_RUNNERS = 25;

/** Deepest nesting of arrays and inline tables read; no runner setting comes near it. */
export const MAX_TOML_DEPTH = 100;

/** Parses `toml`, whose offset `o` lies at `map(o)` in `fileText`. Never throws: every failure is a problem. */
export function parseTomlMapped(file: string, fileText: string, toml: string, map: (o: number) => number, baseIndent: string, templated: boolean, chunkedFrom = CHUNKED_PARSE_MIN_LENGTH): TomlDoc {
  const steps = parseTomlMappedSteps(file, fileText, toml, map, baseIndent, templated, chunkedFrom);
  for (;;) { const r = steps.next(); if (r.done) return r.value; }
}

function* parseTomlMappedSteps(file: string, fileText: string, toml: string, map: (o: number) => number, baseIndent: string, templated: boolean, chunkedFrom: number): Generator<void, TomlDoc, void> {
  const doc: TomlDoc = { file, fileText, toml, root: undefined, problems: [], lines: LineIndex.of(fileText), eol: eolOf(fileText), baseIndent, templated };
  const bad = checkText(toml, MAX_TOML_FILE_BYTES);
  if (bad) { doc.problems.push({ message: bad, start: map(0), end: map(0) }); return doc; }
  const deep = tooDeepAt(toml);
  if (deep !== undefined) {
    doc.problems.push({ headline: `Nested deeper than ${MAX_TOML_DEPTH} levels of arrays and inline tables: dind-doctor cannot analyse this file.`, message: 'No runner setting nests more than a few levels, and dind-doctor does not analyse runner configs nested this deep.', start: map(deep), end: map(deep + 1), complete: true });
    return doc;
  }
  const chunks = runnerChunks(toml, chunkedFrom);
  if (chunks) {
    // Parsed one `[[runners]]` entry at a time: the parser's tokens and AST of a huge config (thousands of runners)
    // never exist at once. Any chunk that fails falls back to one parse of the whole text, which reports the error.
    const builder = new Builder(file, toml, map);
    let ok = true;
    for (let i = 0; i < chunks.length; i++) {
      try {
        const end = i + 1 < chunks.length ? chunks[i + 1] : toml.length;
        const program = parseTOML(toml.slice(chunks[i], end), { tomlVersion: '1.0.0' } as never) as unknown as Node;
        builder.add(program.body[0], chunks[i], i === 0 ? 0 : i - 1);
      } catch { ok = false; break; } // fall back to the whole text
      if ((i + 1) % PARSE_STEP_RUNNERS === 0) yield;
    }
    if (ok) { doc.root = builder.root; return doc; }
  }
  let program: Node;
  try {
    program = parseTOML(toml, { tomlVersion: '1.0.0' } as never) as unknown as Node;
  } catch (e) {
    const err = e as { index?: number; message: string };
    const index = Math.max(0, Math.min(err.index ?? 0, toml.length));
    const fault = faultAt(toml, index, err.message);
    const at = map(fault?.at ?? index);
    const lineEnd = doc.lines.lineEnd(doc.lines.position(at).line);
    doc.problems.push({ message: fault?.message ?? err.message.replace(/\s*\(\d+:\d+\)$/, ''), start: at, end: Math.max(at, lineEnd) });
    return doc;
  }
  try {
    const builder = new Builder(file, toml, map);
    builder.add(program.body[0], 0, 0);
    doc.root = builder.root;
  } catch (e) {
    // The builder recurses only as deep as the nesting checked above; this is the last line of defence.
    doc.problems.push({ message: `could not be read: ${(e as Error).message}`, start: map(0), end: map(0) });
  }
  return doc;
}

/** Configs at least this long are parsed one `[[runners]]` entry at a time (see {@link runnerChunks}). */
export const CHUNKED_PARSE_MIN_LENGTH = 64 * 1024;
const RUNNERS_HEADER = /^[ \t]*\[\[[ \t]*runners[ \t]*\]\][ \t]*(?:#.*)?$/gm;
const RUNNER_SUBTABLE = /^[ \t]*\[\[?[ \t]*runners[ \t]*\./;

/**
 * Start offsets of the parts of a long config that can be parsed alone with the same meaning: the text before the
 * first `[[runners]]` header, then each `[[runners]]` entry. That holds only when an entry holds no header but its
 * own sub-tables (`[runners.docker]`, `[[runners.docker.services]]`, …): such headers belong to the last
 * `[[runners]]`, which is the entry's own, and no key of one entry can clash with a key of another; and only when
 * the text before the first entry does not mention `runners`. Any other line starting with `[` (another table, or an
 * array value written on its own line) keeps the whole-text parse.
 */
export function runnerChunks(toml: string, minLength = CHUNKED_PARSE_MIN_LENGTH): number[] | undefined {
  if (toml.length < minLength) return undefined;
  const starts: number[] = [0];
  for (const m of toml.matchAll(RUNNERS_HEADER)) starts.push(m.index!);
  if (starts.length < 3) return undefined;
  // the text before the first entry must not say anything about `runners` itself
  if (/^[ \t]*(?:\[\[?[ \t]*)?["']?runners\b/m.test(toml.slice(0, starts[1]))) return undefined;
  for (let i = 1; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1] : toml.length;
    let ls = toml.indexOf('\n', starts[i]) + 1;
    while (ls > 0 && ls < end) {
      const le = toml.indexOf('\n', ls);
      const c = toml.slice(ls, Math.min(ls + 200, le < 0 ? toml.length : le)).trimStart();
      if (c.startsWith('[') && !RUNNER_SUBTABLE.test(c)) return undefined;
      ls = le + 1;
    }
  }
  return starts;
}

/** Offset of the first `[` / `{` nested deeper than {@link MAX_TOML_DEPTH} (strings, comments and headers skipped). */
function tooDeepAt(toml: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < toml.length; i++) {
    const c = toml[i];
    if (c === '#') { const n = toml.indexOf('\n', i); if (n < 0) return undefined; i = n; continue; }
    if (c === '"' || c === "'") { i = stringEnd(toml, i); continue; }
    if (c === '[' || c === '{') {
      // a table header: `[` first on its line outside any value
      if (depth === 0 && c === '[' && /^[ \t]*$/.test(toml.slice(toml.lastIndexOf('\n', i - 1) + 1, i))) { const n = toml.indexOf('\n', i); if (n < 0) return undefined; i = n; continue; }
      if (++depth > MAX_TOML_DEPTH) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return undefined;
}

/** Offset just before the end of the string opening at `i` (or of its line, when it is not closed there). */
function stringEnd(toml: string, i: number): number {
  const q = toml[i];
  if (toml.startsWith(q.repeat(3), i)) { const e = toml.indexOf(q.repeat(3), i + 3); return e < 0 ? toml.length : e + 2; }
  for (let j = i + 1; j < toml.length; j++) {
    if (toml[j] === '\n') return j - 1;
    if (q === '"' && toml[j] === '\\') { j++; continue; }
    if (toml[j] === q) return j;
  }
  return toml.length;
}

/**
 * Where a parse error is written, when the parser noticed it later: the opening quote of a string that is not
 * closed on its line, the `[` of a table header without its closing bracket.
 */
function faultAt(toml: string, index: number, message: string): { at: number; message?: string } | undefined {
  const lineStart = (o: number) => toml.lastIndexOf('\n', o - 1) + 1;
  if (/Unterminated string/i.test(message)) {
    const ls = lineStart(index);
    for (let i = ls; i < toml.length && toml[i] !== '\n'; i++) {
      const c = toml[i];
      if (c === '#') break;
      if (c === '"' || c === "'") {
        const e = stringEnd(toml, i);
        if (e >= toml.length || toml[e] !== c || e === i) return { at: i, message: `this string is never closed: add the closing ${c} on the same line` };
        i = e;
      }
    }
    return undefined;
  }
  // the header on the error's line or the line before it (the parser often notices on the next line)
  let ls = lineStart(index);
  for (let n = 0; n < 2; n++) {
    const le = toml.indexOf('\n', ls);
    const line = toml.slice(ls, le < 0 ? toml.length : le).replace(/\s*(#.*)?$/, '');
    const m = /^([ \t]*)(\[\[?)(.*)$/.exec(line);
    if (m) {
      const array = m[2] === '[[';
      const closed = array ? /\]\]$/.test(m[3]) : /\]$/.test(m[3]) && !/\]\]$/.test(m[3]);
      if (!closed && !/[=,]/.test(m[3])) {
        const name = m[3].replace(/\]+$/, '').trim();
        return { at: ls + m[1].length, message: `table header \`${m[2]}${m[3]}\` is not closed: write \`${array ? `[[${name}]]` : `[${name}]`}\`` };
      }
    }
    if (ls === 0) break;
    ls = lineStart(ls - 1);
  }
  return undefined;
}

class Builder {
  constructor(private readonly file: string, private readonly toml: string, private readonly map: (o: number) => number) {}
  private s(n: Node) { return this.map(n.range[0] + this.offset); }
  private e(n: Node) { return this.map(n.range[1] + this.offset); }

  root: TTable | undefined;
  /** Added to every parser offset: where the text being added starts in `toml`. */
  private offset = 0;

  /**
   * Adds one parsed part of the config, which starts at `offset` in the whole text; `runnerBase` is the index in
   * `runners` of the part's first `[[runners]]` entry (its parser numbers that entry 0).
   */
  add(top: Node, offset: number, runnerBase: number): void {
    this.offset = offset;
    const root = this.root ??= { kind: 'table', file: this.file, start: this.s(top), end: this.e(top), entries: new Map(), style: 'root', bodyEnd: this.s(top), path: '' };
    root.end = Math.max(root.end, this.e(top));
    for (const item of top.body as Node[]) {
      if (item.type === 'TOMLKeyValue') { this.setKeyValue(root, item); root.bodyEnd = Math.max(root.bodyEnd, this.e(item)); continue; }
      // a table header
      const path = (item.resolvedKey as (string | number)[]).map((seg, i) => (i === 1 && typeof seg === 'number' && item.resolvedKey[0] === 'runners' ? seg + runnerBase : seg));
      const table = this.ensure(root, path, item.kind === 'array');
      table.style = 'header';
      const keyEnd = item.key.range[1] + offset;
      const close = this.toml.indexOf(']', keyEnd);
      table.header = { start: this.s(item), end: this.map(close < 0 ? keyEnd : close + (item.kind === 'array' ? 2 : 1)) };
      table.start = this.s(item);
      table.end = this.e(item);
      table.bodyEnd = table.header.end;
      for (const kv of item.body as Node[]) { this.setKeyValue(table, kv); table.bodyEnd = Math.max(table.bodyEnd, this.e(kv)); }
    }
  }

  private ensure(root: TTable, path: (string | number)[], arrayItem: boolean): TTable {
    let cur: TValue = root;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      if (typeof seg === 'number') {
        const arr = cur as TArray;
        if (arr.kind !== 'array') return root;
        while (arr.items.length <= seg) arr.items.push(this.table(pathOf(path.slice(0, i)), 'implicit', 0));
        cur = arr.items[seg];
        continue;
      }
      const t = cur as TTable;
      if (t.kind !== 'table') return root;
      let ent = t.entries.get(seg);
      if (!ent) {
        const nextIsIndex = typeof path[i + 1] === 'number';
        const p = t.path ? `${t.path}.${seg}` : seg;
        const value: TValue = nextIsIndex ? { kind: 'array', file: this.file, start: 0, end: 0, items: [], ofTables: true } : this.table(p, 'implicit', 0);
        ent = { key: seg, keyStart: 0, keyEnd: 0, value, start: 0, end: 0 };
        t.entries.set(seg, ent);
      }
      cur = ent.value;
    }
    if (cur.kind === 'table') {
      if (arrayItem) cur.path = pathOf(path);
      return cur;
    }
    return root;
  }

  private table(path: string, style: TTable['style'], at: number): TTable {
    return { kind: 'table', file: this.file, start: at, end: at, entries: new Map(), style, bodyEnd: at, path };
  }

  private setKeyValue(table: TTable, kv: Node) {
    const keys = (kv.key.keys as Node[]);
    let t = table;
    for (let i = 0; i < keys.length - 1; i++) {
      const name = keyName(keys[i]);
      let ent = t.entries.get(name);
      if (!ent || ent.value.kind !== 'table') {
        const p = t.path ? `${t.path}.${name}` : name;
        ent = { key: name, keyStart: this.s(keys[i]), keyEnd: this.e(keys[i]), value: this.table(p, 'implicit', this.s(kv)), start: this.s(kv), end: this.e(kv) };
        t.entries.set(name, ent);
      }
      t = ent.value as TTable;
    }
    const last = keys[keys.length - 1];
    const name = keyName(last);
    const p = t.path ? `${t.path}.${name}` : name;
    t.entries.set(name, { key: name, keyStart: this.s(kv.key), keyEnd: this.e(kv.key), value: this.value(kv.value, p), start: this.s(kv), end: this.e(kv) });
  }

  private value(n: Node, path: string): TValue {
    const start = this.s(n), end = this.e(n);
    switch (n.type) {
      case 'TOMLArray':
        return { kind: 'array', file: this.file, start, end, items: (n.elements as Node[]).map((el) => this.value(el, path)), ofTables: false };
      case 'TOMLInlineTable': {
        const t: TTable = { kind: 'table', file: this.file, start, end, entries: new Map(), style: 'inline', bodyEnd: end, path };
        for (const kv of n.body as Node[]) this.setKeyValue(t, kv);
        return t;
      }
      default: {
        let v = n.value;
        if (typeof v === 'bigint') v = Number(v);
        if (v instanceof Date) v = v.toISOString();
        if (v === null || typeof v === 'object') v = String(v);
        return { kind: 'scalar', file: this.file, start, end, value: v as string | number | boolean, raw: String(v) };
      }
    }
  }
}

function keyName(k: Node): string { return k.type === 'TOMLBare' ? k.name : k.value; }
function pathOf(path: (string | number)[]): string { return path.filter((p) => typeof p === 'string').join('.'); }

// ---- readers ----

export function tget(t: TValue | undefined, key: string): TValue | undefined {
  return t?.kind === 'table' ? t.entries.get(key)?.value : undefined;
}
export function tentry(t: TValue | undefined, key: string): TEntry | undefined {
  return t?.kind === 'table' ? t.entries.get(key) : undefined;
}
export function tstr(v: TValue | undefined): string | undefined { return v?.kind === 'scalar' ? String(v.value) : undefined; }
export function tbool(v: TValue | undefined): boolean | undefined { return v?.kind === 'scalar' && typeof v.value === 'boolean' ? v.value : undefined; }
export function ttable(v: TValue | undefined): TTable | undefined { return v?.kind === 'table' ? v : undefined; }
/** Items of an array (or array of tables); a single table counts as one item. */
export function titems(v: TValue | undefined): TValue[] {
  if (!v) return [];
  return v.kind === 'array' ? v.items : [v];
}

// ---- edits in the file's own style ----

/** Indentation of the line holding `offset` in the file. */
function indentAt(doc: TomlDoc, offset: number): string { return doc.lines.indentOf(doc.lines.position(offset).line); }

/** Indentation for keys of `table`: that of its last key, else its header's plus the file's sub-table step. */
export function keyIndent(doc: TomlDoc, table: TTable): string {
  const keys = [...table.entries.values()].filter((e) => e.start >= (table.header?.end ?? 0) && e.start < table.bodyEnd + 1 && e.keyEnd > 0);
  const last = keys.sort((a, b) => b.start - a.start)[0];
  if (last) return indentAt(doc, last.start);
  if (table.header) return indentAt(doc, table.header.start) + indentStep(doc);
  return doc.baseIndent;
}

/** Two spaces when the file indents nested tables, else nothing (matching what it already does). */
export function indentStep(doc: TomlDoc): string {
  let step = indentSteps.get(doc);
  if (step === undefined) indentSteps.set(doc, (step = /^[ \t]+\S/m.test(doc.toml) ? '  ' : ''));
  return step;
}
/** One look at the file per document, not one per edit: a fix per runner of a 5,000-runner file must not rescan it. */
const indentSteps = new WeakMap<TomlDoc, string>();

/** Inserts `key = value` lines at the end of `table`'s own keys. Values are TOML text. */
export function insertKeys(doc: TomlDoc, table: TTable, lines: string[]): SpanEdit {
  const at = lineEndAt(doc, table.bodyEnd);
  const ind = keyIndent(doc, table);
  return { file: doc.file, start: at, end: at, newText: lines.map((l) => doc.eol + ind + l).join('') };
}

/**
 * Adds a table (`[name]` or `[[name]]`) with keys right after `parent`'s own keys, i.e. before the parent's other
 * sub-tables, which keeps every later key in the table it was in.
 */
export function insertTable(doc: TomlDoc, parent: TTable, header: string, lines: string[]): SpanEdit {
  const at = lineEndAt(doc, parent.bodyEnd);
  const base = parent.header ? indentAt(doc, parent.header.start) + indentStep(doc) : doc.baseIndent;
  const keyInd = base + indentStep(doc);
  const text = doc.eol + base + header + lines.map((l) => doc.eol + keyInd + l).join('');
  return { file: doc.file, start: at, end: at, newText: text };
}

/** Replaces a value (keeps the key). */
export function replaceValue(doc: TomlDoc, entry: TEntry, valueText: string): SpanEdit {
  return { file: doc.file, start: entry.value.start, end: entry.value.end, newText: valueText };
}

/** Removes a whole `key = value` line. */
export function removeLine(doc: TomlDoc, startOffset: number): SpanEdit {
  const line = doc.lines.position(startOffset).line;
  const start = doc.lines.lineStarts[line];
  const end = line + 1 < doc.lines.lineCount ? doc.lines.lineStarts[line + 1] : doc.fileText.length;
  return { file: doc.file, start, end, newText: '' };
}

function lineEndAt(doc: TomlDoc, offset: number): number {
  return doc.lines.lineEnd(doc.lines.position(offset).line);
}

/** A TOML string literal. */
export function tomlString(s: string): string { return JSON.stringify(s); }
