/**
 * Helpers of catalogue groups A and D (daemon reachability, socket binding): which runners in view provide a
 * daemon on their own (runner-level dind service, socket binding, DOCKER_HOST in the runner environment), which
 * service answers a host name, and the edits the quick fixes of these rules share (adding variables and
 * services to a job in the file's own style, appending to TOML arrays).
 */
import type { SpanEdit } from '../engine/types';
import type { RunnerView } from '../engine/rule';
import { get, entry, type YEntry, type YMap, type YValue } from '../formats/yaml';
import { charBefore, type YamlEditor } from '../formats/yaml-edit';
import { tentry, type TArray, type TomlDoc, type TScalar } from '../formats/toml';
import { defaultAliases, dockerVersion, isDindImage, splitAliases, isDns1123, isDockerLibraryImage, parseImageRef } from './docker';
import { dindServices } from './facts';
import { jobCommands, type Job, type Pipeline, type Service } from './pipeline';
import { runnerEnvironment, runnerServices, socketBound, type Runner } from './runner';

/** The runners in view all satisfy `p` (false when none is known). */
export function allRunners(view: RunnerView, p: (r: Runner) => boolean): boolean { return view.runners.length > 0 && view.runners.every(p); }
export function someRunner(view: RunnerView, p: (r: Runner) => boolean): boolean { return view.runners.some(p); }

/** The runner adds a service that runs a Docker daemon (`[[runners.docker.services]]` with a dind image, or a name with variables). */
export function runnerDindService(r: Runner): boolean {
  return runnerServices(r).some((s) => s.name.includes('$') || isDindImage(parseImageRef(s.name)));
}

/** Aliases of a runner-level service (default + explicit), undefined when unknown. */
export function runnerServiceAliases(r: Runner): (string[] | undefined)[] {
  return runnerServices(r).map((s) => {
    const defaults = defaultAliases(parseImageRef(s.name));
    if (defaults === undefined || (s.alias ?? '').includes('$')) return undefined;
    return [...defaults, ...splitAliases(s.alias ?? '')];
  });
}

/** The runner sets `NAME` in its `environment`. */
export function runnerSetsVar(r: Runner, name: string): boolean { return runnerEnvironment(r).has(name); }

/**
 * Whether some service of the job (or of a runner in view) may answer to `host`: true when one has it among its
 * aliases, or when a service's aliases are unknown (variables). On Kubernetes default aliases that are not
 * DNS-1123 names are dropped.
 */
export function hostServed(job: Job, host: string, view: RunnerView): boolean {
  const k8s = view.executor === 'kubernetes';
  for (const s of job.services) if (mayAnswer(s, host, k8s)) return true;
  for (const r of view.runners) for (const a of runnerServiceAliases(r)) if (a === undefined || a.includes(host)) return true;
  return false;
}

/**
 * Whether a service may answer to `host`. A name with variables in its path (`$PREFIX/docker:dind`) gets default
 * aliases made of the whole expanded path: they hold `__` or `-`, so they can never be a host without those.
 */
export function mayAnswer(s: Service, host: string, k8s: boolean): boolean {
  if (s.aliases !== undefined) return serviceAliases(s, k8s).includes(host);
  if (s.explicitAliases.some((a) => a.alias.includes('$'))) return true;
  if (s.explicitAliases.some((a) => a.alias === host)) return true;
  return !(s.ref.name.includes('/') && !host.includes('-') && !host.includes('__'));
}

/** A service's aliases as the executor uses them (k8s drops default aliases that are not DNS names). */
export function serviceAliases(s: Service, k8s: boolean): string[] {
  const explicit = s.explicitAliases.map((a) => a.alias);
  const defaults = (s.aliases ?? []).filter((a) => !explicit.includes(a));
  return [...(k8s ? defaults.filter(isDns1123) : defaults), ...explicit];
}

/**
 * The job's effective config is not fully known: a partial pipeline, or an `extends` chain that reaches a name not
 * defined in the files we see (it comes from a file that includes this one, or a remote include).
 */
export function jobIncomplete(job: Job, pipeline: Pipeline): boolean {
  if (job.partial) return true;
  const seen = new Set<string>();
  const walk = (v: YValue | undefined): boolean => {
    for (const it of v ? (v.kind === 'seq' ? v.items : [v]) : []) {
      if (it.kind !== 'scalar') return true;
      const name = it.text;
      if (seen.has(name)) continue;
      seen.add(name);
      const e = pipeline.config.entries.get(name);
      if (!e) return true;
      if (walk(get(e.value, 'extends'))) return true;
    }
    return false;
  };
  return walk(get(job.entry.value, 'extends'));
}

/** The job's own map (where it is written), for fixes that add keys to the job. */
export function ownMap(job: Job): YMap | undefined { return job.entry.value.kind === 'map' ? job.entry.value : undefined; }

/** The official docker image version to suggest for a dind service: the job image's major (≥ 25) or 29. */
export function suggestedDindImage(job: Job): string {
  const ref = job.image?.ref;
  if (ref && isDockerLibraryImage(ref) && !ref.hasVariables) {
    const v = dockerVersion(ref);
    if (v && v.major >= 25) return `docker:${v.major}-dind`;
  }
  return 'docker:29-dind';
}

/**
 * Adds variables to the job's own `variables:` map (one edit for all of them), or a new `variables:` block.
 * Keys the job already writes itself are replaced in place. Undefined when the job cannot be edited.
 */
export function addJobVariables(ed: YamlEditor, job: Job, vars: [string, string][]): SpanEdit[] | undefined {
  const map = ownMap(job);
  if (!map || map.file !== ed.file) return undefined;
  const own = get(map, 'variables');
  if (own && own.kind !== 'map') return undefined;
  if (own?.kind === 'map') {
    const edits: SpanEdit[] = [];
    const add: [string, string][] = [];
    for (const [k, v] of vars) {
      const e = own.entries.get(k);
      if (e && e.file === ed.file) {
        const vn = e.value.kind === 'map' ? get(e.value, 'value') : e.value;
        if (vn?.kind !== 'scalar') return undefined;
        edits.push(ed.replaceScalar(vn, v));
      } else add.push([k, v]);
    }
    if (add.length) {
      if (own.entries.size === 0 && !own.flow) return undefined;
      const parts = add.map(([k, v]) => ed.insertEntry(own, k, v));
      edits.push({ ...parts[0], newText: parts.map((p) => p.newText).join('') });
    }
    return edits;
  }
  return [ed.insertEntry(map, 'variables', Object.fromEntries(vars))];
}

/** Whether a job's effective services can be replaced by a job-level list without losing anything. */
export function canAddJobServices(job: Job, ed: YamlEditor): boolean {
  const map = ownMap(job);
  if (!map || map.file !== ed.file) return false;
  const own = entry(map, 'services');
  if (own) return own.value.kind === 'seq' && own.file === ed.file;
  return job.services.length === 0;
}

/** Adds a service item to the job's own `services:` list, or a new `services:` key. */
export function addJobService(ed: YamlEditor, job: Job, item: unknown): SpanEdit | undefined {
  const map = ownMap(job);
  if (!map || !canAddJobServices(job, ed)) return undefined;
  const own = entry(map, 'services');
  if (own?.value.kind === 'seq') {
    if (own.value.items.length === 0 && !own.value.flow) return undefined;
    return ed.appendItem(own.value, item);
  }
  return ed.insertEntry(map, 'services', [item]);
}

/** Merges edits that insert at the same offset into one (their texts in order). */
export function mergeSameOffset(edits: SpanEdit[]): SpanEdit[] {
  const out: SpanEdit[] = [];
  for (const e of edits) {
    const prev = out.find((o) => o.file === e.file && o.start === e.start && o.end === e.end && o.start === o.end);
    if (prev && e.start === e.end) prev.newText += e.newText; else out.push({ ...e });
  }
  return out;
}

/** Whether a seq item is written inside a flow sequence (`[a, b]`). */
export function inFlow(text: string, node: YValue): boolean {
  const before = charBefore(text, node.start, true);
  return before === '[' || before === ',';
}

/**
 * Rewrites a string service item to the long form with one more key, in the item's own style:
 * `- docker:dind` → `- name: docker:dind` + `key<blockValue>` on the next line (block), or
 * `{ name: docker:dind, key: <flowValue> }` (flow). The name keeps its source text (quoting).
 * `blockValue` is what follows the key: `": docker"`, or `":"` plus indented lines.
 */
export function serviceLongForm(ed: YamlEditor, node: YValue, key: string, flowValue: string, blockValue: string): SpanEdit {
  const src = ed.text.slice(node.start, node.end);
  if (inFlow(ed.text, node)) return { file: ed.file, start: node.start, end: node.end, newText: `{ name: ${src}, ${key}: ${flowValue} }` };
  return { file: ed.file, start: node.start, end: node.end, newText: `name: ${src}${ed.eol}${' '.repeat(ed.column(node.start))}${key}${blockValue}` };
}

/**
 * Rewrites a service list item to the long form with an alias (`- docker:dind` → `- name: docker:dind` /
 * `alias: docker`), or adds/sets `alias:` in a long-form item. The name keeps its source text (quoting).
 */
export function setServiceAlias(ed: YamlEditor, svc: Service, alias: string): SpanEdit | undefined {
  const node = svc.node;
  if (node.file !== ed.file || !svc.nameNode || svc.nameNode.file !== ed.file) return undefined;
  const aliasText = ed.scalar(alias);
  if (node.kind === 'scalar') return serviceLongForm(ed, node, 'alias', aliasText, `: ${aliasText}`);
  if (node.kind !== 'map') return undefined;
  const a = entry(node, 'alias');
  if (a) {
    if (a.value.kind !== 'scalar' || a.file !== ed.file) return undefined;
    return a.value.value === null ? { file: ed.file, start: a.keyEnd, end: Math.max(a.keyEnd, a.value.end), newText: `: ${aliasText}` } : ed.replaceScalar(a.value, alias);
  }
  const n = entry(node, 'name');
  if (!n || n.file !== ed.file) return undefined;
  return ed.insertSibling(n, 'alias', alias);
}

/** The containing variables map of a variable, when it is written in the job itself or globally. */
export function variablesMapOf(pipeline: Pipeline, job: Job, e: YEntry): YMap | undefined {
  const cands = [get(ownMap(job), 'variables'), get(pipeline.config, 'variables')];
  for (const c of cands) if (c?.kind === 'map' && c.entries.get(e.key) === e) return c;
  return undefined;
}

// ---- TOML ----

/** Appends a value (TOML text) to an array, in its own style (`[]`, `["a"]`, multi-line). */
export function appendTomlArray(doc: TomlDoc, arr: TArray, valueText: string): SpanEdit {
  const text = doc.fileText;
  const last = arr.items[arr.items.length - 1];
  if (!last) {
    const open = text.indexOf('[', arr.start);
    return { file: doc.file, start: open + 1, end: open + 1, newText: valueText };
  }
  return { file: doc.file, start: last.end, end: last.end, newText: `, ${valueText}` };
}

/** Removes an item of a TOML array with its separating comma. */
export function removeTomlArrayItem(doc: TomlDoc, arr: TArray, item: TScalar): SpanEdit {
  const text = doc.fileText;
  const i = arr.items.indexOf(item);
  if (i < arr.items.length - 1) {
    const next = arr.items[i + 1];
    return { file: doc.file, start: item.start, end: next.start, newText: '' };
  }
  if (i > 0) {
    const prev = arr.items[i - 1];
    return { file: doc.file, start: prev.end, end: item.end, newText: '' };
  }
  let end = item.end;
  const m = /^\s*,?/.exec(text.slice(end));
  if (m) end += m[0].length;
  return { file: doc.file, start: item.start, end, newText: '' };
}

/** A TOML string in the quote style of an existing string node. */
export function tomlStringLike(doc: TomlDoc, like: TScalar | undefined, s: string): string {
  if (like && doc.fileText[like.start] === "'" && !s.includes("'")) return `'${s}'`;
  return JSON.stringify(s);
}


export { tentry, dindServices, socketBound };

/** The job's scripts start or select a daemon themselves (dockerd, a context, a remote/kubernetes buildx driver…). */
export function providesOwnDaemon(job: Job): boolean {
  for (const c of jobCommands(job)) {
    const w = c.words.map((x) => x.text);
    const p = w[0] ?? '';
    if (/(^|\/)(dockerd|dockerd-entrypoint\.sh|dind|podman)$/.test(p)) return true;
    if ((p === 'service' || p === 'systemctl' || p === 'rc-service') && w.includes('docker')) return true;
    if ((p === 'export' || p === 'declare' || p === 'set') && w.some((x) => /^DOCKER_(HOST|CONTEXT)=/.test(x))) return true;
    if (c.assignments.some((a) => /^DOCKER_(HOST|CONTEXT)=/.test(a.text)) && w.length === 0) return true;
    if (/(^|\/)docker$/.test(p)) {
      if (w[1] === 'context' && (w[2] === 'use' || w[2] === 'create')) return true;
      if (w[1] === 'buildx' && w[2] === 'create' && w.some((x, i) => /^--driver=(remote|kubernetes)$/.test(x) || (x === '--driver' && /^(remote|kubernetes)$/.test(w[i + 1] ?? '')))) return true;
    }
  }
  return false;
}
