/**
 * YAML with origins. The `yaml` package parses; this module turns its AST into a small immutable tree whose every
 * node remembers the file and offsets it came from. Anchors are shared (an alias yields the very node of its
 * anchor, converted once), `<<` merge keys are applied with the semantics of GitLab's Ruby loader (document order,
 * a repeated `<<` is accepted), and `!reference [...]` becomes a {@link YRef} node resolved later by the model.
 */
import { parseAllDocuments, isAlias, isMap, isScalar, isSeq, visit, YAMLSeq, type Alias, type Document, type Node as YNode, type Scalar } from 'yaml';

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

export interface ParseProblem { code: 'yaml-syntax-error' | 'yaml-duplicate-key'; message: string; start: number; end: number }

export interface ParsedYaml {
  file: string;
  text: string;
  root: YValue | undefined;
  problems: ParseProblem[];
}

const referenceTag = { tag: '!reference', collection: 'seq' as const, default: false, nodeClass: YAMLSeq, resolve: (s: unknown) => s };

/** Files larger than this are not analysed (a clear finding says so). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export function parseYaml(file: string, text: string): ParsedYaml {
  const problems: ParseProblem[] = [];
  const bad = checkText(text);
  if (bad) return { file, text, root: undefined, problems: [{ code: 'yaml-syntax-error', message: bad, start: 0, end: 0 }] };
  let docs: Document[];
  try {
    docs = parseAllDocuments(text, { version: '1.1', customTags: [referenceTag], uniqueKeys: false, merge: true, prettyErrors: false }) as Document[];
  } catch (e) {
    return { file, text, root: undefined, problems: [{ code: 'yaml-syntax-error', message: `YAML could not be read: ${(e as Error).message}`, start: 0, end: 0 }] };
  }
  if (!Array.isArray(docs)) docs = [docs as unknown as Document];
  // A CI component file holds a `spec:` header document followed by the configuration.
  let doc = docs[0];
  if (docs.length > 1 && isMap(doc?.contents) && doc.contents.items.some((p) => isScalar(p.key) && p.key.value === 'spec')) doc = docs[1];
  for (const d of docs) {
    for (const e of d.errors) problems.push({ code: 'yaml-syntax-error', message: cleanMessage(e.message), start: e.pos[0], end: Math.max(e.pos[1], e.pos[0]) });
  }
  if (!doc) return { file, text, root: undefined, problems };
  const conv = new Converter(file, doc, problems);
  const root = doc.contents ? conv.convert(doc.contents as YNode) : undefined;
  // the `yaml` Document is not kept: the tree above holds everything the model needs, with its positions
  return { file, text, root, problems };
}

/** Rejects input that is not YAML/TOML text at all, before a parser sees it. */
export function checkText(text: string): string | undefined {
  if (text.length > MAX_FILE_BYTES) return `File is too large to analyse (${Math.round(text.length / 1048576)} MB; the limit is ${MAX_FILE_BYTES / 1048576} MB).`;
  if (text.includes('\u0000')) return 'File contains NUL bytes: it looks binary, not like YAML or TOML text.';
  return undefined;
}

function cleanMessage(m: string): string { return m.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''); }

class Converter {
  private readonly memo = new Map<YNode, YValue>();
  private readonly active = new Set<YNode>();
  /** Each alias's anchored node, found in one pass (the `yaml` package's `Alias.resolve` walks the document per alias). */
  private readonly targets = new Map<Alias, YNode | undefined>();
  constructor(private readonly file: string, doc: Document, private readonly problems: ParseProblem[]) {
    const anchors = new Map<string, YNode>();
    visit(doc, {
      Node: (_k, node) => {
        if (isAlias(node)) this.targets.set(node, anchors.get(node.source));
        else if ((node as { anchor?: string }).anchor) anchors.set((node as { anchor: string }).anchor, node as YNode);
      },
    });
  }

  convert(node: YNode | null | undefined, fallbackAt = 0): YValue {
    if (!node) return this.nullAt(fallbackAt);
    if (isAlias(node)) {
      const target = this.targets.get(node);
      if (!target) {
        const [s0, e0] = node.range ?? [fallbackAt, fallbackAt];
        this.problems.push({ code: 'yaml-syntax-error', message: `Alias '*${node.source}' refers to an anchor '&${node.source}' that is not defined before it.`, start: s0, end: e0 });
        return this.nullAt(s0);
      }
      if (this.active.has(target)) return this.nullAt(node.range?.[0] ?? fallbackAt); // recursive alias
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
    const [start, end] = node.range ?? [0, 0];
    if (isMap(node)) {
      const entries = new Map<string, YEntry>();
      for (const pair of node.items) {
        const k = pair.key as YNode | null;
        const keyStart = k?.range?.[0] ?? start;
        const keyEnd = k?.range?.[1] ?? keyStart;
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
