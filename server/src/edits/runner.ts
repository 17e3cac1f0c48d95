/**
 * Edits of a GitLab Runner config (config.toml, or the TOML of a Helm chart's `runners.config`), in the file's own
 * indentation and quoting: keys in `[runners.docker]` / `[runners.kubernetes]`, items of TOML arrays, Kubernetes
 * volume tables, and the privilege settings dind needs. The quick fixes and the build-strategy picker use the same
 * builders, so they write the same settings.
 */
import type { SpanEdit } from '../engine/types';
import { insertKeys, insertTable, keyIndent, replaceValue, tentry, tget, tomlString, ttable, type TArray, type TomlDoc, type TScalar, type TTable } from '../formats/toml';
import { dockerReadOnly, k8sVolumesAt, k8sWritable, normPath, tableExtentEnd } from '../model/dind-runner';
import { dockerVolumes, k8sVolumes, type K8sVolume, type Runner } from '../model/runner';

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
