/**
 * YAML with origins. The `yaml` package parses; this module turns its AST into a small immutable tree whose every
 * node remembers the file and offsets it came from. Anchors are shared (an alias yields the very node of its
 * anchor, converted once), `<<` merge keys are applied with the semantics of GitLab's Ruby loader (document order,
 * a repeated `<<` is accepted), and `!reference [...]` becomes a {@link YRef} node resolved later by the model.
 */
import { Composer, Parser, isAlias, isMap, isScalar, isSeq, visit, YAMLSeq, type Alias, type CST, type Document, type Node as YNode, type Scalar, type YAMLError } from 'yaml';

export interface YBase { file: string; start: number; end: number }
export interface YEntry { key: string; file: string; keyStart: number; keyEnd: number; value: YValue }
export interface YMap extends YBase { kind: 'map'; entries: Map<string, YEntry>; flow: boolean }
export interface YSeq extends YBase { kind: 'seq'; items: YValue[]; flow: boolean }
export interface YScalar extends YBase {
  kind: 'scalar';
  /** The value as YAML 1.1 reads it (GitLab's loader is YAML 1.1). */
  value: string | number | boolean | null;
  /** The value as text: plain scalars keep their source (`1`, `yes`), quoted ones their decoded string. */
  text: string;
  style: 'plain' | 'single' | 'double' | 'literal' | 'folded' | 'none';
}
export interface YRef extends YBase { kind: 'ref'; path: string[]; pathSpans: { start: number; end: number }[] }
export type YValue = YMap | YSeq | YScalar | YRef;

export interface ParseProblem {
  code: 'yaml-syntax-error' | 'yaml-duplicate-key'; message: string; start: number; end: number;
  /** The message is a whole sentence (a limit), not a parser error. */
  complete?: boolean;
  /** One sentence of at most 100 characters saying what is wrong and what breaks; `message` is then the detail after it. */
  headline?: string;
}

export interface ParsedYaml {
  file: string;
  text: string;
  root: YValue | undefined;
  problems: ParseProblem[];
}

const referenceTag = { tag: '!reference', collection: 'seq' as const, default: false, nodeClass: YAMLSeq, resolve: (s: unknown) => s };
const composerOptions = { version: '1.1' as const, customTags: [referenceTag], uniqueKeys: false, merge: true, prettyErrors: false };

/** An anchor of a parsed file, in document order, with the node it names (what an incremental re-parse resolves aliases to). */
export interface AnchorDef { name: string; at: number; value: YValue }
/** The anchors of each single-document parse, kept beside it (not in it: the tree stays what the model reads). */
const anchorTables = new WeakMap<ParsedYaml, AnchorDef[]>();
export function anchorsOf(p: ParsedYaml): AnchorDef[] | undefined { return anchorTables.get(p); }
export function keepAnchors(p: ParsedYaml, anchors: AnchorDef[]): void { anchorTables.set(p, anchors); }

/** YAML files (CI files, Helm values) larger than this are not analysed (a clear finding says so). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/**
 * Runner `config.toml` files larger than this are not analysed. Higher than {@link MAX_FILE_BYTES}: a config is
 * parsed one `[[runners]]` entry at a time and its model is small per runner, so 5,000 runners (about 8.6 MB) stay
 * well inside the memory a 5 MB CI file takes (`npm run bench:memory`).
 */
export const MAX_TOML_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Deepest nesting of maps and sequences read. GitLab rejects CI files nested deeper than 100 levels by default
 * (instance limit `max_yaml_depth`, https://docs.gitlab.com/administration/instance_limits/); the limit also keeps
 * every recursive step after parsing far from the JavaScript stack limit.
 */
export const MAX_YAML_DEPTH = 100;

/** `chunkedFrom`: the length from which a file is parsed one top-level entry at a time (tests vary it). */
export function parseYaml(file: string, text: string, chunkedFrom = CHUNKED_PARSE_MIN_LENGTH): ParsedYaml {
  const bad = checkText(text);
  if (bad) return { file, text, root: undefined, problems: [{ code: 'yaml-syntax-error', message: bad, start: 0, end: 0 }] };
  try {
    return (text.length >= chunkedFrom && parseByEntry(file, text)) || parseChecked(file, text);
  } catch (e) {
    // The parser and the conversion are bounded (MAX_YAML_DEPTH); this is the last line of defence.
    return { file, text, root: undefined, problems: [{ code: 'yaml-syntax-error', message: `YAML could not be read: ${(e as Error).message}`, start: 0, end: 0 }] };
  }
}

function parseChecked(file: string, text: string): ParsedYaml {
  const problems: ParseProblem[] = [];
  // The CST parser is iterative; only composing the documents recurses, so the depth is checked in between.
  let tokens: CST.Token[] | undefined = Array.from(new Parser().parse(text));
  const scan = scanTokens(tokens);
  if (scan.tooDeep !== undefined) {
    return { file, text, root: undefined, problems: [{ code: 'yaml-syntax-error', headline: `Nested deeper than ${MAX_YAML_DEPTH} levels of maps and sequences: GitLab rejects the file.`, message: `GitLab rejects CI files nested this deep by default ("The parsed YAML is too big"), and dind-doctor does not analyse them.`, start: scan.tooDeep, end: scan.tooDeep + 1, complete: true }] };
  }
  const composer = new Composer(composerOptions);
  const docs = [...composer.compose(tokens)] as Document[];
  // The CST is about twice the size of the documents: let it go before the conversion allocates the tree.
  tokens = undefined;
  // A CI component file holds a `spec:` header document followed by the configuration.
  let doc = docs[0];
  if (docs.length > 1 && isMap(doc?.contents) && doc.contents.items.some((p) => isScalar(p.key) && p.key.value === 'spec')) doc = docs[1];
  // The first syntax error only: what follows it is the parser's guess, and GitLab's loader stops there too.
  const first = docs.flatMap((d) => d.errors)[0];
  if (first) {
    const all = docs.flatMap((d) => d.errors);
    return { file, text, root: undefined, problems: [syntaxProblem(text, first, all, scan)] };
  }
  if (!doc) return { file, text, root: undefined, problems };
  const conv = new Converter(file, doc, problems);
  const root = doc.contents ? conv.convert(doc.contents as YNode) : undefined;
  // the `yaml` Document is not kept: the tree above holds everything the model needs, with its positions
  const out: ParsedYaml = { file, text, root, problems };
  const anchors = docs.length === 1 ? conv.anchorDefs() : undefined;
  if (anchors) keepAnchors(out, anchors);
  return out;
}

/** Files at least this long are parsed one top-level entry at a time (see {@link parseByEntry}). */
export const CHUNKED_PARSE_MIN_LENGTH = 64 * 1024;

/**
 * Parses a file one top-level entry at a time, so that the parser's syntax tree of a huge file (thousands of jobs)
 * never exists at once. An entry starts at a line whose first character is not blank, `#` or `-` (a sequence
 * written at column 0 belongs to the key above it). The result is that of one parse only when every part parses
 * cleanly into a map of exactly one key written where the part starts, and no key comes twice; anything else
 * (documents markers, directives, a top-level `<<` merge, a syntax error, a key split off a multi-line value)
 * returns undefined and the whole text is parsed at once. test/yaml-chunked.test.ts compares both over the corpus
 * and random edits.
 */
export function parseByEntry(file: string, text: string): ParsedYaml | undefined {
  if (/^(?:---|\.\.\.)(?:[ \t\r\n]|$)|^%/m.test(text)) return undefined;
  const starts = [0];
  let first = true;
  for (const m of text.matchAll(/^[^\s#-]/gm)) { if (first) first = false; else starts.push(m.index!); }
  if (starts.length < 2) return undefined;
  const external = new Map<string, YValue>();
  const anchors: AnchorDef[] = [];
  const problems: ParseProblem[] = [];
  const entries = new Map<string, YEntry>();
  let head: YMap | undefined, end = 0;
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i], to = i + 1 < starts.length ? starts[i + 1] : text.length;
    const part = parseEntryText(file, text.slice(from, to), from, external);
    const root = part?.root;
    if (!part || !root || root.kind !== 'map' || root.flow || root.entries.size !== 1) return undefined;
    const entry = [...root.entries.values()][0];
    if ((i > 0 && entry.keyStart !== from) || entry.keyEnd <= entry.keyStart || entry.file !== file || entries.has(entry.key)) return undefined;
    entries.set(entry.key, entry);
    problems.push(...part.problems);
    for (const a of part.anchors) { anchors.push(a); external.set(a.name, a.value); }
    head ??= root;
    end = root.end;
  }
  const out: ParsedYaml = { file, text, root: { ...head!, end, entries }, problems };
  keepAnchors(out, anchors);
  return out;
}

/**
 * Parses one top-level entry of a file alone (`text` starts at offset `base` of the file): positions come out as
 * offsets in the file, and aliases to anchors defined before the entry resolve to their nodes in `external`.
 * Undefined when the text does not parse cleanly as one document (the caller then parses the whole file).
 */
export function parseEntryText(file: string, text: string, base: number, external: Map<string, YValue>): { root: YValue | undefined; problems: ParseProblem[]; anchors: AnchorDef[] } | undefined {
  try {
    const tokens = Array.from(new Parser().parse(text));
    if (scanTokens(tokens).tooDeep !== undefined) return undefined;
    const docs = [...new Composer(composerOptions).compose(tokens)] as Document[];
    if (docs.length !== 1 || docs[0].errors.length) return undefined;
    const problems: ParseProblem[] = [];
    const conv = new Converter(file, docs[0], problems, base, external);
    const root = docs[0].contents ? conv.convert(docs[0].contents as YNode) : undefined;
    const anchors = conv.anchorDefs();
    return anchors ? { root, problems, anchors } : undefined;
  } catch { return undefined; }
}

interface TokenScan {
  /** Offset of the first collection nested deeper than {@link MAX_YAML_DEPTH}. */
  tooDeep?: number;
  /** Offsets of quoted scalars that are never closed. */
  unclosedQuotes: number[];
  /** Offsets of flow collections (`[`, `{`) that are never closed. */
  unclosedFlows: number[];
}

/** One iterative walk over the CST: nesting depth and the openings of unclosed quotes and brackets. */
function scanTokens(tokens: CST.Token[]): TokenScan {
  const out: TokenScan = { unclosedQuotes: [], unclosedFlows: [] };
  const stack: { t: CST.Token | undefined; depth: number }[] = tokens.map((t) => ({ t, depth: 0 })).reverse();
  while (stack.length) {
    const { t, depth } = stack.pop()!;
    if (!t) continue;
    switch (t.type) {
      case 'document': stack.push({ t: t.value, depth }); break;
      case 'block-map': case 'block-seq': case 'flow-collection': {
        const d = depth + 1;
        if (d > MAX_YAML_DEPTH) { out.tooDeep ??= t.offset; return out; }
        if (t.type === 'flow-collection') {
          const close = t.start.source === '[' ? ']' : '}';
          if (!t.end.some((e) => e.source === close)) out.unclosedFlows.push(t.offset);
        }
        for (let i = t.items.length - 1; i >= 0; i--) {
          const it = t.items[i] as { key?: CST.Token | null; value?: CST.Token | null };
          stack.push({ t: it.value ?? undefined, depth: d });
          stack.push({ t: it.key ?? undefined, depth: d });
        }
        break;
      }
      case 'double-quoted-scalar': case 'single-quoted-scalar':
        if (!quoteClosed(t.source)) out.unclosedQuotes.push(t.offset);
        break;
    }
  }
  return out;
}

function quoteClosed(src: string): boolean {
  const q = src[0];
  if (src.length < 2 || src[src.length - 1] !== q) return false;
  let run = 0;
  if (q === '"') { // an odd run of backslashes before the last quote escapes it
    for (let i = src.length - 2; i > 0 && src[i] === '\\'; i--) run++;
    return run % 2 === 0;
  }
  for (let i = src.length - 1; i > 0 && src[i] === "'"; i--) run++;
  return run % 2 === 1; // `''` inside single quotes is an escaped quote
}

/** The first syntax error, placed where the fault is written rather than where the parser noticed it. */
function syntaxProblem(text: string, first: YAMLError, all: YAMLError[], scan: TokenScan): ParseProblem {
  let start = first.pos[0], end = Math.max(first.pos[1], first.pos[0]);
  let message = cleanMessage(first.message);
  let headline: string | undefined;
  const lineStart = (o: number) => text.lastIndexOf('\n', o - 1) + 1;
  const lineEnd = (o: number) => { const n = text.indexOf('\n', o); return n < 0 ? text.length : n; };
  const before = (offsets: number[]) => offsets.filter((o) => o <= first.pos[0]).pop();
  const quote = /Missing closing (["'])quote/.exec(first.message);
  const flow = /must be sufficiently indented and end with a [\]}]|Expected .*flow (sequence|map)|end with a [\]}]/.test(first.message);
  // A key whose value runs on to a deeper-indented next line: the fault is that next line's indentation.
  const multiline = all.find((e) => e.code === 'MULTILINE_IMPLICIT_KEY' && text.slice(e.pos[0], e.pos[1]).includes('\n'));
  if (quote && before(scan.unclosedQuotes) !== undefined) {
    start = before(scan.unclosedQuotes)!; end = start + 1;
    headline = `This ${quote[1] === '"' ? 'double' : 'single'}-quoted string is never closed: GitLab rejects the file.`;
    message = `Everything after the opening ${quote[1]} up to the end of the file was read as part of the string. Add the closing ${quote[1]}.`;
  } else if (flow && before(scan.unclosedFlows) !== undefined) {
    start = before(scan.unclosedFlows)!; end = start + 1;
    headline = `This ${text[start] === '[' ? 'flow sequence' : 'flow map'} is never closed: GitLab rejects the file.`;
    message = `Add the closing ${text[start] === '[' ? ']' : '}'}.`;
  } else if (multiline && (first === multiline || first.code === 'BLOCK_AS_IMPLICIT_KEY')) {
    const at = lineStart(multiline.pos[1] - 1);
    start = at + /^[ \t]*/.exec(text.slice(at, lineEnd(at)))![0].length;
    end = lineEnd(start);
    headline = 'Bad indentation: this line is deeper than the keys of its map, so GitLab rejects the file.';
    message = 'The value above ends on its own line, so this line cannot continue it. Line it up with the keys it belongs with.';
  } else if (first.code === 'BAD_INDENT' || first.code === 'BLOCK_AS_IMPLICIT_KEY' || first.code === 'TAB_AS_INDENT') {
    // reported at the line's indentation: mark from its first written character
    if (/^[ \t]*$/.test(text.slice(start, end)) && first.code !== 'TAB_AS_INDENT') {
      const ls = lineStart(start + 1);
      const ws = /^[ \t]*/.exec(text.slice(ls, lineEnd(ls)))![0].length;
      if (ls + ws < lineEnd(ls)) { start = ls + ws; end = lineEnd(ls); }
    }
    if (first.code === 'BLOCK_AS_IMPLICIT_KEY' && text[start] === '-') {
      headline = 'Bad indentation: this `-` item is out of line with its list, so GitLab rejects the file.';
      message = 'Line it up with the other items of its list (or with a key of the map it belongs to).';
    }
    else if (first.code !== 'TAB_AS_INDENT' && !/indent/i.test(message)) message = `Bad indentation: ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
  }
  return { code: 'yaml-syntax-error', message, headline, start, end: Math.max(end, start) };
}

/** Rejects input that is not YAML/TOML text at all, or is longer than `limit`, before a parser sees it. */
export function checkText(text: string, limit = MAX_FILE_BYTES): string | undefined {
  if (text.length > limit) return `File is too large to analyse (${Math.round(text.length / 1048576)} MB; the limit is ${limit / 1048576} MB).`;
  if (text.includes('\u0000')) return 'File contains NUL bytes: it looks binary, not like YAML or TOML text.';
  return undefined;
}

function cleanMessage(m: string): string { return m.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''); }

class Converter {
  private readonly memo = new Map<YNode, YValue>();
  private readonly active = new Set<YNode>();
  /** Each alias's anchored node, found in one pass (the `yaml` package's `Alias.resolve` walks the document per alias). */
  private readonly targets = new Map<Alias, YNode | undefined>();
  /** Anchored nodes in document order. */
  private readonly anchored: { name: string; node: YNode }[] = [];
  /**
   * @param base offset of the parsed text in its file (a top-level entry parsed alone)
   * @param external nodes of anchors defined before that text, for its aliases
   */
  constructor(private readonly file: string, doc: Document, private readonly problems: ParseProblem[], private readonly base = 0, private readonly external?: Map<string, YValue>) {
    const anchors = new Map<string, YNode>();
    visit(doc, {
      Node: (_k, node) => {
        if (isAlias(node)) this.targets.set(node, anchors.get(node.source));
        else if ((node as { anchor?: string }).anchor) {
          const name = (node as { anchor: string }).anchor;
          anchors.set(name, node as YNode);
          this.anchored.push({ name, node: node as YNode });
        }
      },
    });
  }

  /** Every anchor with its converted node; undefined when one was not converted (an anchored key, say). */
  anchorDefs(): AnchorDef[] | undefined {
    const out: AnchorDef[] = [];
    for (const { name, node } of this.anchored) {
      const value = this.memo.get(node);
      if (!value) return undefined;
      out.push({ name, at: value.start, value });
    }
    return out;
  }

  convert(node: YNode | null | undefined, fallbackAt = 0): YValue {
    if (!node) return this.nullAt(fallbackAt);
    if (isAlias(node)) {
      const target = this.targets.get(node);
      if (!target) {
        const known = this.external?.get(node.source);
        if (known) return known;
        const [s0, e0] = node.range ? [node.range[0] + this.base, node.range[1] + this.base] : [fallbackAt, fallbackAt];
        this.problems.push({ code: 'yaml-syntax-error', message: `Alias '*${node.source}' refers to an anchor '&${node.source}' that is not defined before it.`, start: s0, end: e0 });
        return this.nullAt(s0);
      }
      if (this.active.has(target)) return this.nullAt(node.range ? node.range[0] + this.base : fallbackAt); // recursive alias
      return this.convert(target);
    }
    const hit = this.memo.get(node);
    if (hit) return hit;
    this.active.add(node);
    let out: YValue;
    try { out = this.convertNode(node); } finally { this.active.delete(node); }
    this.memo.set(node, out);
    return out;
  }

  private nullAt(at: number): YScalar {
    return { kind: 'scalar', file: this.file, start: at, end: at, value: null, text: '', style: 'none' };
  }

  private convertNode(node: YNode): YValue {
    const [start, end] = node.range ? [node.range[0] + this.base, node.range[1] + this.base] : [this.base, this.base];
    if (isMap(node)) {
      const entries = new Map<string, YEntry>();
      for (const pair of node.items) {
        const k = pair.key as YNode | null;
        const keyStart = k?.range ? k.range[0] + this.base : start;
        const keyEnd = k?.range ? k.range[1] + this.base : keyStart;
        const isMerge = isScalar(k) && typeof k.value === 'symbol';
        if (isMerge) { this.merge(entries, pair.value as YNode); continue; }
        const key = keyText(k);
        const previous = entries.get(key);
        if (previous && !this.mergedKeys.has(previous)) {
          this.problems.push({ code: 'yaml-duplicate-key', message: `Duplicate key '${key}': the later value replaces the earlier one.`, start: keyStart, end: keyEnd });
        }
        const value = this.convert(pair.value as YNode, keyEnd);
        entries.set(key, { key, file: this.file, keyStart, keyEnd, value });
      }
      return { kind: 'map', file: this.file, start, end, entries, flow: !!node.flow };
    }
    if (isSeq(node)) {
      const items = node.items.map((it) => this.convert(it as YNode, start));
      if (node.tag === '!reference') {
        const path: string[] = [];
        const pathSpans: { start: number; end: number }[] = [];
        for (const it of items) if (it.kind === 'scalar') { path.push(it.text); pathSpans.push({ start: it.start, end: it.end }); }
        return { kind: 'ref', file: this.file, start, end, path, pathSpans };
      }
      return { kind: 'seq', file: this.file, start, end, items, flow: !!node.flow };
    }
    if (isScalar(node)) return this.scalar(node, start, end);
    return this.nullAt(start);
  }

  /** Entries that came from a `<<` merge, so that overriding them is not reported as a duplicate. */
  private readonly mergedKeys = new WeakSet<YEntry>();

  private merge(into: Map<string, YEntry>, src: YNode | null) {
    if (!src) return;
    const sources: YValue[] = [];
    const v = this.convert(src);
    if (v.kind === 'seq') sources.push(...v.items); else sources.push(v);
    // In a sequence the earlier map wins, so apply them last-to-first; the whole merge overrides what came before
    // it in document order (Psych `hash.merge!`).
    const merged = new Map<string, YEntry>();
    for (let i = sources.length - 1; i >= 0; i--) {
      const s = sources[i];
      if (s.kind !== 'map') continue;
      for (const [k, e] of s.entries) merged.set(k, e);
    }
    for (const [k, e] of merged) {
      into.delete(k);
      into.set(k, e);
      this.mergedKeys.add(e);
    }
  }

  private scalar(node: Scalar, start: number, end: number): YScalar {
    const style = ({ PLAIN: 'plain', QUOTE_SINGLE: 'single', QUOTE_DOUBLE: 'double', BLOCK_LITERAL: 'literal', BLOCK_FOLDED: 'folded' } as const)[node.type as string] ?? 'plain';
    let value = node.value as YScalar['value'];
    if (typeof value === 'symbol') value = '<<';
    if (typeof value === 'bigint') value = Number(value);
    if (value !== null && typeof value === 'object') value = String(value);
    let text: string;
    if (style === 'plain') text = node.source ?? (value === null ? '' : String(value));
    else text = value === null ? '' : String(value);
    if (style === 'plain' && value === null && (node.source === '~' || node.source === 'null' || node.source === 'Null' || node.source === 'NULL' || node.source === undefined)) text = '';
    return { kind: 'scalar', file: this.file, start, end, value, text, style };
  }
}

function keyText(k: YNode | null): string {
  if (!k) return '';
  if (isScalar(k)) return k.source !== undefined && k.type === 'PLAIN' ? k.source : String(k.value);
  return String((k as { toString(): string }).toString());
}

// ---- small readers over the tree ----

export function get(v: YValue | undefined, key: string): YValue | undefined {
  return v?.kind === 'map' ? v.entries.get(key)?.value : undefined;
}
export function entry(v: YValue | undefined, key: string): YEntry | undefined {
  return v?.kind === 'map' ? v.entries.get(key) : undefined;
}
/** The text of a scalar (numbers and booleans as written), or undefined for anything else. */
export function str(v: YValue | undefined): string | undefined {
  return v?.kind === 'scalar' && v.value !== null ? v.text : undefined;
}
export function items(v: YValue | undefined): YValue[] {
  if (!v) return [];
  return v.kind === 'seq' ? v.items : [v];
}
