/**
 * The Outline and "Go to Symbol": document symbols of CI files (stages, jobs, hidden templates, global keywords),
 * of runner configs (each `[[runners]]` by name with its executor tables, the global settings) and of gitlab-runner
 * Helm values (top-level keys; the runners of `runners.config` under it), and workspace symbols (the jobs and
 * templates of every CI file of the workspace). Built from the engine's cached parses; never runs the rules.
 */
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver';
import { ciFileIndex, isJobKey } from '../model/ci-index';
import type { RunnerConfig } from '../model/runner';
import type { HelmValues } from '../formats/helm';
import type { TTable, TValue } from '../formats/toml';
import { get, type ParsedYaml, type YEntry, type YMap } from '../formats/yaml';
import type { LineIndex } from '../formats/text';
import type { FileKind } from '../engine/types';

export interface SymbolEngine {
  parsedYaml(path: string): ParsedYaml | undefined;
  linesOf(path: string): LineIndex | undefined;
  kindOf(path: string): FileKind | undefined;
  runnerModel(path: string): { config: RunnerConfig; helm?: HelmValues } | undefined;
  discover(): { ciFiles: string[] };
  rootFor(path: string): string;
}

export function documentSymbols(eng: SymbolEngine, path: string): DocumentSymbol[] {
  const kind = eng.kindOf(path);
  const lines = eng.linesOf(path);
  if (!kind || !lines) return [];
  if (kind === 'gitlab-ci') { const p = eng.parsedYaml(path); return p ? ciSymbols(p, lines) : []; }
  const model = eng.runnerModel(path);
  if (kind === 'runner-config') return model ? runnerSymbols(model.config, lines, lines.text) : [];
  if (kind === 'helm-values') { const p = eng.parsedYaml(path); return p ? helmSymbols(p, lines, model?.config) : []; }
  return [];
}

// ---- CI files ----

function ciSymbols(p: ParsedYaml, lines: LineIndex): DocumentSymbol[] {
  const root = p.root;
  if (root?.kind !== 'map') return [];
  const idx = ciFileIndex(p);
  const out: DocumentSymbol[] = [];
  for (const [key, e] of root.entries) {
    if (e.file !== p.file) continue;
    const range = entryRange(p.text, e);
    const selection = { start: e.keyStart, end: e.keyEnd };
    if (key === 'stages') {
      const children = idx.stages.map((s) => sym(lines, s.name, SymbolKind.EnumMember, s, s));
      out.push(sym(lines, key, SymbolKind.Array, range, selection, children.length ? `${children.length} stages` : undefined, children));
    } else if (isJobKey(key, e.value)) {
      const hidden = key.startsWith('.');
      const stage = get(e.value, 'stage');
      const ext = get(e.value, 'extends');
      const detail = [stage?.kind === 'scalar' && stage.value !== null ? `stage ${stage.text}` : undefined,
        ext ? `extends ${(ext.kind === 'seq' ? ext.items : [ext]).map((x) => (x.kind === 'scalar' ? x.text : '…')).join(', ')}` : undefined,
        hidden ? 'template' : undefined].filter(Boolean).join(' · ');
      out.push(sym(lines, key, hidden ? SymbolKind.Class : SymbolKind.Function, range, selection, detail || undefined, keyChildren(p, lines, e, range)));
    } else {
      const children = keyChildren(p, lines, e, range, key === 'variables' ? SymbolKind.Variable : SymbolKind.Property);
      out.push(sym(lines, key, SymbolKind.Module, range, selection, undefined, children));
    }
  }
  return out;
}

/** The keys of a map value written inside its parent's range (keys merged from an anchor elsewhere are left out). */
function keyChildren(p: ParsedYaml, lines: LineIndex, e: YEntry, parent: { start: number; end: number }, kind: SymbolKind = SymbolKind.Property): DocumentSymbol[] {
  if (e.value.kind !== 'map') return [];
  const out: DocumentSymbol[] = [];
  for (const [k, c] of (e.value as YMap).entries) {
    if (c.file !== p.file || c.keyStart < parent.start || c.keyEnd > parent.end) continue;
    const r = entryRange(p.text, c);
    if (r.end > parent.end) r.end = parent.end;
    out.push(sym(lines, k, kind, r, { start: c.keyStart, end: c.keyEnd }));
  }
  return out;
}

/** From the key to the end of its value when the value is written there (not an alias), trailing space trimmed. */
function entryRange(text: string, e: YEntry): { start: number; end: number } {
  let end = e.keyEnd;
  if (e.value.file === e.file && e.value.start >= e.keyEnd && e.value.end > end) end = e.value.end;
  while (end > e.keyEnd && /\s/.test(text[end - 1])) end--;
  return { start: e.keyStart, end };
}

// ---- runner configs ----

function runnerSymbols(config: RunnerConfig, lines: LineIndex, text: string): DocumentSymbol[] {
  const root = config.doc.root;
  if (!root) return [];
  const out: DocumentSymbol[] = [];
  for (const [key, e] of root.entries) {
    if (key === 'runners' && e.value.kind === 'array') continue;
    if (e.value.kind === 'table') out.push(tableSymbol(lines, text, key, e.value, SymbolKind.Struct));
    else if (e.end > e.start) out.push(sym(lines, key, SymbolKind.Property, e, { start: e.keyStart, end: e.keyEnd }));
  }
  for (const r of config.runners) {
    const name = r.name ?? `runner ${r.index + 1}`;
    const end = Math.max(r.table.end, deepEnd(r.table));
    const head = r.table.header ?? { start: r.table.start, end: r.table.start };
    const children: DocumentSymbol[] = [];
    for (const [key, e] of r.table.entries) if (e.value.kind === 'table') children.push(tableSymbol(lines, text, key, e.value, SymbolKind.Struct));
    out.push(sym(lines, name, SymbolKind.Object, { start: r.table.start, end }, head, r.executorRaw ? `executor ${r.executorRaw}` : `${r.executor} executor`, children));
  }
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return out;
}

/** A TOML table (`[runners.docker]`) with its sub-tables. */
function tableSymbol(lines: LineIndex, text: string, key: string, t: TTable, kind: SymbolKind): DocumentSymbol {
  const children: DocumentSymbol[] = [];
  for (const [k, e] of t.entries) {
    if (e.value.kind === 'table') children.push(tableSymbol(lines, text, k, e.value, SymbolKind.Struct));
    else if (e.value.kind === 'array' && e.value.ofTables) e.value.items.forEach((it, i) => { if (it.kind === 'table') children.push(tableSymbol(lines, text, `${k}[${i}]`, it, SymbolKind.Struct)); });
  }
  const sel = t.header ?? { start: t.start, end: t.start };
  return sym(lines, t.path ? `[${t.path}]` : key, kind, { start: t.start, end: Math.max(t.end, deepEnd(t)) }, sel, undefined, children);
}

function deepEnd(v: TValue): number {
  let end = v.end;
  if (v.kind === 'table') for (const e of v.entries.values()) end = Math.max(end, e.end, deepEnd(e.value));
  else if (v.kind === 'array') for (const it of v.items) end = Math.max(end, deepEnd(it));
  return end;
}

// ---- Helm values ----

function helmSymbols(p: ParsedYaml, lines: LineIndex, config: RunnerConfig | undefined): DocumentSymbol[] {
  const root = p.root;
  if (root?.kind !== 'map') return [];
  const out: DocumentSymbol[] = [];
  const runners = config ? runnerSymbols(config, lines, p.text) : [];
  let placed = false;
  for (const [key, e] of root.entries) {
    if (e.file !== p.file) continue;
    const range = entryRange(p.text, e);
    const children = keyChildren(p, lines, e, range);
    // the runners of `runners.config` go under its `config` key
    const cfg = children.find((c) => c.name === 'config');
    if (key === 'runners' && cfg && runners.length) { cfg.children = runners.filter((r) => within(r, cfg)); placed = true; }
    out.push(sym(lines, key, e.value.kind === 'map' ? SymbolKind.Module : SymbolKind.Property, range, { start: e.keyStart, end: e.keyEnd }, undefined, children));
  }
  // umbrella charts keep `runners.config` one level down: their runners are listed at the top
  if (!placed) out.push(...runners);
  return out;
}

function within(inner: DocumentSymbol, outer: DocumentSymbol): boolean {
  const a = inner.range, b = outer.range;
  return (a.start.line > b.start.line || (a.start.line === b.start.line && a.start.character >= b.start.character))
    && (a.end.line < b.end.line || (a.end.line === b.end.line && a.end.character <= b.end.character));
}

// ---- workspace symbols ----

/** Jobs and templates of every CI file the engine knows, whose name matches the query (characters in order). */
export function workspaceSymbols(eng: SymbolEngine, query: string, uriOf: (path: string) => string, limit = 500): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  const q = query.toLowerCase();
  for (const file of eng.discover().ciFiles) {
    const p = eng.parsedYaml(file);
    const lines = eng.linesOf(file);
    if (!p || !lines) continue;
    const root = eng.rootFor(file);
    const shown = file.startsWith(root + '/') ? file.slice(root.length + 1) : file;
    for (const e of ciFileIndex(p).jobs) {
      if (!matches(e.key.toLowerCase(), q)) continue;
      out.push({ name: e.key, kind: e.key.startsWith('.') ? SymbolKind.Class : SymbolKind.Function, location: { uri: uriOf(file), range: lines.range(e.keyStart, e.keyEnd) }, containerName: shown });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

function matches(name: string, q: string): boolean {
  let i = 0;
  for (const ch of name) if (i < q.length && ch === q[i]) i++;
  return i === q.length;
}

function sym(lines: LineIndex, name: string, kind: SymbolKind, range: { start: number; end: number }, selection: { start: number; end: number }, detail?: string, children?: DocumentSymbol[]): DocumentSymbol {
  const r = lines.range(range.start, Math.max(range.end, range.start));
  let s = lines.range(selection.start, Math.max(selection.end, selection.start));
  if (selection.start < range.start || selection.end > Math.max(range.end, range.start)) s = r;
  return { name: name || '""', kind, range: r, selectionRange: s, ...(detail ? { detail } : {}), ...(children?.length ? { children } : {}) };
}
