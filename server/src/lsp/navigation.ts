/**
 * Go to definition, find references and document links in GitLab CI files, across local includes:
 * `extends:`, `needs:`, `dependencies:` and `!reference [job, key…]` → the job or template (and the key; the
 * references of a key written in a job are the `!reference`s that resolve to it),
 * `stage:` → the `stages:` item, YAML aliases → their anchor (in any YAML file the server serves), and
 * `include: local` paths → the file. Reads the engine's cached parses and pipelines; never runs the rules.
 */
import type { DocumentLink, Location, Position } from 'vscode-languageserver';
import type { Pipeline } from '../model/pipeline';
import { ciFileIndex, useAt, type CiFileIndex, type NameUse } from '../model/ci-index';
import { anchorMarks, anchorOf, type AnchorMark } from '../formats/yaml-anchors';
import { get, items, type ParsedYaml, type YEntry, type YValue } from '../formats/yaml';
import type { LineIndex } from '../formats/text';
import type { FileKind } from '../engine/types';

/** What navigation reads from the engine (a `Workspace`). */
export interface NavEngine {
  pipelinesOf(path: string): Pipeline[];
  parsedYaml(path: string): ParsedYaml | undefined;
  linesOf(path: string): LineIndex | undefined;
  kindOf(path: string): FileKind | undefined;
}

export interface NavContext {
  engine: NavEngine;
  uriOf(path: string): string;
}

interface Place { file: string; start: number; end: number }

/** The symbol under the cursor: a job/template name, a stage, a `!reference` key, an anchor, an include path. */
type Target =
  | { kind: 'job'; name: string }
  | { kind: 'stage'; name: string }
  | { kind: 'ref-key'; path: string[]; index: number; /** the key itself (in a job), not a `!reference` naming it */ written?: boolean }
  | { kind: 'anchor'; file: string; anchor: AnchorMark }
  | { kind: 'file'; file: string };

export function definition(ctx: NavContext, path: string, pos: Position): Location[] {
  const t = targetAt(ctx.engine, path, pos);
  if (!t) return [];
  let places: Place[];
  switch (t.kind) {
    case 'anchor': places = [{ file: t.file, ...span(t.anchor) }]; break;
    case 'file': places = [{ file: t.file, start: 0, end: 0 }]; break;
    case 'job': places = jobDefinitions(ctx.engine, path, t.name); break;
    case 'stage': places = stageDefinitions(ctx.engine, path, t.name); break;
    case 'ref-key':
      places = refKeyDefinitions(ctx.engine, path, t.path, t.index);
      // on the key itself: itself (so VS Code offers its references), but only when a `!reference` names it
      if (t.written && !refKeyUses(ctx.engine, path, t.index, places).length) places = [];
      break;
  }
  return toLocations(ctx, places);
}

export function references(ctx: NavContext, path: string, pos: Position, includeDeclaration: boolean): Location[] {
  const t = targetAt(ctx.engine, path, pos);
  if (!t) return [];
  const places: Place[] = [];
  if (t.kind === 'anchor') {
    const p = ctx.engine.parsedYaml(t.file);
    if (!p) return [];
    const marks = anchorMarks(p.text);
    if (includeDeclaration) places.push({ file: t.file, ...span(t.anchor) });
    for (const a of marks.aliases) if (anchorOf(marks, a) === t.anchor) places.push({ file: t.file, ...span(a) });
  } else if (t.kind === 'ref-key') {
    const defs = refKeyDefinitions(ctx.engine, path, t.path, t.index);
    const uses = refKeyUses(ctx.engine, path, t.index, defs);
    // a key that no reference names is no symbol: nothing, as on any other key
    if (uses.length || !t.written) {
      if (includeDeclaration) places.push(...defs);
      places.push(...uses);
    }
  } else if (t.kind === 'job' || t.kind === 'stage') {
    if (includeDeclaration) places.push(...(t.kind === 'job' ? jobDefinitions(ctx.engine, path, t.name) : stageDefinitions(ctx.engine, path, t.name)));
    for (const idx of indexes(ctx.engine, path)) {
      for (const u of idx.uses) if (u.kind === t.kind && u.name === t.name) places.push({ file: idx.file, start: u.start, end: u.end });
    }
  }
  return toLocations(ctx, dedupe(places));
}

/** Links on `include: local` paths (scalar and `- local:` forms) that name exactly one readable file. */
export function documentLinks(ctx: NavContext, path: string): DocumentLink[] {
  const eng = ctx.engine;
  const p = eng.parsedYaml(path);
  const lines = eng.linesOf(path);
  if (!p || !lines || eng.kindOf(path) !== 'gitlab-ci') return [];
  const out: DocumentLink[] = [];
  for (const { node, files } of localIncludes(eng, path, p)) {
    if (files.length !== 1) continue;
    const range = lines.range(...inner(p.text, node));
    out.push({ range, target: ctx.uriOf(files[0]), tooltip: `Open ${files[0].split('/').pop()}` });
  }
  return out;
}

// ---- what is under the cursor ----

function targetAt(eng: NavEngine, path: string, pos: Position): Target | undefined {
  const p = eng.parsedYaml(path);
  const lines = eng.linesOf(path);
  if (!p || !lines) return undefined;
  const o = lines.offset(pos);
  const marks = anchorMarks(p.text);
  const alias = marks.aliases.find((a) => a.start <= o && o <= a.end);
  if (alias) { const anchor = anchorOf(marks, alias); return anchor ? { kind: 'anchor', file: path, anchor } : undefined; }
  const anchor = marks.anchors.find((a) => a.start <= o && o <= a.end);
  if (anchor) return { kind: 'anchor', file: path, anchor };
  if (eng.kindOf(path) !== 'gitlab-ci') return undefined;
  const idx = ciFileIndex(p);
  const u: NameUse | undefined = useAt(idx, o);
  if (u) {
    if (u.kind === 'ref-key' && u.ref) return { kind: 'ref-key', path: u.ref.path, index: u.ref.index };
    return { kind: u.kind === 'stage' ? 'stage' : 'job', name: u.name };
  }
  const def = idx.jobs.find((e) => e.keyStart <= o && o <= e.keyEnd);
  if (def) return { kind: 'job', name: def.key };
  const key = keyInJob(idx, o);
  if (key) return { kind: 'ref-key', path: key, index: key.length - 1, written: true };
  const stage = idx.stages.find((s) => s.start <= o && o <= s.end);
  if (stage) return { kind: 'stage', name: stage.name };
  for (const { node, files } of localIncludes(eng, path, p)) {
    if (node.start <= o && o <= node.end && files.length === 1) return { kind: 'file', file: files[0] };
  }
  return undefined;
}

/**
 * A key written inside a job or template (`script:` under `.setup:`, `FOO:` under its `variables:`), as the path a
 * `!reference` would name it by: `['.setup', 'script']`. Keys brought by a `<<` merge are not the job's own text.
 */
function keyInJob(idx: CiFileIndex, o: number): string[] | undefined {
  const job = idx.jobs.find((e) => e.keyStart <= o && o <= e.value.end);
  if (!job) return undefined;
  const path = [job.key];
  let v: YValue = job.value;
  for (;;) {
    if (v.kind !== 'map') return undefined;
    let inner: YEntry | undefined;
    for (const e of v.entries.values()) {
      if (e.file !== idx.file || e.keyStart < v.start || e.keyStart > v.end) continue;
      if (e.keyStart <= o && o <= e.keyEnd) { path.push(e.key); return path; }
      if (e.value.start <= o && o <= e.value.end) inner = e;
    }
    if (!inner) return undefined;
    path.push(inner.key);
    v = inner.value;
  }
}

// ---- definitions ----

/** The files of every pipeline the file belongs to (itself first), each with its index. */
function indexes(eng: NavEngine, path: string): CiFileIndex[] {
  const files = new Set<string>([path]);
  for (const pl of eng.pipelinesOf(path)) for (const f of pl.files) files.add(f);
  const out: CiFileIndex[] = [];
  for (const f of files) { const p = eng.parsedYaml(f); if (p) out.push(ciFileIndex(p)); }
  return out;
}

/** Where a job or template is defined: the definition GitLab uses (the including file wins) first, then the others. */
function jobDefinitions(eng: NavEngine, path: string, name: string): Place[] {
  const out: Place[] = [];
  for (const pl of eng.pipelinesOf(path)) {
    const e = pl.config.entries.get(name);
    if (e) out.push({ file: e.file, start: e.keyStart, end: e.keyEnd });
  }
  for (const entry of jobEntries(eng, path, name)) out.push({ file: entry.file, start: entry.keyStart, end: entry.keyEnd });
  return dedupe(out);
}

function jobEntries(eng: NavEngine, path: string, name: string): YEntry[] {
  return indexes(eng, path).flatMap((idx) => idx.jobs.filter((e) => e.key === name));
}

function stageDefinitions(eng: NavEngine, path: string, name: string): Place[] {
  return indexes(eng, path).flatMap((idx) => idx.stages.filter((s) => s.name === name).map((s) => ({ file: idx.file, start: s.start, end: s.end })));
}

/**
 * `!reference [job, a, b]` at element `index`: the key `a` (or `a.b`) in the job's own definitions, else in what
 * the job extends (GitLab resolves references after `extends`), depth-first in `extends` order.
 */
function refKeyDefinitions(eng: NavEngine, path: string, refPath: string[], index: number): Place[] {
  const keys = refPath.slice(1, index + 1);
  const seen = new Set<string>();
  const search = (job: string, depth: number): Place[] => {
    if (seen.has(job) || depth > 11) return [];
    seen.add(job);
    const entries = jobEntries(eng, path, job);
    const found: Place[] = [];
    for (const e of entries) {
      let v: YValue | undefined = e.value;
      let at: YEntry | undefined;
      for (const k of keys) { at = v?.kind === 'map' ? v.entries.get(k) : undefined; v = at?.value; }
      if (at) found.push({ file: at.file, start: at.keyStart, end: at.keyEnd });
    }
    if (found.length) return found;
    for (const e of entries) for (const parent of items(get(e.value, 'extends'))) {
      if (parent.kind !== 'scalar') continue;
      const r = search(parent.text, depth + 1);
      if (r.length) return r;
    }
    return [];
  };
  return search(refPath[0], 0);
}

/** The `!reference [job, key…]` elements (at `index`) of the pipelines that resolve to one of `defs`. */
function refKeyUses(eng: NavEngine, path: string, index: number, defs: Place[]): Place[] {
  const at = new Set(defs.map((d) => `${d.file}:${d.start}`));
  const uses: Place[] = [];
  if (!at.size) return uses;
  for (const idx of indexes(eng, path)) {
    for (const u of idx.uses) {
      if (u.kind !== 'ref-key' || !u.ref || u.ref.index !== index) continue;
      if (refKeyDefinitions(eng, path, u.ref.path, u.ref.index).some((d) => at.has(`${d.file}:${d.start}`))) uses.push({ file: idx.file, start: u.start, end: u.end });
    }
  }
  return uses;
}

// ---- includes ----

/** The `include: local` path nodes written in this file, with the files they resolved to. */
function localIncludes(eng: NavEngine, path: string, p: ParsedYaml): { node: YValue; files: string[] }[] {
  const inc = get(p.root, 'include');
  if (!inc) return [];
  const infos = eng.pipelinesOf(path).flatMap((pl) => pl.includes.filter((i) => i.at.file === path && i.kind === 'local').map((i) => ({ i, pl })));
  const out: { node: YValue; files: string[] }[] = [];
  for (const it of items(inc)) {
    const node = it.kind === 'map' ? get(it, 'local') : it;
    if (node?.kind !== 'scalar' || node.value === null) continue;
    const hit = infos.find(({ i }) => i.at.start === it.start);
    if (!hit) continue;
    out.push({ node, files: hit.i.files.filter((f) => hit.pl.parsed.has(f)) });
  }
  return out;
}

// ---- helpers ----

/** A scalar's range without its quotes. */
function inner(text: string, v: YValue): [number, number] {
  const q = text[v.start];
  return (q === '"' || q === "'") && v.end - v.start >= 2 ? [v.start + 1, v.end - 1] : [v.start, v.end];
}

function span(m: AnchorMark): { start: number; end: number } { return { start: m.start, end: m.end }; }

function dedupe(places: Place[]): Place[] {
  const seen = new Set<string>();
  return places.filter((p) => { const k = `${p.file}:${p.start}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

function toLocations(ctx: NavContext, places: Place[]): Location[] {
  const out: Location[] = [];
  for (const p of places) {
    const lines = ctx.engine.linesOf(p.file);
    if (lines) out.push({ uri: ctx.uriOf(p.file), range: lines.range(p.start, p.end) });
  }
  return out;
}
