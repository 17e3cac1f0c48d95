/**
 * dind ↔ runner facts shared by the certificate and privilege rules: which runner volumes hold dind's TLS
 * directory, whether they are writable, whether a runner config can hide tables behind Go templates, and where a
 * runner's tables and entries are written.
 */
import type { Span } from '../engine/types';
import { TEMPLATE_FILL } from '../formats/helm';
import { tentry, tget, titems, tstr, type TEntry, type TomlDoc, type TTable, type TValue } from '../formats/toml';
import { isDindImage, isDockerLibraryImage, parseImageRef } from './docker';
import { dindServices, svcVar, tlsOn } from './facts';
import type { Job, Pipeline, Service } from './pipeline';
import { dockerVolumes, k8sVolumes, privilegedForService, runnerEnvironment, runnerServices, socketBound, type DockerVolume, type K8sVolume, type Runner } from './runner';

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
 * The Docker/Kubernetes runners in view, when all of them can be read fully (no structural Go templates, no
 * `[runners.x]` fragment without `[[runners]]`); empty when a cross-file rule should stay quiet.
 */
export function knownContainerRunners(runners: readonly Runner[]): Runner[] {
  const out = runners.filter((r) => r.executor === 'docker' || r.executor === 'kubernetes');
  return out.some((r) => structurallyTemplated(r.doc) || isFragment(r)) ? [] : out;
}

/**
 * A runner we only see a fragment of: no `[[runners]]` header (e.g. a doc snippet with just
 * `[runners.kubernetes.pod_annotations]`). Absence-based rules stay quiet on it.
 */
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

const sharedAt = (certDir: string, p: string | undefined) => p === `${certDir}/client` || p === certDir;

/** Whether a Docker runner shares `certDir/client` (or `certDir`) writable; undefined when a volume is templated. */
export function dockerSharesCerts(r: Runner, certDir: string): boolean | undefined {
  const vols = dockerVolumes(r);
  if (vols.some((v) => !isKnown(v.raw))) return undefined;
  return vols.some((v) => !dockerReadOnly(v) && sharedAt(certDir, normPath(v.container)));
}

/** Whether a Kubernetes runner has a writable volume at `certDir/client` (or `certDir`); undefined when a mount path is templated. */
export function k8sSharesCerts(r: Runner, certDir: string): boolean | undefined {
  const vols = k8sVolumes(r);
  if (vols.some((v) => v.mountPath === undefined)) return undefined;
  return vols.some((v) => k8sWritable(v) && sharedAt(certDir, normPath(v.mountPath)));
}

/** A Kubernetes runner mounts only a read-only (or secret) volume at `certDir/client` or `certDir`. */
export function k8sCertsBlocked(r: Runner, certDir: string): boolean {
  return k8sVolumes(r).some((v) => !k8sWritable(v) && sharedAt(certDir, normPath(v.mountPath)));
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

/**
 * A runner config read without any CI file it serves (an infrastructure repository): a Docker or Kubernetes runner
 * whose default image is the official docker image and that runs privileged is set up for Docker-in-Docker, so the
 * certificate rules judge it as one. The answer is the TLS directory its dind jobs use by default (`/certs`, or the
 * runner environment's `DOCKER_TLS_CERTDIR`) and the `image` entry; undefined when the runner is not such a runner,
 * when its environment turns TLS off or fixes DOCKER_HOST, when it binds the host's socket or uses a remote daemon,
 * or when templates hide part of it.
 */
export function dindRunnerAlone(r: Runner): { certDir: string; image: TEntry } | undefined {
  if ((r.executor !== 'docker' && r.executor !== 'kubernetes') || structurallyTemplated(r.doc) || isFragment(r)) return undefined;
  const exec = r.executor === 'docker' ? r.docker : r.kubernetes;
  const image = tentry(exec, 'image');
  const name = tstr(image?.value);
  if (!image || !isKnown(name) || name.includes('$') || !isDockerLibraryImage(parseImageRef(name))) return undefined;
  if (privilegedForService(r, 'docker:dind') !== true || socketBound(r)) return undefined;
  if (r.executor === 'docker' && /^(tcp|ssh):/.test(tstr(tget(r.docker, 'host')) ?? '')) return undefined;
  const env = runnerEnvironment(r);
  if (env.has('DOCKER_HOST')) return undefined;
  const dir = env.get('DOCKER_TLS_CERTDIR')?.value;
  if (dir !== undefined && (dir.trim() === '' || !isKnown(dir) || dir.includes('$'))) return undefined;
  return { certDir: normPath(dir ?? '/certs')!, image };
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

/** The items of a TOML string array as written, for appending. */
export function stringArrayItems(v: TValue | undefined): string[] {
  return titems(v).flatMap((i) => (i.kind === 'scalar' ? [String(i.value)] : []));
}
