/**
 * Edits of a GitLab Runner config (config.toml, or the TOML of a Helm chart's `runners.config`), in the file's own
 * indentation and quoting: keys in `[runners.docker]` / `[runners.kubernetes]`, items of TOML arrays, Kubernetes
 * volume tables, and the privilege settings dind needs. The quick fixes and the build-strategy picker use the same
 * builders, so they write the same settings.
 */
import { DIND_ALLOW_PATTERN } from '../../../common/strategies';
import type { SpanEdit } from '../engine/types';
import { indentStep, insertKeys, insertTable, keyIndent, replaceValue, tentry, tget, tomlString, tstr, ttable, type TArray, type TomlDoc, type TScalar, type TTable } from '../formats/toml';
import { dockerReadOnly, dockerSharesCerts, isFragment, k8sSharesCerts, k8sVolumesAt, k8sWritable, normPath, runnerEnvSets, stringArrayItems, structurallyTemplated, tableExtentEnd } from '../model/dind-runner';
import { dockerVolumes, flag, k8sVolumes, matchImage, socketBound, type K8sVolume, type Runner, type RunnerView } from '../model/runner';
import { mergeSameOffset } from './merge';

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

/** `base`, or `base-2`, `base-3`… when the runner already has a Kubernetes volume of that name. */
export function freeVolumeName(r: Runner, base = CERTS_VOLUME_NAME): string {
  const names = new Set(k8sVolumes(r).map((v) => v.name));
  if (!names.has(base)) return base;
  for (let i = 2; ; i++) if (!names.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** The keys of an `empty_dir` volume table (`medium = "Memory"` unless another medium, or none, is asked for). */
export function emptyDirLines(name: string, mountPath: string, medium: string | undefined = 'Memory'): string[] {
  return [`name = ${tomlString(name)}`, `mount_path = ${tomlString(mountPath)}`, ...(medium ? [`medium = ${tomlString(medium)}`] : [])];
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
 * there, or add the table after `[runners.kubernetes]`'s own keys. Undefined when a writable volume is already
 * mounted there, or when the file's shape does not allow a safe edit (inline tables).
 */
export function addEmptyDir(r: Runner, mountPath: string, name = CERTS_VOLUME_NAME, medium: string | undefined = 'Memory'): SpanEdit[] | undefined {
  const header = '[[runners.kubernetes.volumes.empty_dir]]';
  const at = k8sVolumesAt(r, mountPath);
  const blocking = at.filter((v) => !k8sWritable(v));
  if (at.some(k8sWritable)) return undefined;
  const lines = emptyDirLines(freeVolumeName(r, name), mountPath, medium);
  if (blocking.length) {
    const edits: SpanEdit[] = [];
    const first = replaceVolumeTable(r, blocking[0], header, lines);
    if (!first) return undefined;
    edits.push(first);
    for (const b of blocking.slice(1)) { const e = removeVolumeTable(r, b); if (!e) return undefined; edits.push(e); }
    return edits;
  }
  const k = r.kubernetes;
  if (k && k.style === 'header') return [insertTable(r.doc, k, header, lines)];
  if (!k && r.table.style === 'header') return [insertTable(r.doc, r.table, header, lines)];
  return undefined;
}

/** {@link addEmptyDir} for dind's TLS certificates: `docker-certs`, in memory. */
export function addCertsEmptyDir(r: Runner, mountPath: string): SpanEdit[] | undefined { return addEmptyDir(r, mountPath); }

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
    return [appendTomlArray(doc, vols, lit)];
  }
  if (vols) return undefined;
  return setRunnerSubKey(r, 'docker', [['volumes', `[${lit}]`]]);
}

/** Whether `[runners.docker]` runs services privileged (`services_privileged`, else `privileged`); false when unknown. */
function dockerServicesPrivileged(r: Runner): boolean {
  return (flag(r.docker, 'services_privileged') ?? flag(r.docker, 'privileged')) === true;
}

/**
 * Edits that let a Docker runner run the service `serviceName` privileged, with least privilege:
 * `services_privileged = true` (unless services already run privileged) and an `allowed_privileged_services` that
 * matches the name as written (a new list with {@link DIND_ALLOW_PATTERN}, or the name added to an existing list).
 * `alsoNames` are the other privileged services the same jobs use (a mirrored dind image in another job): the list
 * written matches them too, so that the fix raises no new finding for them. A name known only at job start
 * (`$VAR/docker:dind`) cannot be listed: when one is among them, no new list is started (services_privileged alone).
 * `[]` when nothing is missing; undefined when no safe edit exists (`serviceName` is known only at job start and an
 * existing list cannot match it, or the table is written inline).
 */
export function allowPrivilegedService(r: Runner, serviceName: string, alsoNames: readonly string[] = []): SpanEdit[] | undefined {
  const lines: [string, string][] = [];
  const already = dockerServicesPrivileged(r);
  if (!already) lines.push(['services_privileged', 'true']);
  const allowed = stringArrayItems(tget(r.docker, 'allowed_privileged_services'));
  const names = [...new Set([serviceName, ...alsoNames])];
  const literal = names.filter((n) => !n.includes('$'));
  if (serviceName.includes('$') && allowed.length) return undefined;
  const base = allowed.length ? allowed : already || literal.length < names.length ? undefined : [DIND_ALLOW_PATTERN];
  if (base) {
    const missing = literal.filter((n) => !base.some((a) => matchImage(a, n)));
    if (!allowed.length || missing.length) lines.push(['allowed_privileged_services', `[${[...base, ...missing].map(tomlString).join(', ')}]`]);
  }
  return lines.length ? setRunnerSubKey(r, 'docker', lines) : [];
}

/**
 * Edits that run a Kubernetes runner's service containers privileged (least privilege: only the service container):
 * `privileged = true` in `[runners.kubernetes.service_container_security_context]`, creating the table when needed.
 * Undefined when the file's shape does not allow a safe edit.
 */
export function privilegedServiceContainer(r: Runner): SpanEdit[] | undefined {
  const k = r.kubernetes;
  const sc = ttable(tget(k, 'service_container_security_context'));
  const header = '[runners.kubernetes.service_container_security_context]';
  if (sc) { const e = setKey(r.doc, sc, 'privileged', 'true'); return e ? [e] : undefined; }
  if (k && k.style === 'header') return [insertTable(r.doc, k, header, ['privileged = true'])];
  if (!k && r.table.style === 'header') return [insertTable(r.doc, r.table, header, ['privileged = true'])];
  return undefined;
}

const BCSC = 'runners.kubernetes.build_container_security_context';
const PROFILE_KINDS = ['seccomp_profile', 'app_armor_profile'] as const;

/**
 * `[runners.kubernetes.build_container_security_context.{seccomp_profile,app_armor_profile}] type = "Unconfined"`
 * (rootless BuildKit needs both on Kubernetes: https://docs.gitlab.com/ci/docker/using_buildkit/). `[]` when both
 * are set; undefined when the file's shape does not allow a safe edit.
 */
export function unconfinedBuildContainer(r: Runner): SpanEdit[] | undefined {
  const k = r.kubernetes;
  if (!k || k.style !== 'header' || !k.header) return undefined;
  const doc = r.doc;
  const bcsc = ttable(tget(k, 'build_container_security_context'));
  const step = indentStep(doc);
  if (!bcsc) {
    const base = doc.lines.indentOf(doc.lines.position(k.header.start).line) + step;
    const text = [`${base}[${BCSC}]`, ...PROFILE_KINDS.flatMap((kind) => [`${base}${step}[${BCSC}.${kind}]`, `${base}${step}${step}type = "Unconfined"`])].map((l) => doc.eol + l).join('');
    const at = doc.lines.lineEnd(doc.lines.position(k.bodyEnd).line);
    return [{ file: doc.file, start: at, end: at, newText: text }];
  }
  if (bcsc.style !== 'header') return undefined;
  const edits: SpanEdit[] = [];
  for (const kind of PROFILE_KINDS) {
    const t = ttable(tget(bcsc, kind));
    if (t) { if (tstr(tget(t, 'type')) === 'Unconfined') continue; const e = t.style === 'header' ? setKey(doc, t, 'type', '"Unconfined"') : undefined; if (!e) return undefined; edits.push(e); }
    else edits.push(insertTable(doc, bcsc, `[${BCSC}.${kind}]`, ['type = "Unconfined"']));
  }
  return mergeSameOffset(edits);
}

/**
 * For a fix after which a job talks TLS to dind (certificates in `certDir`): the runner edits that share the client
 * certificates with the build container when no runner in view does (a writable `volumes` entry on Docker, an
 * empty_dir on Kubernetes), the setting dind-tls-certs-not-shared-docker / -k8s would ask for next. `[]` when nothing
 * is missing, or the runners are unknown or cannot be read fully; undefined when a runner lacks it and no safe edit
 * exists.
 */
export function shareCertsEdits(view: RunnerView, certDir: string): SpanEdit[] | undefined {
  const runners = view.runners;
  if (!runners.length || (view.executor !== 'docker' && view.executor !== 'kubernetes')) return [];
  if (runners.some((r) => structurallyTemplated(r.doc) || isFragment(r))) return [];
  const dir = normPath(certDir) ?? '/certs';
  const docker = view.executor === 'docker';
  if (docker && (runnerEnvSets(runners, 'DOCKER_HOST') || runners.some(socketBound))) return [];
  if (!runners.every((r) => (docker ? dockerSharesCerts(r, dir) : k8sSharesCerts(r, dir)) === false)) return [];
  const edits: SpanEdit[] = [];
  for (const r of runners) {
    const e = docker ? addDockerVolume(r, `${dir}/client`) : addCertsEmptyDir(r, `${dir}/client`);
    if (!e) return undefined;
    edits.push(...e);
  }
  return edits;
}

/** The end of a fix title that also writes {@link shareCertsEdits}: '' when it writes none. */
export function shareNote(share: readonly SpanEdit[], certDir: string | undefined): string {
  return share.length ? `, and share ${normPath(certDir ?? '/certs') ?? '/certs'}/client in the runner config` : '';
}
