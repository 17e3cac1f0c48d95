/**
 * dind ↔ runner facts shared by the certificate and privilege rules (catalogue B3–B6, C1–C7): which runner volumes
 * hold dind's TLS directory, whether they are writable, whether a runner config can hide tables behind Go
 * templates, and the TOML edits that add the canonical `empty_dir` / privileged settings in the file's own style.
 */
import type { SpanEdit, Span } from '../engine/types';
import { TEMPLATE_FILL } from '../formats/helm';
import { insertKeys, insertTable, keyIndent, replaceValue, tentry, tget, titems, tomlString, ttable, type TEntry, type TomlDoc, type TTable, type TValue } from '../formats/toml';
import { isDindImage, parseImageRef } from './docker';
import { dindServices, svcVar, tlsOn } from './facts';
import type { Job, Pipeline, Service } from './pipeline';
import { dockerVolumes, k8sVolumes, runnerEnvironment, runnerServices, type DockerVolume, type K8sVolume, type Runner } from './runner';

/** `/certs/` → `/certs`; undefined stays undefined. */
export function normPath(p: string | undefined): string | undefined {
  if (p === undefined) return undefined;
  const s = p.replace(/\/+$/, '');
  return s === '' ? '/' : s;
}

/** Whether a runner config may hold tables we cannot see (a Go template on a line of its own in Helm values). */
export function structurallyTemplated(doc: TomlDoc): boolean {
  if (!doc.templated || !doc.root) return false;
  // the embedded TOML's lines: from its first line while they keep the block's indentation (or are blank)
  const first = doc.lines.position(doc.root.start).line;
  for (let l = first; l < doc.lines.lineCount; l++) {
    const t = doc.lines.lineText(l);
    if (t.trim() !== '' && !t.startsWith(doc.baseIndent)) break;
    if (/^\s*\{\{/.test(t)) return true;
  }
  return false;
}

/**
 * A runner we only see a fragment of: no `[[runners]]` header (e.g. a doc snippet with just
 * `[runners.kubernetes.pod_annotations]`). Absence-based rules stay quiet on it.
 */
/**
 * The Docker/Kubernetes runners in view, when all of them can be read fully (no structural Go templates, no
 * `[runners.x]` fragment without `[[runners]]`); empty when a cross-file rule should stay quiet.
 */
export function knownContainerRunners(runners: readonly Runner[]): Runner[] {
  const out = runners.filter((r) => r.executor === 'docker' || r.executor === 'kubernetes');
  return out.some((r) => structurallyTemplated(r.doc) || isFragment(r)) ? [] : out;
}

export function isFragment(r: Runner): boolean { return r.table.style !== 'header' || tget(r.doc.root, 'runners')?.kind !== 'array'; }

export function isKnown(s: string | undefined): s is string { return s !== undefined && !s.includes(TEMPLATE_FILL); }

/** Writable k8s volume kinds (empty_dir, pvc, host_path, csi without read_only). */
export function k8sWritable(v: K8sVolume): boolean {
  return (v.type === 'empty_dir' || v.type === 'pvc' || v.type === 'host_path' || v.type === 'csi') && !v.readOnly;
}

/** The docker volume is mounted read-only (`:ro`, `:ro,Z`…). */
export function dockerReadOnly(v: DockerVolume): boolean {
  return v.mode !== undefined && v.mode.split(',').includes('ro');
}

/** A volume of a runner at `path` (container side), any kind. */
export function k8sVolumesAt(r: Runner, path: string): K8sVolume[] {
  return k8sVolumes(r).filter((v) => normPath(v.mountPath) === path);
}
export function dockerVolumesAt(r: Runner, path: string): DockerVolume[] {
  return dockerVolumes(r).filter((v) => normPath(v.container) === path);
}

/** Runner-level `environment` decides a variable for jobs that do not set it themselves. */
export function runnerEnvSets(runners: Runner[], name: string): boolean {
  return runners.some((r) => runnerEnvironment(r).has(name));
}

/**
 * TLS state of a dind service as far as YAML *and* runner environment tell: when the job does not set
 * DOCKER_TLS_CERTDIR but a runner's `environment` does, the answer is unknown.
 */
export function dindTls(job: Job, svc: Service, runners: Runner[]): ReturnType<typeof tlsOn> {
  const t = tlsOn(job, svc);
  if (svcVar(job, svc, 'DOCKER_TLS_CERTDIR').state !== 'set' && runnerEnvSets(runners, 'DOCKER_TLS_CERTDIR')) return { on: undefined };
  return t;
}

/** Cert dirs of dind services (TLS on or unknown) in pipelines a runner serves; `unknownTls` when some are unknown. */
export function servedDind(pipelines: Pipeline[], runner: Runner): { certDirs: Set<string>; any: boolean } {
  const certDirs = new Set<string>();
  let any = false;
  for (const p of pipelines) for (const job of p.jobs) for (const svc of dindServices(job)) {
    const t = dindTls(job, svc, [runner]);
    if (t.on === false) continue;
    any = true;
    if (t.on && t.certDir && !t.certDir.includes('$')) certDirs.add(normPath(t.certDir)!);
  }
  return { certDirs, any };
}

/** The runner itself declares a dind service for every job. */
export function runnerHasDindService(r: Runner): boolean {
  return runnerServices(r).some((s) => isKnown(s.name) && isDindImage(parseImageRef(s.name)));
}

/** Span of a TOML entry (`key = value`). */
export function entrySpan(doc: TomlDoc, e: TEntry): Span { return { file: doc.file, start: e.start, end: e.end }; }

/** Where to point at a runner's executor table: its header, else the `[[runners]]` header. */
export function tableSpan(r: Runner, t: TTable | undefined): Span {
  const h = t?.header ?? r.table.header;
  return h ? { file: r.file, start: h.start, end: h.end } : { file: r.file, start: r.table.start, end: r.table.start };
}

/** End offset of a header table including every sub-table written for it (e.g. a secret's `.items`). */
export function tableExtentEnd(t: TTable): number {
  let end = t.bodyEnd;
  const visit = (v: TValue) => {
    if (v.kind === 'table') {
      if (v.style === 'header' && v.header && v.header.start > (t.header?.start ?? -1)) end = Math.max(end, v.bodyEnd);
      for (const e of v.entries.values()) visit(e.value);
    } else if (v.kind === 'array') for (const i of v.items) visit(i);
  };
  for (const e of t.entries.values()) visit(e.value);
  return end;
}

export const CERTS_VOLUME_NAME = 'docker-certs';

function freeVolumeName(r: Runner): string {
  const names = new Set(k8sVolumes(r).map((v) => v.name));
  if (!names.has(CERTS_VOLUME_NAME)) return CERTS_VOLUME_NAME;
  for (let i = 2; ; i++) if (!names.has(`${CERTS_VOLUME_NAME}-${i}`)) return `${CERTS_VOLUME_NAME}-${i}`;
}

export function emptyDirLines(name: string, mountPath: string): string[] {
  return [`name = ${tomlString(name)}`, `mount_path = ${tomlString(mountPath)}`, 'medium = "Memory"'];
}

/** Replaces a `[[runners.kubernetes.volumes.<type>]]` table (with its sub-tables) by another table text. */
export function replaceVolumeTable(r: Runner, v: K8sVolume, header: string, lines: string[]): SpanEdit | undefined {
  const t = v.table;
  if (t.style !== 'header' || !t.header) return undefined;
  const doc = r.doc;
  const ind = keyIndent(doc, t);
  const end = doc.lines.lineEnd(doc.lines.position(tableExtentEnd(t)).line);
  return { file: doc.file, start: t.header.start, end, newText: header + lines.map((l) => doc.eol + ind + l).join('') };
}

/** Removes a volume table (header line through its last key/sub-table line). */
export function removeVolumeTable(r: Runner, v: K8sVolume): SpanEdit | undefined {
  const t = v.table;
  if (t.style !== 'header' || !t.header) return undefined;
  const doc = r.doc;
  const startLine = doc.lines.position(t.header.start).line;
  const endLine = doc.lines.position(tableExtentEnd(t)).line;
  const start = doc.lines.lineStarts[startLine];
  const end = endLine + 1 < doc.lines.lineCount ? doc.lines.lineStarts[endLine + 1] : doc.fileText.length;
  return { file: doc.file, start, end, newText: '' };
}

/**
 * Edits that give a Kubernetes runner a writable `empty_dir` at `mountPath`: replace a read-only/secret volume
 * there, or add the table after `[runners.kubernetes]`'s own keys. Undefined when the file's shape does not allow
 * a safe edit (inline tables).
 */
export function addCertsEmptyDir(r: Runner, mountPath: string): SpanEdit[] | undefined {
  const header = '[[runners.kubernetes.volumes.empty_dir]]';
  const at = k8sVolumesAt(r, mountPath);
  const blocking = at.filter((v) => !k8sWritable(v));
  if (at.some(k8sWritable)) return undefined;
  if (blocking.length) {
    const edits: SpanEdit[] = [];
    const first = replaceVolumeTable(r, blocking[0], header, emptyDirLines(freeVolumeName(r), mountPath));
    if (!first) return undefined;
    edits.push(first);
    for (const b of blocking.slice(1)) { const e = removeVolumeTable(r, b); if (!e) return undefined; edits.push(e); }
    return edits;
  }
  const k = r.kubernetes;
  if (k && k.style === 'header') return [insertTable(r.doc, k, header, emptyDirLines(freeVolumeName(r), mountPath))];
  if (!k && r.table.style === 'header') return [insertTable(r.doc, r.table, header, emptyDirLines(freeVolumeName(r), mountPath))];
  return undefined;
}

/** Sets `key = value` in a header table: replaces an existing value, inserts the key otherwise. */
export function setKey(doc: TomlDoc, table: TTable, key: string, valueText: string): SpanEdit | undefined {
  const e = tentry(table, key);
  if (e) return e.value.kind === 'scalar' || e.value.kind === 'array' ? replaceValue(doc, e, valueText) : undefined;
  if (table.style !== 'header') return undefined;
  return insertKeys(doc, table, [`${key} = ${valueText}`]);
}

/** Sets a key in `[runners.<sub>]` of a runner, creating the table when the runner has none. */
export function setRunnerSubKey(r: Runner, sub: 'docker' | 'kubernetes', lines: [string, string][]): SpanEdit[] | undefined {
  const t = ttable(tget(r.table, sub));
  if (t) {
    if (t.style !== 'header') return undefined;
    const edits: SpanEdit[] = [];
    const inserts: string[] = [];
    for (const [k, v] of lines) {
      const e = tentry(t, k);
      if (e) { if (e.value.kind !== 'scalar' && e.value.kind !== 'array') return undefined; edits.push(replaceValue(r.doc, e, v)); } else inserts.push(`${k} = ${v}`);
    }
    const anchor = tentry(t, 'privileged') ?? tentry(t, 'services_privileged');
    if (inserts.length && anchor && anchor.keyEnd > 0) {
      // next to the privilege settings, in their indentation
      const doc = r.doc;
      const line = doc.lines.position(anchor.start).line;
      const at = doc.lines.lineEnd(line);
      edits.push({ file: doc.file, start: at, end: at, newText: inserts.map((l) => doc.eol + doc.lines.indentOf(line) + l).join('') });
    } else if (inserts.length) edits.push(insertKeys(r.doc, t, inserts));
    return edits;
  }
  if (r.table.style !== 'header') return undefined;
  return [insertTable(r.doc, r.table, `[runners.${sub}]`, lines.map(([k, v]) => `${k} = ${v}`))];
}

/** The items of a TOML string array as written, for appending. */
export function stringArrayItems(v: TValue | undefined): string[] {
  return titems(v).flatMap((i) => (i.kind === 'scalar' ? [String(i.value)] : []));
}

/**
 * Edits that make a Docker runner share `path` writable: rewrite a `:ro` entry at that container path, append to
 * `volumes`, or add the key. Undefined when the file's shape does not allow a safe edit.
 */
export function addDockerVolume(r: Runner, path: string): SpanEdit[] | undefined {
  const doc = r.doc;
  const vols = tget(r.docker, 'volumes');
  const lit = tomlString(path);
  if (vols?.kind === 'array') {
    const ro = dockerVolumes(r).find((v) => normPath(v.container) === path && dockerReadOnly(v));
    if (ro) return [{ file: doc.file, start: ro.node.start, end: ro.node.end, newText: lit }];
    const last = vols.items[vols.items.length - 1];
    if (!last) return [{ file: doc.file, start: vols.start, end: vols.end, newText: `[${lit}]` }];
    return [{ file: doc.file, start: last.end, end: last.end, newText: `, ${lit}` }];
  }
  if (vols) return undefined;
  return setRunnerSubKey(r, 'docker', [['volumes', `[${lit}]`]]);
}
