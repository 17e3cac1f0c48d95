/**
 * JSON-schema validation of GitLab CI files (GitLab's own `ci.json`, patched at load time, see ./patches.ts) and of
 * GitLab Runner configs (our `gitlab-runner-config.schema.json`), with every ajv error mapped back to the exact
 * node it is about and rewritten in plain words.
 *
 * - The parsed trees (formats/yaml.ts, formats/toml.ts) are converted to plain JS here (not with `toJS()`). A
 *   `!reference` is left out of the data (its key or item is dropped), a Helm-templated TOML value stays in as a
 *   value that is not known; errors about either, and the `required`/`oneOf`/`anyOf` failures they cause, are
 *   dropped.
 * - Validators are compiled once, lazily, on first use, and shared by every call.
 * - ajv reports every failed branch of a `oneOf`/`anyOf`; {@link toProblems} keeps the most specific error per
 *   location: a branch that accepted the value's type wins over branches that rejected the type, type mismatches
 *   of all branches merge into one message, and unknown keys win over the other complaints about the same map.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import ciSchemaJson from '../../../schemas/gitlab-ci.json';
import runnerSchemaJson from '../../../schemas/gitlab-runner-config.schema.json';
import { TEMPLATE_FILL } from '../formats/helm';
import type { TArray, TEntry, TomlDoc, TTable, TValue } from '../formats/toml';
import type { YEntry, YValue } from '../formats/yaml';
import { patchCiSchema } from './patches';

export { CI_SCHEMA_PATCHES } from './patches';

export interface SchemaProblem {
  file: string;
  /** Offsets in the file (for Helm values: in values.yaml). */
  start: number;
  end: number;
  message: string;
  severity: 'error' | 'warning';
}

// ---------------------------------------------------------------------------------------------------------------
// Validators: compiled once, lazily.
//
// Two per schema: a fast one (stops at the first error) that answers "valid?" for the common case, and a detailed
// one (`allErrors`, `verbose`: every error, with its parent schema and data, which messages and severities are
// built from), compiled on the first invalid file. `verbose` makes ajv build error objects for every failed
// oneOf/anyOf branch even in valid files, which made validating a valid 1000-job file about three times slower.

interface Compiled { validate: ValidateFunction; compileMs: number }
interface Pair { schema: () => object; name: string; fast?: Compiled; detailed?: Compiled }

let ciSchemaPatched: object | undefined;
export const ciSchema = (): object => (ciSchemaPatched ??= patchCiSchema(ciSchemaJson as Record<string, unknown>));
export const runnerSchema = (): object => runnerSchemaJson;
const ci: Pair = { schema: ciSchema, name: 'ci' };
const runner: Pair = { schema: runnerSchema, name: 'runner' };

/** strict: false — GitLab's schema uses `markdownDescription` and union types, ours uses `x-severity`. */
export function ajvOptions(detailed: boolean) {
  return { strict: false, allowUnionTypes: true, validateSchema: false, allErrors: detailed, verbose: detailed, logger: false } as const;
}

/** Validators precompiled at build time (scripts/gen-validators.ts → out/validators.cjs), when the build made them. */
let precompiled: Record<string, ValidateFunction> | undefined | null;
function prebuilt(name: string): ValidateFunction | undefined {
  if (precompiled === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      precompiled = require('../../../out/validators.cjs') as Record<string, ValidateFunction>;
    } catch { precompiled = null; }
  }
  return precompiled?.[name] ?? undefined;
}

function compile(pair: Pair, detailed: boolean): Compiled {
  const t0 = performance.now();
  const ready = prebuilt(`${pair.name}${detailed ? 'Detailed' : 'Fast'}`);
  if (ready) return { validate: ready, compileMs: performance.now() - t0 };
  const ajv = new Ajv(ajvOptions(detailed));
  addFormats(ajv);
  const validate = ajv.compile(pair.schema());
  return { validate, compileMs: performance.now() - t0 };
}

/** Validates `data`; the detailed errors when it is not valid, else undefined. */
function run(pair: Pair, data: unknown): ErrorObject[] | undefined {
  pair.fast ??= compile(pair, false);
  const fast = pair.fast.validate as (d: unknown) => boolean; // not the type guard: `data` stays `unknown`
  if (fast(data)) return undefined;
  pair.detailed ??= compile(pair, true);
  // The detailed pass is slow on a big file, so it only sees the top-level entries that fail on their own (the
  // root schemas have no constraint across top-level keys); error paths are the same as in the whole file.
  let subject = data;
  if (isPlainObject(data)) {
    const keys = Object.keys(data);
    if (keys.length > 16) {
      const failing: Record<string, unknown> = Object.create(null);
      for (const k of keys) {
        const one: Record<string, unknown> = Object.create(null);
        one[k] = data[k];
        if (!fast(one)) failing[k] = data[k];
      }
      if (Object.keys(failing).length) subject = failing;
    }
  }
  pair.detailed.validate(subject);
  return pair.detailed.validate.errors ?? [];
}

function isPlainObject(v: unknown): v is Record<string, unknown> { return typeof v === 'object' && v !== null && !Array.isArray(v); }

/** Compile times (ms) of the validators compiled so far; for the benchmark and the server's trace output. */
export function schemaCompileTimes(): { ci?: number; ciDetailed?: number; runner?: number; runnerDetailed?: number } {
  return { ci: ci.fast?.compileMs, ciDetailed: ci.detailed?.compileMs, runner: runner.fast?.compileMs, runnerDetailed: runner.detailed?.compileMs };
}

// ---------------------------------------------------------------------------------------------------------------
// Public entry points.

/** Validates a GitLab CI file's root node against GitLab's CI schema. */
export function validateCi(root: YValue | undefined): SchemaProblem[] {
  if (!root || root.kind === 'ref') return [];
  if (expandedSize(root, new WeakMap()) > MAX_EXPANDED_NODES) {
    return [{ file: root.file, start: root.start, end: root.start, severity: 'warning', message: `Schema validation skipped: through its anchors and aliases this file expands to more than ${MAX_EXPANDED_NODES.toLocaleString('en')} values (an alias bomb?). GitLab limits alias expansion too.` }];
  }
  const errors = run(ci, yamlToJs(root));
  return errors ? toProblems(errors, yamlTree(root), { kind: 'ci', caseInsensitiveKeys: false }) : [];
}

/** Validates a runner config (config.toml, or the TOML inside Helm `runners.config`) against our runner schema. */
export function validateRunnerConfig(doc: TomlDoc): SchemaProblem[] {
  if (!doc.root) return [];
  const errors = run(runner, tomlToJs(doc.root));
  // GitLab Runner's TOML decoder (BurntSushi/toml) falls back to a case-insensitive match of key names.
  const problems = errors ? toProblems(errors, tomlTree(doc.root), { kind: 'runner', caseInsensitiveKeys: true }) : [];
  // The schema accepts `[runners.x]` without `[[runners]]` (documentation snippets are written that way), but
  // GitLab Runner cannot load it: `runners` must be an array of tables.
  const runners = doc.root.entries.get('runners');
  if (runners && runners.value.kind === 'table') {
    problems.unshift({ file: doc.file, ...entrySpan(runners), severity: 'warning', message: 'GitLab Runner expects `[[runners]]` (an array of tables) before `[runners.…]` sections; on its own this file cannot be loaded. Fine for a snippet that goes inside an existing `[[runners]]` entry.' });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Trees → plain JS. Objects have no prototype, so any key (even `__proto__`) is just a key.
//
// A `!reference` is left out of the data: a map loses that key, a sequence that item (so any value of the key
// validates). The tree view below skips the same items, so that indices in error paths still match, and knows
// which keys and items were left out, so that `required`/`minItems` errors they cause are dropped.

/** Past this many values (counting every alias expansion) a document is not validated: ajv would walk them all. */
const MAX_EXPANDED_NODES = 1_000_000;

/** The number of values a tree holds with aliases expanded (shared nodes counted once per use; memoised, capped). */
function expandedSize(v: YValue, memo: WeakMap<YValue, number>): number {
  if (v.kind === 'scalar' || v.kind === 'ref') return 1;
  const hit = memo.get(v);
  if (hit !== undefined) return hit;
  let n = 1;
  const kids = v.kind === 'seq' ? v.items : [...v.entries.values()].map((e) => e.value);
  for (const k of kids) { n += expandedSize(k, memo); if (n > MAX_EXPANDED_NODES) break; }
  memo.set(v, n);
  return n;
}

function yamlToJs(v: YValue): unknown {
  switch (v.kind) {
    case 'scalar': return v.value;
    case 'seq': return v.items.filter((i) => i.kind !== 'ref').map(yamlToJs);
    case 'ref': return null; // only reached for the root, which validateCi does not convert
    case 'map': {
      const o: Record<string, unknown> = Object.create(null);
      for (const [k, e] of v.entries) if (e.value.kind !== 'ref') o[k] = yamlToJs(e.value);
      return o;
    }
  }
}

function tomlToJs(v: TValue): unknown {
  switch (v.kind) {
    case 'scalar': return v.value;
    case 'array': return v.items.map(tomlToJs);
    case 'table': {
      const o: Record<string, unknown> = Object.create(null);
      for (const [k, e] of v.entries) o[k] = tomlToJs(e.value);
      return o;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A small view of either tree: what the error mapping needs.

interface Span { start: number; end: number }
interface TreeNode {
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

function yamlTree(root: YValue): TreeNode {
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

function tomlTree(root: TTable): TreeNode {
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
function entrySpan(e: TEntry): Span {
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

// ---------------------------------------------------------------------------------------------------------------
// ajv errors → problems.

interface Options { kind: 'ci' | 'runner'; caseInsensitiveKeys: boolean }

interface Located {
  err: ErrorObject;
  segs: string[];
  path: string;
  node: TreeNode | undefined;
  /** The error is about content that is not known: its path runs through (or ends at) such a node, or it is a
   * `required`/`minItems` error caused by a `!reference` left out of the data. */
  throughUnknown: boolean;
}

const COMPOSITE = new Set(['oneOf', 'anyOf', 'if', 'not', 'then', 'else', 'allOf', '$ref']);

function decodePointer(p: string): string[] {
  if (p === '') return [];
  return p.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function locate(root: TreeNode, err: ErrorObject): Located {
  const segs = decodePointer(err.instancePath);
  let node: TreeNode | undefined = root;
  let throughUnknown = root.unknown;
  for (const seg of segs) {
    const next: { node: TreeNode } | undefined = node?.child(seg);
    node = next?.node;
    if (!node) break;
    if (node.unknown) throughUnknown = true;
  }
  if (node && !throughUnknown) {
    const kw = err.keyword;
    if (kw === 'required' && node.removedKeys?.has(String((err.params as { missingProperty: string }).missingProperty))) throughUnknown = true;
    if ((kw === 'minItems' || kw === 'uniqueItems' || kw === 'minProperties') && (node.lostItems || node.removedKeys)) throughUnknown = true;
  }
  return { err, segs, path: err.instancePath, node, throughUnknown };
}

function pointerOf(segs: string[]): string {
  return segs.map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

function toProblems(errors: ErrorObject[], root: TreeNode, opts: Options): SchemaProblem[] {
  const all = errors.map((e) => locate(root, e));

  // Case-insensitive key names (runner config): a key matching a known one but for case is that key.
  const relevant = all.filter((l) => {
    if (l.err.keyword !== 'additionalProperties' || !opts.caseInsensitiveKeys) return true;
    const key = String((l.err.params as { additionalProperty: string }).additionalProperty).toLowerCase();
    const props = Object.keys((l.err.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    return !props.some((p) => p.toLowerCase() === key);
  });

  // The most specific errors: a type mismatch at P is moot when a branch accepted P's type (some other error at
  // P, or anything below P); a composite failure is moot when any concrete error explains it. The errors that
  // will be dropped for running through unknown content still count here: they are why a branch failed.
  // (Sets of paths, not pairwise comparison: a file with hundreds of `!reference`s yields thousands of errors.)
  const concreteAtOrBelow = new Set<string>();
  const concreteBelow = new Set<string>();
  const nonTypeAt = new Set<string>();
  for (const l of relevant) {
    if (COMPOSITE.has(l.err.keyword)) continue;
    if (l.err.keyword !== 'type') nonTypeAt.add(l.path);
    concreteAtOrBelow.add(l.path);
    for (let i = l.segs.length - 1; i >= 0; i--) {
      const anc = pointerOf(l.segs.slice(0, i));
      if (concreteBelow.has(anc)) break; // its ancestors are in both sets already
      concreteBelow.add(anc);
      concreteAtOrBelow.add(anc);
    }
  }
  const kept = relevant.filter((l) => {
    if (l.throughUnknown) return false;
    const kw = l.err.keyword;
    if (kw === 'type') return !nonTypeAt.has(l.path) && !concreteBelow.has(l.path);
    // `not` (GitLab's schema: `when` must not be `delayed` in the branch without `start_in`) comes paired with a
    // concrete error about the enclosing map, which says it better.
    if (kw === 'not' && l.segs.length && concreteAtOrBelow.has(pointerOf(l.segs.slice(0, -1)))) return false;
    if (COMPOSITE.has(kw)) return !concreteAtOrBelow.has(l.path);
    return true;
  });

  // Group by location; one message per distinct complaint.
  const byPath = new Map<string, Located[]>();
  for (const l of kept) {
    const g = byPath.get(l.path);
    if (g) g.push(l); else byPath.set(l.path, [l]);
  }
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  const push = (p: SchemaProblem) => {
    const k = `${p.file}:${p.start}:${p.end}:${p.message}`;
    if (!seen.has(k)) { seen.add(k); out.push(p); }
  };
  for (const group of byPath.values()) {
    const { node, segs } = group[0];
    const target = node ?? root;
    const unknownKeys = group.filter((l) => l.err.keyword === 'additionalProperties');
    if (unknownKeys.length) {
      for (const l of unknownKeys) {
        const key = String((l.err.params as { additionalProperty: string }).additionalProperty);
        const span = target.keySpan(key) ?? target.mark;
        push({ file: target.file, ...span, message: unknownKeyMessage(key, segs, l.err, opts), severity: severityOf(l.err, opts) });
      }
      continue;
    }
    const types = group.filter((l) => l.err.keyword === 'type');
    if (types.length) {
      push({ file: target.file, ...markOf(target), message: typeMessage(segs, types.map((t) => t.err), target, opts), severity: worst(types.map((t) => severityOf(t.err, opts))) });
    }
    for (const l of group) {
      if (l.err.keyword === 'type') continue;
      push({ file: target.file, ...markOf(target), message: otherMessage(segs, l.err, target, opts), severity: severityOf(l.err, opts) });
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

function markOf(n: TreeNode): Span { return n.mark; }

function worst(s: ('error' | 'warning')[]): 'error' | 'warning' { return s.includes('error') ? 'error' : 'warning'; }

function severityOf(err: ErrorObject, opts: Options): 'error' | 'warning' {
  if (opts.kind === 'ci') return 'error';
  const declared = (err.parentSchema as { 'x-severity'?: string } | undefined)?.['x-severity'];
  if (declared === 'warning' || declared === 'error') return declared;
  // GitLab Runner ignores keys it does not know; a wrong type or value stops it from loading the config.
  return err.keyword === 'additionalProperties' ? 'warning' : 'error';
}

// ---------------------------------------------------------------------------------------------------------------
// Messages.

/** How a location is named in a message: `image`, `script[2]`, `[runners.docker]`… */
function nameOf(segs: string[], opts: Options): string {
  if (opts.kind === 'runner') return tomlTableName(segs);
  let k = segs.length - 1;
  while (k >= 0 && /^\d+$/.test(segs[k])) k--;
  if (k < 0) return segs.length ? `item ${segs.join('.')}` : 'the file';
  return '`' + segs[k] + segs.slice(k + 1).map((i) => `[${i}]`).join('') + '`';
}

function tomlTableName(segs: string[]): string {
  if (segs.length === 0) return 'the config';
  let k = segs.length - 1;
  while (k >= 0 && /^\d+$/.test(segs[k])) k--;
  if (k < 0) return 'the config';
  const own = '`' + segs[k] + segs.slice(k + 1).map((i) => `[${i}]`).join('') + '`';
  return k === 0 ? `${own} (top level)` : `${own} ${tableLabel(segs.slice(0, k))}`;
}

function tableLabel(segs: string[]): string {
  if (segs.length === 0) return 'at the top level';
  const names = segs.filter((s) => !/^\d+$/.test(s));
  const arrayItem = /^\d+$/.test(segs[segs.length - 1]);
  return `in ${arrayItem ? `[[${names.join('.')}]]` : `[${names.join('.')}]`}`;
}

function unknownKeyMessage(key: string, segs: string[], err: ErrorObject, opts: Options): string {
  const props = Object.keys((err.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  const guess = suggest(key, props);
  const hint = guess ? ` Did you mean '${guess}'?` : '';
  if (opts.kind === 'runner') {
    return `'${key}' is not a GitLab Runner setting ${tableLabel(segs)}: the runner ignores it.${hint}`;
  }
  const jobLevel = segs.length === 1 && (segs[0] === 'default' || !GLOBAL_KEYWORDS.has(segs[0]));
  if (jobLevel) return `'${key}' is not a GitLab CI keyword.${hint}`;
  return `'${key}' is not a valid key in ${nameOf(segs, opts)}.${hint}${!guess && props.length && props.length <= 10 ? ` Allowed: ${props.join(', ')}.` : ''}`;
}

/** Top-level keywords that are not jobs (a map under any other top-level key is a job). */
const GLOBAL_KEYWORDS = new Set(['spec', 'image', 'services', 'before_script', 'after_script', 'variables', 'cache', 'stages', 'include', 'pages', 'workflow', '!reference']);

const TYPE_WORDS: Record<string, string> = {
  string: 'a string', array: 'a list', object: 'a map', boolean: 'true or false', integer: 'a whole number', number: 'a number', null: 'empty',
};

function typeMessage(segs: string[], errs: ErrorObject[], node: TreeNode, opts: Options): string {
  const wanted: string[] = [];
  for (const e of errs) {
    const t = (e.params as { type: string | string[] }).type;
    for (const one of Array.isArray(t) ? t : String(t).split(',')) {
      let w = TYPE_WORDS[one] ?? one;
      if (one === 'object') {
        const req = (e.parentSchema as { required?: string[] } | undefined)?.required;
        if (req?.length) w = `a map with ${req.map((r) => '`' + r + '`').join(' and ')}`;
      }
      if (one === 'array') {
        const it = (e.parentSchema as { items?: { type?: string } } | undefined)?.items;
        if (it && typeof it === 'object' && it.type === 'string') w = 'a list of strings';
      }
      if (!wanted.includes(w)) wanted.push(w);
    }
  }
  // "a whole number or a number" reads oddly: a number covers it.
  if (wanted.includes('a number')) { const i = wanted.indexOf('a whole number'); if (i >= 0) wanted.splice(i, 1); }
  const found = describe(errs[0].data, node);
  if (opts.kind === 'ci' && segs.length === 1 && !GLOBAL_KEYWORDS.has(segs[0]) && segs[0] !== 'default' && wanted.length === 1 && wanted[0] === 'a map') {
    return `${nameOf(segs, opts)} is not a global keyword, so GitLab reads it as a job, and a job must be a map of job keywords${found ? `, not ${found}` : ''}.`;
  }
  return `${nameOf(segs, opts)} must be ${joinOr(wanted)}${found ? `, not ${found}` : ''}.`;
}

function describe(data: unknown, node: TreeNode): string {
  if (node.unknown) return '';
  if (data === null) return 'empty';
  if (Array.isArray(data)) return 'a list';
  switch (typeof data) {
    case 'string': return `the string ${quote(data)}`;
    case 'number': return Number.isInteger(data) ? `the number ${data}` : `the number ${data}`;
    case 'boolean': return `${data}`;
    case 'object': return 'a map';
    default: return '';
  }
}

function otherMessage(segs: string[], err: ErrorObject, node: TreeNode, opts: Options): string {
  const name = nameOf(segs, opts);
  const p = err.params as Record<string, any>;
  switch (err.keyword) {
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).filter((v) => v !== '').map((v) => quote(String(v)));
      return `${name} must be one of ${allowed.join(', ')}, not ${describeValue(err.data)}.`;
    }
    case 'const': return `${name} must be ${quote(String(p.allowedValue))}, not ${describeValue(err.data)}.`;
    case 'required': {
      if (opts.kind === 'ci' && p.missingProperty === 'start_in') return `${segs.length === 1 ? `Job ${name}` : name} has \`when: delayed\`, which needs \`start_in\` (for example \`start_in: 30 minutes\`).`;
      const where = segs.length === 0 ? 'The file' : opts.kind === 'ci' && segs.length === 1 ? `Job ${name}` : name;
      return `${where} is missing the required key '${p.missingProperty}'.`;
    }
    case 'minLength': return p.limit === 1 ? `${name} must not be empty.` : `${name} must be at least ${p.limit} characters long.`;
    case 'maxLength': return `${name} must be at most ${p.limit} characters long.`;
    case 'minItems': return p.limit === 1 ? `${name} must not be an empty list.` : `${name} must have at least ${p.limit} items.`;
    case 'maxItems': return `${name} must have at most ${p.limit} item${p.limit === 1 ? '' : 's'}.`;
    case 'minimum': case 'exclusiveMinimum': return `${name} must be ${err.keyword === 'minimum' ? '≥' : '>'} ${p.limit}, not ${describeValue(err.data)}.`;
    case 'maximum': case 'exclusiveMaximum': return `${name} must be ${err.keyword === 'maximum' ? '≤' : '<'} ${p.limit}, not ${describeValue(err.data)}.`;
    case 'minProperties': return `${name} must not be an empty map.`;
    case 'uniqueItems': return `${name} must not list the same value twice (items ${p.j} and ${p.i}).`;
    case 'pattern': {
      const desc = (err.parentSchema as { description?: string } | undefined)?.description;
      if (opts.kind === 'runner' && segs.includes('environment')) return `${name} must have the form NAME=value, not ${describeValue(err.data)}.`;
      return `${name} has an unexpected form${desc ? ` (${desc.replace(/\.$/, '')})` : ''}: ${describeValue(err.data)} does not match ${p.pattern}.`;
    }
    case 'format': return `${name} is not a valid ${p.format}: ${describeValue(err.data)}.`;
    case 'oneOf': return `${name} matches more than one of its allowed forms; check its keys.`;
    case 'anyOf': return `${name} does not match any of its allowed forms.`;
    case 'not': return `${name} has a value that is not allowed here: ${describeValue(err.data)}.`;
    case 'propertyNames': return `${name} has an invalid key name.`;
    case 'dependencies': case 'dependentRequired': return `${name} must also set '${p.missingProperty}' when it sets '${p.property}'.`;
    default: return `${name} ${err.message ?? 'is not valid'}.`;
  }
}

function describeValue(v: unknown): string {
  if (v === null) return 'an empty value';
  if (typeof v === 'string') return quote(v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return String(v);
}

function quote(s: string): string {
  const short = s.length > 60 ? s.slice(0, 57) + '…' : s;
  return `'${short}'`;
}

function joinOr(words: string[]): string {
  if (words.length <= 1) return words[0] ?? 'something else';
  return words.slice(0, -1).join(', ') + ' or ' + words[words.length - 1];
}

/** The closest known key, when it is close enough to be a typo (edit distance ≤ 2, or a case difference). */
export function suggest(key: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = key.length <= 4 ? 1 : 2;
  for (const k of known) {
    if (k.toLowerCase() === key.toLowerCase()) return k;
    const d = distance(key.toLowerCase(), k.toLowerCase(), limit);
    if (d < bestD) { bestD = d; best = k; }
  }
  if (bestD <= limit) return best;
  // a singular/plural slip: `runner` for `runners`, `services` for `service`
  return known.find((k) => k === key + 's' || k + 's' === key);
}

/** Damerau-Levenshtein (optimal string alignment) distance, giving up above `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
