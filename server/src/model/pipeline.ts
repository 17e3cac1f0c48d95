/**
 * The effective pipeline, built in GitLab's order (https://docs.gitlab.com/ci/yaml/includes/ and
 * https://docs.gitlab.com/ci/yaml/#extends): YAML anchors and `<<` (done by the parser) →
 * `include: local` (deep merge of maps, later include wins, main wins, arrays replaced) → `extends` (several
 * parents, deep merge, `key: null` removes, depth 11, cycles reported) → `!reference` (depth 10, flattened in
 * script keywords) → `default:` / deprecated top-level keywords with `inherit:` → variables (global < job).
 * Every value keeps its origin (file + offsets), so findings land where the value is written.
 *
 * A pipeline whose configuration cannot be fully known (remote, project, template or component includes, an
 * include that cannot be read, interpolated include paths) is `partial`: a key that is absent may still come from
 * the part we cannot see, and rules stay quiet about absences then.
 */
import picomatch from 'picomatch';
import type { Severity, Span } from '../engine/types';
import { scalarOffsetMap } from '../formats/helm';
import { clip } from '../formats/text';
import { entry, get, items, str, type ParsedYaml, type YEntry, type YMap, type YScalar, type YValue } from '../formats/yaml';
import { defaultAliases, parseImageRef, splitAliases, type ImageRef } from './docker';
import { splitCommands, type Command, type Heredoc, type Word } from './shell';

/** GitLab's global keywords: any other top-level key is a job (GitLab: `Entry::Root::ALLOWED_KEYS`, lib/gitlab/ci/config/entry/root.rb; `spec` is the header document). */
export const GLOBAL_KEYWORDS = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'spec']);
export const DEFAULT_KEYWORDS = ['after_script', 'artifacts', 'before_script', 'cache', 'hooks', 'id_tokens', 'image', 'interruptible', 'retry', 'services', 'tags', 'timeout'];
export const TOP_LEVEL_DEFAULTS = ['image', 'services', 'cache', 'before_script', 'after_script'];
const SCRIPT_KEYS = ['before_script', 'script', 'after_script'] as const;
const MAX_EXTENDS_DEPTH = 11;
const MAX_REFERENCE_DEPTH = 10;
/** What GitLab says of a local include that matches no file, and what to do. */
const NOT_FOUND = 'GitLab fails with `Local file … does not exist!`. Local include paths start at the project root: fix the path, or add the file.';

export interface PipelineProblem {
  code: 'include-not-found' | 'extends-unresolved' | 'reference-unresolved' | 'extends-cycle' | 'extends-too-deep' | 'reference-cycle' | 'reference-too-deep' | 'top-level-default-conflict';
  /** One sentence of at most 100 characters (what is wrong, what breaks); `message` is then the detail after it. */
  headline?: string;
  message: string;
  at: Span;
  severity: Severity;
  /** The include path as written (include problems). */
  target?: string;
}

export interface IncludeInfo { kind: 'local' | 'remote' | 'project' | 'template' | 'component' | 'unknown'; target: string; at: Span; files: string[] }

export interface Variable {
  name: string;
  /** The value as text; undefined when it is not a scalar (e.g. a `!reference`). */
  value: string | undefined;
  entry: YEntry;
  /** The node of the value (for `{value: …}` forms, the inner `value`). */
  valueNode: YValue;
  scope: 'global' | 'job' | 'service' | 'runner';
}

export interface Service {
  index: number;
  node: YValue;
  nameNode: YScalar | undefined;
  name: string;
  ref: ImageRef;
  explicitAliases: { alias: string; node: YScalar }[];
  /** Default + explicit aliases; undefined when the name's path holds variables (and no explicit alias says more). */
  aliases: string[] | undefined;
  command?: { items: string[]; node: YValue };
  entrypoint?: { items: string[]; node: YValue };
  variables: Map<string, Variable>;
  variablesNode?: YMap;
  /** Where the services list came from. */
  source: KeySource;
}

export type KeySource = 'own' | 'extends' | 'default' | 'reference';

export interface ScriptLine {
  section: (typeof SCRIPT_KEYS)[number];
  node: YScalar;
  text: string;
  /** The line comes from `default:`/top-level or a parent through `extends`, not from the job itself. */
  source: KeySource;
  /** Maps an offset in `text` to an offset in the file of `node`. */
  toFile(o: number): number;
}

export interface JobCommand extends Command { line: ScriptLine }

export interface Job {
  name: string;
  /** Where the job is defined (its key). */
  entry: YEntry;
  config: YMap;
  partial: boolean;
  keySource: Map<string, KeySource>;
  image?: { ref: ImageRef; nameNode: YScalar; node: YValue; entrypoint?: { items: string[]; node: YValue } };
  services: Service[];
  variables: Map<string, Variable>;
  scripts: ScriptLine[];
  /** Whether the job inherits global variables at all (`inherit: variables: false`). */
  inheritsVariables: boolean | string[];
  inheritsDefault: boolean | string[];
}

export interface Pipeline {
  main: string;
  files: string[];
  includes: IncludeInfo[];
  partial: boolean;
  config: YMap;
  jobs: Job[];
  problems: PipelineProblem[];
  globalVariables: Map<string, Variable>;
  /** `default:` keys and deprecated top-level ones, as inherited. */
  defaults: Map<string, YEntry>;
  /** Parsed files of the pipeline (main first). */
  parsed: Map<string, ParsedYaml>;
  /**
   * A job or a hidden template by name, effective (extends, !reference, default, variables), for front ends that
   * show one: templates are made on demand, and their problems are not the pipeline's (each job reports its own).
   */
  jobNamed(name: string): Job | undefined;
}

export interface PipelineLoader {
  /** Parsed file, or an error message when it cannot be read. */
  load(path: string): ParsedYaml | { error: string } | undefined;
  /** The project root that local include paths are relative to. */
  root: string;
  /** Files below the root, for include globs. */
  listFiles?(): string[];
  /**
   * The main file is a fragment (a CI file no `.gitlab-ci.yml` of the workspace includes): whatever includes it in
   * GitLab may add templates, defaults and variables, so the pipeline is only partially known.
   */
  fragment?: boolean;
}

const EMPTY_MAP = (file: string): YMap => ({ kind: 'map', file, start: 0, end: 0, entries: new Map(), flow: false });

/** Jobs made between two steps of {@link buildPipelineSteps}. */
export const PIPELINE_STEP_JOBS = 100;

export function buildPipeline(main: string, loader: PipelineLoader): Pipeline {
  const steps = buildPipelineSteps(main, loader);
  for (;;) { const r = steps.next(); if (r.done) return r.value; }
}

/**
 * {@link buildPipeline} as steps, for a front end that answers requests in between: the generator yields after each
 * included file is loaded and every {@link PIPELINE_STEP_JOBS} jobs. Its value is the same pipeline.
 */
export function* buildPipelineSteps(main: string, loader: PipelineLoader): Generator<void, Pipeline, void> {
  const problems: PipelineProblem[] = [];
  const includes: IncludeInfo[] = [];
  const parsed = new Map<string, ParsedYaml>();
  let partial = !!loader.fragment;
  const seen = new Set<string>();

  const loadTree = function* (path: string, depth: number): Generator<void, YMap, void> {
    const p = loader.load(path);
    if (!p || 'error' in p) return EMPTY_MAP(path);
    parsed.set(path, p);
    const root = p.root?.kind === 'map' ? p.root : EMPTY_MAP(path);
    const inc = entry(root, 'include');
    if (!inc || depth > 150) return root;
    // nested includes merge first, in order, later wins; then this file on top
    let merged: YMap = EMPTY_MAP(path);
    for (const info of readIncludes(inc.value, loader)) {
      includes.push(info);
      if (info.kind !== 'local') { partial = true; continue; }
      if (info.files.length === 0) {
        partial = true;
        if (!info.target.includes('$')) problems.push({ code: 'include-not-found', headline: `Local include '${clip(info.target)}' matches no file: GitLab rejects the pipeline.`, message: NOT_FOUND, at: info.at, severity: 'error', target: info.target });
        continue;
      }
      for (const f of info.files) {
        if (seen.has(f)) continue;
        seen.add(f);
        const r = loader.load(f);
        if (!r) { partial = true; problems.push({ code: 'include-not-found', headline: `Local include '${clip(info.target)}' does not exist: GitLab rejects the pipeline.`, message: NOT_FOUND, at: info.at, severity: 'error', target: info.target }); continue; }
        if ('error' in r) { partial = true; problems.push({ code: 'include-not-found', headline: `Local include '${clip(info.target)}' cannot be read: its jobs are not checked.`, message: r.error.replace(/\.?$/, '.'), at: info.at, severity: 'error' }); continue; }
        yield; // the include was read (and parsed)
        merged = deepMerge(merged, yield* loadTree(f, depth + 1), false);
      }
    }
    return deepMerge(merged, root, false);
  };
  seen.add(main);
  const config = yield* loadTree(main, 0);

  const resolver = new Resolver(config, problems, () => partial);
  const globalVariables = readVariables(get(config, 'variables'), 'global');
  const defaults = new Map<string, YEntry>();
  const dflt = get(config, 'default');
  for (const k of TOP_LEVEL_DEFAULTS) {
    const e = entry(config, k);
    if (e) defaults.set(k, e);
    if (e && entry(dflt, k)) problems.push({ code: 'top-level-default-conflict', message: `\`${k}\` is defined in top-level and \`default:\` entry — GitLab rejects the configuration. Keep only \`default:${k}\`.`, at: keySpan(e), severity: 'error' });
  }
  for (const k of DEFAULT_KEYWORDS) { const e = entry(dflt, k); if (e) defaults.set(k, { ...e, value: resolver.resolveRefs(e.value, 0) }); }

  const offsetMap = scriptOffsetMaps(parsed);
  const jobs: Job[] = [];
  for (const [name, e] of config.entries) {
    if (GLOBAL_KEYWORDS.has(name) || name.startsWith('.') || e.value.kind !== 'map') continue;
    if (jobs.length && jobs.length % PIPELINE_STEP_JOBS === 0) yield;
    jobs.push(makeJob(name, e, resolver, defaults, globalVariables, partial, offsetMap));
  }
  const byName = new Map<string, Job | undefined>(jobs.map((j) => [j.name, j]));
  let quiet: Resolver | undefined;
  const jobNamed = (name: string): Job | undefined => {
    if (byName.has(name)) return byName.get(name);
    const e = config.entries.get(name);
    quiet ??= new Resolver(config, [], () => partial);
    const job = e && e.value.kind === 'map' && !GLOBAL_KEYWORDS.has(name) ? makeJob(name, e, quiet, defaults, globalVariables, partial, offsetMap) : undefined;
    byName.set(name, job);
    return job;
  };
  return { main, files: [main, ...seen].filter((f, i, a) => a.indexOf(f) === i && parsed.has(f)), includes, partial, config, jobs, problems, globalVariables, defaults, parsed, jobNamed };
}

function readIncludes(v: YValue, loader: PipelineLoader): IncludeInfo[] {
  const out: IncludeInfo[] = [];
  for (const it of items(v)) {
    const at = { file: it.file, start: it.start, end: it.end };
    if (it.kind === 'scalar') {
      const t = it.text;
      if (/^https?:\/\//.test(t)) out.push({ kind: 'remote', target: t, at, files: [] });
      else out.push({ kind: 'local', target: t, at, files: resolveLocal(t, loader) });
    } else if (it.kind === 'map') {
      const local = str(get(it, 'local'));
      if (local !== undefined) { out.push({ kind: 'local', target: local, at, files: resolveLocal(local, loader) }); continue; }
      const kinds: IncludeInfo['kind'][] = ['remote', 'project', 'template', 'component'];
      const kind = kinds.find((k) => entry(it, k));
      out.push({ kind: kind ?? 'unknown', target: str(get(it, kind ?? 'local')) ?? '', at, files: [] });
    } else out.push({ kind: 'unknown', target: '', at, files: [] });
  }
  return out;
}

function resolveLocal(target: string, loader: PipelineLoader): string[] {
  if (target.includes('$')) return [];
  const rel = target.replace(/^\/+/, '');
  const root = loader.root.replace(/\/+$/, '');
  if (/[*?[{]/.test(rel)) {
    const isMatch = picomatch(rel, { dot: true });
    return (loader.listFiles?.() ?? []).filter((f) => f.startsWith(root + '/') && isMatch(f.slice(root.length + 1))).sort();
  }
  return [`${root}/${rel}`];
}

/** A copy of a map (`new Map(m)` iterates [key, value] pairs: an allocation per entry of every job's maps). */
function copyMap<K, V>(m: ReadonlyMap<K, V>): Map<K, V> {
  const out = new Map<K, V>();
  m.forEach((v, k) => out.set(k, v));
  return out;
}

/** Deep merge of maps (GitLab's include/extends merge): maps recurse, anything else is replaced. */
export function deepMerge(base: YMap, over: YMap, nullRemoves: boolean): YMap {
  if (base.entries.size === 0) return over;
  const entries = copyMap(base.entries);
  over.entries.forEach((e, k) => {
    const b = entries.get(k);
    if (nullRemoves && e.value.kind === 'scalar' && e.value.value === null) { entries.delete(k); return; }
    if (b && b.value.kind === 'map' && e.value.kind === 'map') entries.set(k, { ...e, value: deepMerge(b.value, e.value, nullRemoves) });
    else entries.set(k, e);
  });
  return { ...over, entries };
}

class Resolver {
  private readonly extended = new Map<string, YMap | undefined>();
  private readonly stack: string[] = [];
  constructor(private readonly config: YMap, private readonly problems: PipelineProblem[], private readonly partial: () => boolean) {}

  /** A job or template with its `extends` applied (memoised). */
  extendedJob(name: string, at?: Span): YMap | undefined {
    if (this.extended.has(name)) return this.extended.get(name);
    const e = this.config.entries.get(name);
    if (!e || e.value.kind !== 'map') return undefined;
    if (this.stack.includes(name)) {
      if (at) this.problems.push({ code: 'extends-cycle', message: `\`extends\` forms a cycle: ${[...this.stack, name].join(' → ')}.`, at, severity: 'error' });
      return undefined;
    }
    if (this.stack.length >= MAX_EXTENDS_DEPTH) {
      if (at) this.problems.push({ code: 'extends-too-deep', message: `\`extends\` nests deeper than GitLab's limit of ${MAX_EXTENDS_DEPTH} levels.`, at, severity: 'error' });
      return undefined;
    }
    this.stack.push(name);
    try {
      const own = e.value;
      const ext = entry(own, 'extends');
      let result: YMap = { ...own, entries: new Map() };
      if (ext) {
        for (const p of items(ext.value)) {
          const parent = str(p);
          if (parent === undefined) continue;
          const span = { file: p.file, start: p.start, end: p.end };
          const pm = this.extendedJob(parent, span);
          if (!pm) {
            if (!this.config.entries.has(parent)) this.unresolved('extends-unresolved', parent, span);
            continue;
          }
          result = deepMerge(result, pm, true);
        }
      }
      const ownEntries = copyMap(own.entries);
      ownEntries.delete('extends');
      result = deepMerge(result, { ...own, entries: ownEntries }, true);
      this.extended.set(name, result);
      return result;
    } finally { this.stack.pop(); }
  }

  private reportedUnresolved = new Set<string>();
  unresolved(code: 'extends-unresolved' | 'reference-unresolved', target: string, at: Span) {
    const key = `${at.file}:${at.start}`;
    if (this.reportedUnresolved.has(key)) return;
    this.reportedUnresolved.add(key);
    const partial = this.partial();
    const name = target.split(',')[0];
    const what = code === 'extends-unresolved' ? `\`extends: ${target}\`` : `\`!reference [${target}]\``;
    const headline = partial
      ? `'${clip(name, 40)}' is not in this file or its local includes: another include must define it.`
      : code === 'extends-unresolved'
        ? `\`extends\` names '${clip(name, 40)}', which is not defined: GitLab rejects the pipeline.`
        : `\`!reference\` names '${clip(name, 40)}', which is not defined: GitLab rejects the pipeline.`;
    this.problems.push({
      code, at, severity: partial ? 'info' : 'error', headline,
      message: partial
        ? `${what}: '${name}' must come from a remote, project or template include; if none defines it, GitLab rejects the pipeline.`
        : `${what}: '${name}' is defined neither in this file nor in its local includes. Fix the name, or define it (a template's name starts with a dot).`,
    });
  }

  /** Resolves `!reference` nodes inside a value (memoised per node: anchors make values shared DAGs). */
  private readonly resolved = new WeakMap<YValue, YValue>();

  private hasRefs(v: YValue): boolean { return hasRefs(v); }

  /** The references being followed (a reference met again while it is followed is a cycle). */
  private readonly refStack: YValue[] = [];
  private refProblem(code: 'reference-cycle' | 'reference-too-deep', at: Span, headline: string, message: string) {
    const key = `${code}:${at.file}:${at.start}`;
    if (this.reportedUnresolved.has(key)) return;
    this.reportedUnresolved.add(key);
    this.problems.push({ code, at, headline, message, severity: 'error' });
  }

  resolveRefs(v: YValue, depth: number): YValue {
    if (!this.hasRefs(v)) return v;
    if (v.kind === 'ref') {
      const [job, ...keys] = v.path;
      const span = { file: v.file, start: v.start, end: v.end };
      if (this.refStack.includes(v)) { this.refProblem('reference-cycle', span, `\`!reference [${clip(v.path.join(', '), 40)}]\` is part of a circular chain: GitLab rejects the pipeline.`, 'The chain of references comes back to this one. Break the cycle: a reference must end at a value that has no reference to it.'); return v; }
      if (depth >= MAX_REFERENCE_DEPTH) { this.refProblem('reference-too-deep', span, `\`!reference [${clip(v.path.join(', '), 30)}]\` nests over ${MAX_REFERENCE_DEPTH} levels deep: GitLab rejects the pipeline.`, `GitLab resolves at most ${MAX_REFERENCE_DEPTH} levels of nested \`!reference\` tags. Flatten the chain: point the reference at the value itself.`); return v; }
      let target: YValue | undefined = job !== undefined ? this.extendedJob(job) : undefined;
      if (target === undefined && job !== undefined && this.config.entries.has(job)) target = this.config.entries.get(job)!.value;
      for (const k of keys) target = get(target, k);
      if (!target) { this.unresolved('reference-unresolved', v.path.join(', '), span); return v; }
      this.refStack.push(v);
      try { return this.resolveRefs(target, depth + 1); } finally { this.refStack.pop(); }
    }
    const hit = this.resolved.get(v);
    if (hit) return hit;
    let out: YValue;
    if (v.kind === 'seq') out = { ...v, items: v.items.map((it) => this.resolveRefs(it, depth)) };
    else {
      const entries = new Map<string, YEntry>();
      for (const [k, e] of (v as YMap).entries) { const r = this.resolveRefs(e.value, depth); entries.set(k, r === e.value ? e : { ...e, value: r }); }
      out = { ...(v as YMap), entries };
    }
    this.resolved.set(v, out);
    return out;
  }
}

/** Whether a value holds a `!reference` (memoised per node for good: nodes never change, and edits keep most of them). */
const refFree = new WeakMap<YValue, boolean>();
function hasRefs(v: YValue): boolean {
  if (v.kind === 'ref') return true;
  if (v.kind === 'scalar') return false;
  const known = refFree.get(v);
  if (known !== undefined) return !known;
  let has = false;
  if (v.kind === 'seq') { for (const c of v.items) if (hasRefs(c)) { has = true; break; } }
  else for (const e of v.entries.values()) if (hasRefs(e.value)) { has = true; break; }
  refFree.set(v, !has);
  return has;
}

/** Most script lines a job can have after flattening (GitLab caps nesting at 10; anchors can still multiply). */
const MAX_SCRIPT_LINES = 10_000;

/** Nested sequences of a script keyword, flattened (depth ≤ 10, at most {@link MAX_SCRIPT_LINES} lines). */
function flatten(seq: YValue, depth: number, out: YValue[] = []): YValue[] {
  if (seq.kind !== 'seq' || depth > MAX_REFERENCE_DEPTH) { out.push(seq); return out; }
  for (const i of seq.items) {
    if (out.length >= MAX_SCRIPT_LINES) break;
    if (i.kind === 'seq') flatten(i, depth + 1, out); else out.push(i);
  }
  return out;
}

function makeJob(name: string, e: YEntry, resolver: Resolver, defaults: Map<string, YEntry>, globals: Map<string, Variable>, partial: boolean, offsetMap: (node: YScalar) => (o: number) => number): Job {
  const own = e.value as YMap;
  const extended = resolver.extendedJob(name, keySpan(e)) ?? own;
  const config0 = resolver.resolveRefs(extended, 0) as YMap;
  // (forEach rather than for…of over maps: no [key, value] pair is allocated per entry of every job)
  const keySource = new Map<string, KeySource>();
  config0.entries.forEach((_, k) => {
    const ownE = own.entries.get(k);
    keySource.set(k, ownE ? (ownE.value.kind === 'ref' ? 'reference' : 'own') : 'extends');
  });
  const inherit = get(config0, 'inherit');
  const inheritsDefault = inheritFlag(get(inherit, 'default'));
  const inheritsVariables = inheritFlag(get(inherit, 'variables'));
  const entries = copyMap(config0.entries);
  defaults.forEach((de, k) => {
    if (entries.has(k)) return;
    if (inheritsDefault === false || (Array.isArray(inheritsDefault) && !inheritsDefault.includes(k))) return;
    entries.set(k, de);
    keySource.set(k, 'default');
  });
  const config: YMap = { ...config0, entries };
  const variables = new Map<string, Variable>();
  globals.forEach((v, k) => {
    if (inheritsVariables === false || (Array.isArray(inheritsVariables) && !inheritsVariables.includes(k))) return;
    variables.set(k, v);
  });
  jobVariables(get(config, 'variables')).forEach((v, k) => {
    if (v.valueNode.kind === 'scalar' && v.valueNode.value === null) variables.delete(k);
    else variables.set(k, v);
  });
  return {
    name, entry: e, config, partial, keySource, inheritsDefault, inheritsVariables,
    image: readImage(get(config, 'image')),
    services: readServices(get(config, 'services'), keySource.get('services') ?? 'own'),
    variables,
    scripts: readScripts(config, keySource, offsetMap),
  };
}

function inheritFlag(v: YValue | undefined): boolean | string[] {
  if (!v) return true;
  if (v.kind === 'scalar') return v.value !== false && v.text !== 'false';
  if (v.kind === 'seq') return v.items.map((i) => str(i) ?? '');
  return true;
}

/**
 * The job-scope variables of a `variables:` node, made once per node and shared (read only) by every job and every
 * later pipeline with the same node, as the jobs extending one template have.
 */
const jobVariablesMemo = new WeakMap<YValue, Map<string, Variable>>();
const NO_VARIABLES: ReadonlyMap<string, Variable> = new Map();
function jobVariables(v: YValue | undefined): ReadonlyMap<string, Variable> {
  if (v?.kind !== 'map') return NO_VARIABLES;
  let hit = jobVariablesMemo.get(v);
  if (!hit) jobVariablesMemo.set(v, (hit = readVariables(v, 'job')));
  return hit;
}

export function readVariables(v: YValue | undefined, scope: Variable['scope']): Map<string, Variable> {
  const out = new Map<string, Variable>();
  if (v?.kind !== 'map') return out;
  for (const [name, e] of v.entries) {
    let valueNode = e.value;
    if (valueNode.kind === 'map') valueNode = get(valueNode, 'value') ?? valueNode;
    const value = valueNode.kind === 'scalar' ? valueNode.text : undefined;
    out.set(name, { name, value, entry: e, valueNode, scope });
  }
  return out;
}

/** The image of an `image:` node, made once per node and shared like services (see {@link readServices}). */
const imageMemo = new WeakMap<YValue, { image: Job['image'] }>();
function readImage(v: YValue | undefined): Job['image'] {
  if (!v) return undefined;
  let hit = imageMemo.get(v);
  if (!hit) imageMemo.set(v, (hit = { image: readImageNow(v) }));
  return hit.image;
}

function readImageNow(v: YValue): Job['image'] {
  const nameNode = v.kind === 'scalar' ? v : get(v, 'name');
  if (nameNode?.kind !== 'scalar' || nameNode.value === null) return undefined;
  const ep = get(v, 'entrypoint');
  return { ref: parseImageRef(nameNode.text), nameNode, node: v, entrypoint: ep ? { items: items(ep).map((i) => str(i) ?? ''), node: ep } : undefined };
}

/**
 * The services of a `services:` node, by where the job got the key: made once per node and shared by every job (and
 * every later pipeline) that has the same node, as jobs extending one template do. Nothing in a Service is per job.
 */
const servicesMemo = new WeakMap<YValue, Partial<Record<KeySource, Service[]>>>();
const NO_SERVICES: Service[] = Object.freeze([]) as unknown as Service[];
function readServices(v: YValue | undefined, source: KeySource): Service[] {
  if (!v || v.kind !== 'seq') return NO_SERVICES;
  let bySource = servicesMemo.get(v);
  if (!bySource) servicesMemo.set(v, (bySource = {}));
  return (bySource[source] ??= readServicesNow(v, source));
}

function readServicesNow(v: YValue & { kind: 'seq' }, source: KeySource): Service[] {
  const out: Service[] = [];
  v.items.forEach((it, index) => {
    const nameNode = it.kind === 'scalar' ? it : get(it, 'name');
    if (nameNode?.kind !== 'scalar' || nameNode.value === null) return;
    const ref = parseImageRef(nameNode.text);
    const explicitAliases: Service['explicitAliases'] = [];
    const aliasNode = get(it, 'alias');
    if (aliasNode?.kind === 'scalar' && aliasNode.value !== null) for (const a of splitAliases(aliasNode.text)) explicitAliases.push({ alias: a, node: aliasNode });
    const defaults = defaultAliases(ref);
    const explicit = explicitAliases.map((a) => a.alias).filter((a) => !a.includes('$'));
    const aliases = defaults === undefined ? (explicit.length ? explicit : undefined) : [...defaults, ...explicit];
    const cmd = get(it, 'command');
    const ep = get(it, 'entrypoint');
    const varsNode = get(it, 'variables');
    out.push({
      index, node: it, nameNode, name: nameNode.text, ref, explicitAliases,
      aliases: explicitAliases.some((a) => a.alias.includes('$')) ? undefined : aliases,
      command: cmd ? { items: items(cmd).map((i) => str(i) ?? ''), node: cmd } : undefined,
      entrypoint: ep ? { items: items(ep).map((i) => str(i) ?? ''), node: ep } : undefined,
      variables: readVariables(varsNode, 'service'),
      variablesNode: varsNode?.kind === 'map' ? varsNode : undefined,
      source,
    });
  });
  return out;
}

function readScripts(config: YMap, keySource: Map<string, KeySource>, offsetMap: (node: YScalar) => (o: number) => number): ScriptLine[] {
  const out: ScriptLine[] = [];
  for (const section of SCRIPT_KEYS) {
    const v = get(config, section);
    if (!v) continue;
    const source = keySource.get(section) ?? 'own';
    for (const it of flatten(v.kind === 'seq' ? v : { kind: 'seq', file: v.file, start: v.start, end: v.end, items: [v], flow: false }, 0)) {
      if (it.kind !== 'scalar' || it.value === null) continue;
      out.push({ section, node: it, text: it.text, source, toFile: offsetMap(it) });
    }
  }
  return out;
}

/**
 * The offset maps of a pipeline's script lines, made on first use: one per script node, shared by every job that
 * inherits the line, and living as long as the pipeline. (Not a module-wide cache keyed by nodes: an incremental
 * re-parse shares the nodes of unchanged entries with the next parse, so such a cache kept every earlier pipeline,
 * its parse and its jobs alive through the maps it made.)
 */
function scriptOffsetMaps(parsed: Map<string, ParsedYaml>): (node: YScalar) => (o: number) => number {
  const maps = new Map<YScalar, (o: number) => number>();
  return (node) => {
    let m = maps.get(node);
    if (m) return m;
    let f: ((o: number) => number) | undefined;
    m = (o) => {
      if (!f) {
        const text = parsed.get(node.file)?.text;
        f = text === undefined ? () => node.start : scalarOffsetMap(text, node, node.text);
      }
      return f(o);
    };
    maps.set(node, m);
    return m;
  };
}

const NO_WORDS: Word[] = Object.freeze([]) as unknown as Word[];
const NO_HEREDOCS: Heredoc[] = Object.freeze([]) as unknown as Heredoc[];
/** The commands of one script node with file offsets: computed once, shared by every job that inherits the line. */
const lineCommands = new WeakMap<YScalar, Command[]>();
function commandsOfLine(line: ScriptLine): Command[] {
  let out = lineCommands.get(line.node);
  if (out && line.text === line.node.text) return out;
  out = [];
  for (const c of splitCommands(line.text)) {
    // plain object literals (not spreads): 250,000 words of a 9,000-job file stay about 25 MB
    const word = (w: Word): Word => { const start = line.toFile(w.start); return { text: w.text, start, end: Math.max(start, line.toFile(w.end)), quoted: w.quoted }; };
    out.push({
      words: c.words.map(word),
      assignments: c.assignments.length ? c.assignments.map(word) : NO_WORDS,
      heredocs: c.heredocs.length ? c.heredocs.map((h) => ({ ...h, opStart: line.toFile(h.opStart), opEnd: line.toFile(h.opEnd), bodyStart: line.toFile(h.bodyStart), bodyEnd: line.toFile(h.bodyEnd) })) : NO_HEREDOCS,
      start: line.toFile(c.start), end: line.toFile(c.end),
      substituted: c.substituted,
    });
  }
  if (line.text === line.node.text) lineCommands.set(line.node, out);
  return out;
}

const commandsMemo = new WeakMap<Job, JobCommand[]>();
/** Every shell command of a job's scripts, with file offsets (memoised). */
export function jobCommands(job: Job): JobCommand[] {
  let out = commandsMemo.get(job);
  if (out) return out;
  out = [];
  for (const line of job.scripts) {
    for (const c of commandsOfLine(line)) out.push({ words: c.words, assignments: c.assignments, heredocs: c.heredocs, start: c.start, end: c.end, substituted: c.substituted, line });
  }
  commandsMemo.set(job, out);
  return out;
}

export function keySpan(e: YEntry): Span { return { file: e.file, start: e.keyStart, end: e.keyEnd }; }
export function valueSpan(v: YValue): Span { return { file: v.file, start: v.start, end: v.end }; }
