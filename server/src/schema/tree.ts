/**
 * A small view of either parsed tree (YAML or TOML): what the error mapping needs — where each node is written,
 * where a complaint about it goes, and whether its content is known.
 */
import { TEMPLATE_FILL } from '../formats/helm';
import type { TArray, TEntry, TTable, TValue } from '../formats/toml';
import type { YEntry, YValue } from '../formats/yaml';

export interface Span { start: number; end: number }
export interface TreeNode {
  file: string;
  /** The node's own range. */
  span: Span;
  /** Where a complaint about the whole node goes: a block map/sequence is marked at its key or header line. */
  mark: Span;
  /** Content not known (a `!reference`, a Helm template). */
  unknown: boolean;
  kind: 'map' | 'list' | 'scalar';
  child(seg: string): { node: TreeNode; key: Span } | undefined;
  /** The key span of a direct entry, for unknown-key errors. */
  keySpan(key: string): Span | undefined;
  /** Keys whose value was left out of the data (a `!reference`): a `required` error about them is moot. */
  removedKeys?: Set<string>;
  /** Items were left out of the data: `minItems`/`uniqueItems` errors are moot. */
  lostItems?: boolean;
}

export function yamlTree(root: YValue): TreeNode {
  const memo = new WeakMap<object, TreeNode>();
  const make = (v: YValue, entry: YEntry | undefined): TreeNode => {
    const hit = memo.get(entry ?? v);
    if (hit) return hit;
    const node = build(v, entry);
    memo.set(entry ?? v, node);
    return node;
  };
  const build = (v: YValue, entry: YEntry | undefined): TreeNode => {
    const span = { start: v.start, end: v.end };
    const key = entry ? { start: entry.keyStart, end: entry.keyEnd } : undefined;
    const block = (v.kind === 'map' || v.kind === 'seq') && !v.flow;
    const empty = v.start === v.end;
    const mark = key && (block || empty) ? key : block ? firstPart(v) : span;
    // the data holds the sequence without its `!reference` items
    const items = v.kind === 'seq' ? v.items.filter((i) => i.kind !== 'ref') : [];
    let removedKeys: Set<string> | undefined;
    if (v.kind === 'map') for (const [k, e] of v.entries) if (e.value.kind === 'ref') (removedKeys ??= new Set()).add(k);
    return {
      file: v.file, span, mark, removedKeys,
      lostItems: v.kind === 'seq' && items.length < v.items.length,
      unknown: v.kind === 'ref',
      kind: v.kind === 'map' ? 'map' : v.kind === 'seq' ? 'list' : 'scalar',
      child(seg) {
        if (v.kind === 'map') {
          const e = v.entries.get(seg);
          return e ? { node: make(e.value, e), key: { start: e.keyStart, end: e.keyEnd } } : undefined;
        }
        if (v.kind === 'seq') {
          const it = items[Number(seg)];
          return it ? { node: make(it, undefined), key: { start: it.start, end: it.end } } : undefined;
        }
        return undefined;
      },
      keySpan(k) {
        const e = v.kind === 'map' ? v.entries.get(k) : undefined;
        return e ? { start: e.keyStart, end: e.keyEnd } : undefined;
      },
    };
  };
  return make(root, undefined);
}

/** Where to point at a block map/sequence that has no key (the root, a list item): its first key or item. */
function firstPart(v: YValue): Span {
  if (v.kind === 'map') {
    let first: YEntry | undefined;
    for (const e of v.entries.values()) if (e.file === v.file && (!first || e.keyStart < first.keyStart)) first = e;
    if (first) return { start: first.keyStart, end: first.keyEnd };
  }
  if (v.kind === 'seq' && v.items.length) return firstPart(v.items[0]);
  return { start: v.start, end: v.end };
}

export function tomlTree(root: TTable): TreeNode {
  const memo = new WeakMap<object, TreeNode>();
  const make = (v: TValue, entry: TEntry | undefined): TreeNode => {
    const hit = memo.get(entry ?? v);
    if (hit) return hit;
    const node = build(v, entry);
    memo.set(entry ?? v, node);
    return node;
  };
  const build = (v: TValue, entry: TEntry | undefined): TreeNode => {
    const span = nodeSpan(v);
    let mark = span;
    if (v.kind === 'table' && v.style !== 'inline') mark = entry && entry.keyEnd > 0 && !v.header ? { start: entry.keyStart, end: entry.keyEnd } : span;
    else if (v.kind === 'array' && v.ofTables) mark = span;
    return {
      file: v.file, span, mark,
      unknown: v.kind === 'scalar' && typeof v.value === 'string' && v.value.includes(TEMPLATE_FILL),
      kind: v.kind === 'table' ? 'map' : v.kind === 'array' ? 'list' : 'scalar',
      child(seg) {
        if (v.kind === 'table') {
          const e = v.entries.get(seg);
          return e ? { node: make(e.value, e), key: entrySpan(e) } : undefined;
        }
        if (v.kind === 'array') {
          const it = v.items[Number(seg)];
          return it ? { node: make(it, undefined), key: nodeSpan(it) } : undefined;
        }
        return undefined;
      },
      keySpan(k) {
        const e = v.kind === 'table' ? v.entries.get(k) : undefined;
        return e ? entrySpan(e) : undefined;
      },
    };
  };
  return make(root, undefined);
}

/** A TOML entry's key; for tables opened by a header (`[a.b]`, `[[a.b]]`) and for implicit ones, the header. */
export function entrySpan(e: TEntry): Span {
  if (e.keyEnd > 0) return { start: e.keyStart, end: e.keyEnd };
  return nodeSpan(e.value);
}

/** A TOML value's range; tables and arrays of tables made by headers point at their (first) header. */
function nodeSpan(v: TValue): Span {
  if (v.kind === 'table') {
    if (v.header) return v.header;
    if (v.style === 'inline' || v.style === 'root') return { start: v.start, end: v.end };
    return firstHeader(v) ?? { start: v.start, end: v.end };
  }
  if (v.kind === 'array' && v.ofTables) return firstHeader(v) ?? { start: v.start, end: v.end };
  return { start: v.start, end: v.end };
}

function firstHeader(v: TTable | TArray): Span | undefined {
  const kids: TValue[] = v.kind === 'table' ? [...v.entries.values()].map((e) => e.value) : v.items;
  let best: Span | undefined;
  for (const k of kids) {
    let s: Span | undefined;
    if (k.kind === 'table') s = k.header ?? (k.style === 'implicit' ? firstHeader(k) : k.end > k.start ? { start: k.start, end: k.end } : undefined);
    else if (k.kind === 'array' && k.ofTables) s = firstHeader(k);
    else if (k.end > k.start) s = { start: k.start, end: k.end };
    if (s && (!best || s.start < best.start)) best = s;
  }
  return best;
}
