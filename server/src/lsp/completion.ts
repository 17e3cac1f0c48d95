/**
 * Completion in GitLab CI files, runner configs (config.toml) and the `runners.config` of gitlab-runner Helm values.
 *
 * CI files: keywords and enum values from GitLab's CI schema (with its descriptions), found by walking the schema
 * along the YAML path at the cursor; job and template names for `extends`, `needs`, `dependencies` and
 * `!reference`; stages for `stage`; local files for `include`; the pinned docker, dind, Kaniko, Buildah and BuildKit
 * images; DinD variables with values that fit the job. Runner configs: tables, keys and enum values from the runner
 * schema. The place is read from the text around the cursor, so text being typed that does not parse yet works.
 */
import { CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind, type CompletionItem, type CompletionList, type Position } from 'vscode-languageserver';
import { BUILDAH_TAG, BUILDKIT_TAG, DOCKER_VERSIONS, KANIKO_IMAGE } from '../../../common/pins';
import { ciSchema, runnerSchema } from '../schema/validators';
import { GLOBAL_KEYWORDS, type Job } from '../model/pipeline';
import { dindServices, tlsOn } from '../model/facts';
import { keysUnder, type CiOutline } from './ci-outline';
import type { LineIndex } from '../formats/text';
import { SchemaNav, type Schema, type SchemaKey } from './schema-nav';
import { siblingKeys, yamlCursor, type YamlCursor } from './yaml-cursor';
import { tomlCursor, tomlKey, type TomlCursor } from './toml-cursor';
import { KEY_DOCS } from './hover-docs';

/** Characters after which the client asks for completions without Ctrl+Space. */
export const COMPLETION_TRIGGERS = [':', ' ', '-', '[', '.', ',', '/', '"', '='];

let ciNav: SchemaNav | undefined;
let runnerNav: SchemaNav | undefined;
export const ciSchemaNav = (): SchemaNav => (ciNav ??= new SchemaNav(ciSchema() as Schema));
export const runnerSchemaNav = (): SchemaNav => (runnerNav ??= new SchemaNav(runnerSchema() as Schema, { arraysTransparent: true }));

/** What completion knows about the pipeline around the file (read from the text, cheaply; no analysis). */
export interface CiFacts {
  /** Outlines of this file (first) and of the files it includes locally. */
  outlines(): CiOutline[];
  /** An effective job by name (for DinD variables that fit it), when known. */
  job?(name: string): Job | undefined;
  /** Local include candidates: YAML files of the project, relative to its root. */
  localFiles(): string[];
}

export function ciCompletion(lines: LineIndex, pos: Position, facts: CiFacts): CompletionList | null {
  const cur = yamlCursor(lines, pos.line, pos.character);
  if (!cur || cur.mode === 'block') return null;
  const out = new Items(pos.line, cur.start, cur.end, quoteBefore(lines, pos.line, cur.start), cur.prefix);
  const nav = ciSchemaNav();
  if (cur.mode === 'flow') {
    if (cur.reference) referenceItems(out, cur, facts);
    else valueItems(out, [...cur.path, '[]'], cur.path, facts, nav);
  } else if (cur.mode === 'value') {
    valueItems(out, cur.path, cur.path, facts, nav);
  } else {
    // a `- ` item: its scalar values first (`- docker:29-dind`), then the keys of its map form
    if (cur.itemScalar) valueItems(out, cur.path, cur.path, facts, nav);
    keyItems(out, cur, pos.line, lines, facts, nav);
  }
  return out.list();
}

// ---- CI keys ----

function keyItems(out: Items, cur: YamlCursor, line: number, lines: LineIndex, facts: CiFacts, nav: SchemaNav) {
  const path = cur.path;
  const present = siblingKeys(lines, line, cur.keyCol);
  const schemas = nav.at(path);
  const last = path[path.length - 1];
  if (last === 'variables') {
    dindVariableItems(out, path, facts, present, cur.keyCol);
    return;
  }
  for (const k of nav.keys(schemas)) {
    if (present.has(k.key) || k.key.startsWith('$') || k.key.startsWith('!')) continue;
    out.add({ label: k.key, kind: CompletionItemKind.Property, detail: path.length === 0 ? 'GitLab CI global keyword' : 'GitLab CI keyword', documentation: md(ciKeyDescription(k)), newText: keyInsert(k, nav, cur.keyCol), retrigger: hasValueCompletion(k, nav) });
  }
}

/** GitLab's description of a keyword, or a link to its section of the CI/CD YAML reference when the schema has none. */
export function ciKeyDescription(k: SchemaKey): string {
  return k.description ?? `[GitLab CI/CD YAML reference: \`${k.key}\`](https://docs.gitlab.com/ci/yaml/#${k.key.toLowerCase().replace(/[^a-z0-9_-]/g, '')})`;
}

function keyInsert(k: SchemaKey, nav: SchemaNav, col: number): string {
  const alts = nav.expand(k.schema);
  const types = nav.types(alts);
  const scalar = ['string', 'boolean', 'number', 'integer'].some((t) => types.has(t)) || nav.enumValues(alts).length > 0;
  const pad = ' '.repeat(col + 2);
  if (!scalar && types.has('array')) return `${k.key}:\n${pad}- `;
  if (!scalar && types.has('object')) return `${k.key}:\n${pad}`;
  return `${k.key}: `;
}

function hasValueCompletion(k: SchemaKey, nav: SchemaNav): boolean {
  const alts = nav.expand(k.schema);
  return nav.enumValues(alts).length > 0 || nav.types(alts).has('boolean') || ['extends', 'needs', 'dependencies', 'stage', 'image', 'services', 'include', 'local'].includes(k.key);
}

// ---- CI values ----

/** Values for the node at `path` (a key's value, or a list item when the path ends in `[]`). */
function valueItems(out: Items, path: string[], keyPath: string[], facts: CiFacts, nav: SchemaNav) {
  const owner = [...path].reverse().find((s) => s !== '[]') ?? '';
  const inItem = path[path.length - 1] === '[]';
  const job = path.length > 1 && !GLOBAL_KEYWORDS.has(path[0]) ? path[0] : undefined;
  const top = path[0];
  const isOwner = (k: string, ...shapes: string[][]) => shapes.some((s) => s.length === path.length && s.every((x, i) => x === '*' || x === path[i]) && path.includes(k));
  // job and template names
  if (job && isOwner('extends', ['*', 'extends'], ['*', 'extends', '[]'])) names(out, facts, { hidden: true, except: job });
  if (job && isOwner('needs', ['*', 'needs', '[]'], ['*', 'needs', '[]', 'job'])) names(out, facts, { hidden: false, except: job });
  if (job && isOwner('dependencies', ['*', 'dependencies', '[]'])) names(out, facts, { hidden: false, except: job });
  if (job && path.length === 2 && owner === 'stage') stageItems(out, facts);
  if (top === 'include' && (path.length === 1 || (path.length === 2 && (inItem || owner === 'local')) || (path.length === 3 && owner === 'local'))) {
    const slash = out.prefix.startsWith('/') ? '/' : '';
    for (const f of facts.localFiles()) out.add({ label: slash + f, kind: CompletionItemKind.File, detail: 'local include', newText: out.scalar(slash + f) });
  }
  // images
  if (owner === 'image' || (owner === 'name' && path[path.length - 2] === 'image')) imageItems(out, 'image');
  if ((owner === 'services' && inItem) || (owner === 'name' && path[path.length - 2] === '[]' && path[path.length - 3] === 'services')) imageItems(out, 'service');
  // DinD variable values
  const vi = path.lastIndexOf('variables');
  if (vi >= 0 && (path.length === vi + 2 || (path.length === vi + 3 && owner === 'value'))) dindValueItems(out, path[vi + 1], path, facts);
  // schema enums and booleans
  const schemas = nav.at(keyPath === path ? path : keyPath);
  const values = nav.enumValues(schemas);
  for (const v of values) out.add({ label: String(v), kind: CompletionItemKind.EnumMember, detail: `${owner}`, documentation: md(describeAt(nav, path)), newText: typeof v === 'string' ? out.scalar(v) : String(v) });
  if (!values.length && vi < 0 && nav.types(schemas).has('boolean')) for (const b of ['true', 'false']) out.add({ label: b, kind: CompletionItemKind.Value, newText: b });
}

function describeAt(nav: SchemaNav, path: string[]): string | undefined {
  const parent = nav.at(path.slice(0, -1));
  const k = nav.keys(parent).find((x) => x.key === path[path.length - 1]);
  return k?.description;
}

function names(out: Items, facts: CiFacts, opts: { hidden: boolean; except?: string }) {
  for (const e of facts.outlines().flatMap((o) => o.top)) {
    if (GLOBAL_KEYWORDS.has(e.name) || e.name === opts.except) continue;
    const hidden = e.name.startsWith('.');
    if (hidden && !opts.hidden) continue;
    out.add({ label: e.name, kind: hidden ? CompletionItemKind.Class : CompletionItemKind.Module, detail: hidden ? 'hidden job (template)' : 'job', newText: out.scalar(e.name) });
  }
}

const DEFAULT_STAGES = ['.pre', 'build', 'test', 'deploy', '.post'];
function stageItems(out: Items, facts: CiFacts) {
  const stages = facts.outlines().find((o) => o.stages)?.stages;
  const all = stages ? ['.pre', ...stages, '.post'] : DEFAULT_STAGES;
  for (const s of [...new Set(all)]) out.add({ label: s, kind: CompletionItemKind.EnumMember, detail: stages ? 'stage (from stages:)' : 'default stage', newText: out.scalar(s) });
}

function referenceItems(out: Items, cur: YamlCursor, facts: CiFacts) {
  const items = cur.flowItems ?? [];
  if (items.length === 0) { names(out, facts, { hidden: true, except: GLOBAL_KEYWORDS.has(cur.path[0]) ? undefined : cur.path[0] }); return; }
  let keys: string[] | undefined;
  for (const o of facts.outlines()) if ((keys = keysUnder(o, items[0], items.slice(1)))) break;
  for (const k of keys ?? []) out.add({ label: k, kind: CompletionItemKind.Property, detail: `key of ${items.join('.')}`, newText: out.scalar(k) });
}

// ---- images ----

interface ImageChoice { image: string; what: string; doc: string }
export function pinnedImages(): { image: ImageChoice[]; service: ImageChoice[] } {
  const cli = DOCKER_VERSIONS.map((v) => ({ image: `docker:${v}-cli`, what: 'Docker CLI', doc: `Docker CLI ${v}: use it with the \`docker:${v}-dind\` service (same major). https://hub.docker.com/_/docker` }));
  const dind = DOCKER_VERSIONS.map((v) => ({ image: `docker:${v}-dind`, what: 'Docker-in-Docker daemon', doc: `Docker daemon ${v} as a service: needs a privileged runner; with TLS (the default) set \`DOCKER_HOST: tcp://docker:2376\` and share \`/certs/client\`. https://docs.gitlab.com/ci/docker/using_docker_build/` }));
  return {
    image: [
      ...cli,
      { image: KANIKO_IMAGE, what: 'Kaniko (no daemon)', doc: 'Kaniko builds images without a Docker daemon or privileges. Reset the entrypoint: `image: { name: …, entrypoint: [""] }`. https://docs.gitlab.com/ci/docker/using_kaniko/' },
      { image: `quay.io/buildah/stable:${BUILDAH_TAG}`, what: 'Buildah (no daemon)', doc: 'Buildah builds images without a daemon; unprivileged runs need `STORAGE_DRIVER: vfs` and `BUILDAH_ISOLATION: chroot`. https://docs.gitlab.com/ci/docker/buildah_rootless_tutorial/' },
      { image: `moby/buildkit:${BUILDKIT_TAG}`, what: 'BuildKit rootless', doc: 'BuildKit rootless (`buildctl-daemonless.sh`); reset the entrypoint and set `BUILDKITD_FLAGS: --oci-worker-no-process-sandbox`. https://docs.gitlab.com/ci/docker/using_buildkit/' },
    ],
    service: dind,
  };
}

function imageItems(out: Items, where: 'image' | 'service') {
  for (const c of pinnedImages()[where]) out.add({ label: c.image, kind: CompletionItemKind.Constant, detail: c.what, documentation: md(c.doc), newText: out.scalar(c.image) });
}

// ---- DinD variables ----

const DIND_VARS = ['DOCKER_HOST', 'DOCKER_TLS_CERTDIR', 'DOCKER_CERT_PATH', 'DOCKER_TLS_VERIFY'];

/** TLS and the daemon's host name as the job at `path` has them (TLS on and `docker` when nothing says otherwise). */
function dindOf(path: string[], facts: CiFacts): { tls: boolean; host: string; known: boolean } {
  const name = path.length && !GLOBAL_KEYWORDS.has(path[0]) ? path[0] : undefined;
  const job = name ? facts.job?.(name) : undefined;
  const svc = job ? dindServices(job)[0] : undefined;
  if (!job || !svc) return { tls: true, host: 'docker', known: false };
  const tls = tlsOn(job, svc).on;
  return { tls: tls !== false, host: svc.explicitAliases[0]?.alias ?? svc.aliases?.[0] ?? 'docker', known: tls !== undefined };
}

function dindValues(name: string, d: { tls: boolean; host: string }): string[] {
  switch (name) {
    case 'DOCKER_HOST': return d.tls ? [`tcp://${d.host}:2376`, `tcp://${d.host}:2375`] : [`tcp://${d.host}:2375`, `tcp://${d.host}:2376`];
    case 'DOCKER_TLS_CERTDIR': return d.tls ? ['/certs', ''] : ['', '/certs'];
    case 'DOCKER_CERT_PATH': return ['$DOCKER_TLS_CERTDIR/client'];
    case 'DOCKER_TLS_VERIFY': return ['1'];
    default: return [];
  }
}

function dindVariableItems(out: Items, path: string[], facts: CiFacts, present: Set<string>, col: number) {
  const d = dindOf(path, facts);
  void col;
  for (const name of DIND_VARS) {
    if (present.has(name)) continue;
    if (!d.tls && (name === 'DOCKER_CERT_PATH' || name === 'DOCKER_TLS_VERIFY')) continue;
    const value = dindValues(name, d)[0];
    out.add({ label: name, kind: CompletionItemKind.Variable, detail: `${name}: ${quoteAlways(value)}`, documentation: md(KEY_DOCS[name]), newText: `${name}: ${quoteAlways(value)}`, filterText: name });
  }
}

function dindValueItems(out: Items, name: string, path: string[], facts: CiFacts) {
  const d = dindOf(path, facts);
  dindValues(name, d).forEach((v, i) => out.add({
    label: quoteAlways(v), kind: CompletionItemKind.Value, detail: i === 0 ? (d.tls ? 'TLS on (the dind default)' : 'TLS off') : (d.tls ? 'TLS off' : 'TLS on'), documentation: md(KEY_DOCS[name]),
    newText: out.quoted ? v : quoteAlways(v), filterText: v, preselect: i === 0,
  }));
}

function quoteAlways(v: string): string { return JSON.stringify(v); }

// ---- runner configs ----

export const RUNNER_DOCS = 'https://docs.gitlab.com/runner/configuration/advanced-configuration/';

/** The GitLab Runner documentation of a table (`[runners.docker]` → its section of the advanced configuration). */
export function runnerDocsUrl(table: readonly string[]): string {
  const t = table.filter((s) => s !== '[]');
  if (t[0] === 'runners' && t[1] === 'kubernetes') return 'https://docs.gitlab.com/runner/executors/kubernetes/';
  if (t[0] === 'runners' && t[1] === 'feature_flags') return 'https://docs.gitlab.com/runner/configuration/feature-flags/';
  if (!t.length) return `${RUNNER_DOCS}#the-global-section`;
  return `${RUNNER_DOCS}#the-${t.join('').toLowerCase()}-section`;
}

interface RunnerTable { path: string[]; array: boolean; schema: Schema[] }
let tablesMemo: RunnerTable[] | undefined;
/** Every table of the runner schema (`[[runners]]`, `[runners.docker]`, …), arrays of tables marked. */
export function runnerTables(): RunnerTable[] {
  if (tablesMemo) return tablesMemo;
  const nav = runnerSchemaNav();
  const out: RunnerTable[] = [];
  const walk = (path: string[], schemas: Schema[], depth: number) => {
    if (depth > 5) return;
    for (const k of nav.keys(schemas)) {
      const alts = nav.expand(k.schema);
      const plain = new SchemaNav(runnerSchema() as Schema).expand(k.schema);
      const array = plain.some((s) => s.type === 'array' && typeof s.items === 'object' && new SchemaNav(runnerSchema() as Schema).expand(s.items as Schema).some((i) => i.type === 'object' || !!i.properties));
      const table = alts.some((s) => s.type === 'object' || !!s.properties);
      if (!table) continue;
      const p = [...path, k.key];
      out.push({ path: p, array, schema: alts });
      walk(p, alts, depth + 1);
    }
  };
  walk([], nav.at([]), 0);
  tablesMemo = out;
  return out;
}

function isTableSchema(nav: SchemaNav, s: Schema): boolean {
  return nav.expand(s).some((x) => x.type === 'object' || !!x.properties);
}

export function runnerDescription(nav: SchemaNav, table: readonly string[], k: SchemaKey): string {
  const alts = nav.expand(k.schema);
  const types = [...nav.types(alts)].filter((t) => t !== 'object' || alts.every((a) => a.type === 'object'));
  const values = nav.enumValues(alts);
  const parts: string[] = [];
  if (k.description) parts.push(k.description);
  parts.push(`Type: ${types.length ? types.map((t) => `\`${t}\``).join(' or ') : 'any'}${values.length ? ` — one of ${values.map((v) => `\`${v}\``).join(', ')}` : ''}.`);
  const where = table.length ? `[${table.join('.')}]` : 'global section';
  parts.push(`[GitLab Runner docs: ${where}](${runnerDocsUrl(table)})`);
  return parts.join('\n\n');
}

/**
 * Completion in a runner config given as lines (config.toml, or the body of Helm's `runners.config` without its
 * indentation; `column` shifts the returned ranges back into the file).
 */
export function runnerCompletion(lines: readonly string[], line: number, character: number, at: { line: number; column: number } = { line, column: 0 }): CompletionList | null {
  const cur = tomlCursor(lines, line, character);
  if (!cur) return null;
  const out = new Items(at.line, cur.start + at.column, cur.end + at.column, cur.mode === 'value' && !!cur.quoted);
  const nav = runnerSchemaNav();
  if (cur.mode === 'header') headerItems(out, cur);
  else if (cur.mode === 'key') runnerKeyItems(out, cur, lines, line, nav);
  else runnerValueItems(out, cur, nav);
  return out.list();
}

function headerItems(out: Items, cur: TomlCursor) {
  for (const t of runnerTables()) {
    if (!!cur.arrayHeader !== t.array) continue;
    const name = t.path.map(tomlKey).join('.');
    out.add({ label: name, kind: CompletionItemKind.Module, detail: t.array ? `[[${name}]]` : `[${name}]`, documentation: md(`${t.array ? 'An array of tables' : 'A table'} of the runner config.\n\n[GitLab Runner docs](${runnerDocsUrl(t.path)})`), newText: `${name}${t.array ? ']]' : ']'}`, filterText: name });
  }
}

function runnerKeyItems(out: Items, cur: TomlCursor, lines: readonly string[], line: number, nav: SchemaNav) {
  const schemas = nav.at(cur.table);
  const present = new Set<string>();
  for (let l = line - 1; l >= 0 && !/^\s*\[/.test(lines[l]); l--) { const m = /^\s*([A-Za-z0-9_-]+)\s*=/.exec(lines[l]); if (m) present.add(m[1]); }
  for (let l = line + 1; l < lines.length && !/^\s*\[/.test(lines[l]); l++) { const m = /^\s*([A-Za-z0-9_-]+)\s*=/.exec(lines[l]); if (m) present.add(m[1]); }
  for (const k of nav.keys(schemas)) {
    if (present.has(k.key) || isTableSchema(nav, k.schema)) continue;
    const alts = nav.expand(k.schema);
    const types = nav.types(alts);
    const insert = types.has('array') && !types.has('string') ? `${tomlKey(k.key)} = [$0]` : types.has('string') && !types.has('boolean') && !types.has('integer') ? `${tomlKey(k.key)} = "$0"` : `${tomlKey(k.key)} = `;
    out.add({ label: k.key, kind: CompletionItemKind.Property, detail: cur.table.length ? `[${cur.table.join('.')}]` : 'global', documentation: md(runnerDescription(nav, cur.table, k)), newText: insert, snippet: insert.includes('$0'), retrigger: nav.enumValues(alts).length > 0 || types.has('boolean') });
  }
}

function runnerValueItems(out: Items, cur: TomlCursor, nav: SchemaNav) {
  const key = nav.keys(nav.at(cur.table)).find((k) => k.key === cur.key);
  if (!key) return;
  const alts = nav.expand(key.schema);
  for (const v of nav.enumValues(alts)) {
    const text = typeof v === 'string' ? (out.quoted ? v : JSON.stringify(v)) : String(v);
    out.add({ label: String(v), kind: CompletionItemKind.EnumMember, detail: `${cur.key}`, documentation: md(runnerDescription(nav, cur.table, key)), newText: text, filterText: String(v) });
  }
  if (nav.types(alts).has('boolean') && !out.quoted) for (const b of ['true', 'false']) out.add({ label: b, kind: CompletionItemKind.Value, newText: b });
}

// ---- helpers ----

function md(s: string | undefined) { return s ? { kind: MarkupKind.Markdown, value: s } : undefined; }

function quoteBefore(lines: LineIndex, line: number, start: number): boolean {
  const t = lines.lineText(line);
  return start > 0 && (t[start - 1] === '"' || t[start - 1] === "'");
}

interface ItemSpec {
  label: string; kind: CompletionItemKind; detail?: string; documentation?: CompletionItem['documentation'];
  newText: string; filterText?: string; retrigger?: boolean; snippet?: boolean; preselect?: boolean;
}

/** The items of one answer, each replacing the typed word; labels are unique. */
class Items {
  private readonly items: CompletionItem[] = [];
  private readonly labels = new Set<string>();
  constructor(private readonly line: number, private readonly start: number, private readonly end: number, readonly quoted: boolean, readonly prefix = '') {}

  /** A YAML scalar for `s`: as typed inside quotes, else plain when YAML reads it back as the same string. */
  scalar(s: string): string {
    if (this.quoted) return s;
    return /^[A-Za-z0-9_./$][A-Za-z0-9_./@$:+-]*$/.test(s) && !/: |:$/.test(s) && !/^(true|false|yes|no|on|off|null|y|n|~|[-+]?[0-9][0-9_.e+-]*)$/i.test(s) ? s : JSON.stringify(s);
  }

  add(spec: ItemSpec) {
    if (this.labels.has(spec.label)) return;
    this.labels.add(spec.label);
    const range = { start: { line: this.line, character: this.start }, end: { line: this.line, character: this.end } };
    const item: CompletionItem = {
      label: spec.label, kind: spec.kind, detail: spec.detail, documentation: spec.documentation,
      textEdit: { range, newText: spec.newText }, filterText: spec.filterText, sortText: String(this.items.length).padStart(4, '0'),
    };
    if (spec.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
    if (spec.newText.includes('\n')) item.insertTextMode = InsertTextMode.asIs; // the indentation is already right
    if (spec.preselect) item.preselect = true;
    if (spec.retrigger) item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
    this.items.push(item);
  }

  /**
   * The answer. Past {@link MAX_ITEMS} items (job names of a big pipeline), only those whose label holds the typed
   * prefix's characters in order (a superset of what the editor's fuzzy filter shows), at most {@link MAX_ITEMS},
   * marked incomplete so that the editor asks again as the user types: a 3000-job file's 600 KB list would otherwise
   * go over the wire at each request.
   */
  list(): CompletionList | null {
    if (!this.items.length) return null;
    if (this.items.length <= MAX_ITEMS) return { isIncomplete: false, items: this.items };
    const typed = this.prefix.toLowerCase();
    const fits = (label: string) => { let i = 0; for (const c of label.toLowerCase()) if (c === typed[i]) i++; return i === typed.length; };
    const kept: CompletionItem[] = [];
    for (const it of this.items) if (fits(it.filterText ?? it.label) && kept.push(it) >= MAX_ITEMS) break;
    return { isIncomplete: true, items: kept };
  }
}

/** Most items in one completion answer (see {@link Items.list}). */
export const MAX_ITEMS = 500;
