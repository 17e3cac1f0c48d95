import { runnerRule, type ReportFix, type RunnerConfigContext, clip } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { tget, tstr, type TArray, type TomlDoc } from '../formats/toml';
import type { Pipeline } from '../model/pipeline';
import { dockerVolumes, k8sVolumes, privilegedForService, type DockerVolume, type K8sVolume, type Runner } from '../model/runner';
import { dindRunnerAlone, dockerReadOnly, dockerVolumesAt, isKnown, k8sVolumesAt, k8sWritable, normPath, runnerHasDindService, servedDind } from '../model/dind-runner';
import { emptyDirLines, removeVolumeTable, replaceVolumeTable, CERTS_VOLUME_NAME } from '../edits/runner';

const SUB = /\/(client|server|ca)$/;

/** The cert dir a path belongs to (`/certs/client` → `/certs`). */
function dirOf(path: string): string { return SUB.test(path) ? path.replace(SUB, '') || '/' : path; }

export const rule = runnerRule({
  id: 'dind-certs-volume-readonly',
  severity: 'error',
  summary: 'A secret, config_map or read-only volume sits where dind must write its TLS certificates',
  check(ctx) {
    let pipes: Pipeline[] | undefined;
    const pipelines = () => (pipes ??= ctx.pipelines());
    for (const r of ctx.config.runners) {
      if (r.executor !== 'kubernetes' && r.executor !== 'docker') continue;
      const served = servedDind(pipelines(), r);
      const runnerDind = runnerHasDindService(r);
      // seen alone (no CI file it serves), a privileged runner whose default image is the docker image is a dind runner
      const alone = pipelines().length === 0 ? dindRunnerAlone(r) : undefined;
      const dindUse = served.any || runnerDind || alone !== undefined;
      const knownNoDind = pipelines().length > 0 && !pipelines().some((p) => p.partial) && !dindUse;
      if (knownNoDind) continue;
      const remoteDaemon = r.executor === 'docker' && /^tcp:/.test(tstr(tget(r.docker, 'host')) ?? '');
      const privileged = privilegedForService(r, 'docker:dind') === true;
      const dirs = new Set(['/certs', ...served.certDirs, ...(alone ? [alone.certDir] : [])]);
      /** Whether a read-only mount at `path` is one to report. */
      const relevant = (path: string | undefined): path is string => {
        if (path === undefined) return false;
        const d = dirOf(path);
        if (!dirs.has(d)) return false;
        const bare = d === path;
        return dindUse || (!bare && privileged && !remoteDaemon);
      };
      if (r.executor === 'kubernetes') {
        for (const v of k8sVolumes(r)) {
          const path = normPath(v.mountPath);
          if (k8sWritable(v) || !relevant(path) || !v.mountPathEntry) continue;
          reportK8s(ctx, r, v, path);
        }
      } else {
        for (const v of dockerVolumes(r)) {
          const path = normPath(v.container);
          if (!dockerReadOnly(v) || !isKnown(v.raw) || !relevant(path)) continue;
          reportDocker(ctx, r, v, path);
        }
      }
    }
  },
});

function whyText(path: string): string {
  const d = dirOf(path);
  return `dind's entrypoint must write its CA, server and client certificates under ${d} (\`set -eu\`), so certificate generation fails, dockerd never starts, and the job sees \`Cannot connect to the Docker daemon at tcp://docker:2376. Is the docker daemon running?\``;
}

function reportK8s(ctx: RunnerConfigContext, r: Runner, v: K8sVolume, path: string) {
  const doc = r.doc;
  const e = v.mountPathEntry!;
  const what = v.type === 'secret' || v.type === 'config_map'
    ? `A ${v.type} volume${v.name ? ` ('${v.name}')` : ''} is mounted at ${path}; Kubernetes mounts ${v.type}s read-only`
    : `The ${v.type} volume${v.name ? ` '${v.name}'` : ''} at ${path} has read_only = true`;
  const message = `Read-only volume at ${clip(path, 30)}: dind cannot write its TLS certificates and never starts. ${what}, and runner volumes go into every container of the job pod, the dind service included: ${whyText(path)}. Share dind's client certificates through a writable empty_dir at ${dirOf(path)}/client instead; a registry CA belongs elsewhere (for the dind daemon: /etc/docker/certs.d/<registry-host>/ca.crt).`;
  const target = `${dirOf(path)}/client`;
  const fixes: ReportFix[] = [];
  if (k8sVolumesAt(r, target).some(k8sWritable)) {
    const rm = removeVolumeTable(r, v);
    if (rm) fixes.push({ title: `Remove the read-only ${v.type} volume at ${path} (the empty_dir at ${target} already shares the certificates)`, preferred: true, edits: [rm] });
  } else {
    const others = k8sVolumesAt(r, target).filter((o) => o.table !== v.table && !k8sWritable(o));
    const names = new Set(k8sVolumes(r).filter((o) => o.table !== v.table).map((o) => o.name));
    let name = CERTS_VOLUME_NAME;
    for (let i = 2; names.has(name); i++) name = `${CERTS_VOLUME_NAME}-${i}`;
    const edits: (SpanEdit | undefined)[] = [replaceVolumeTable(r, v, '[[runners.kubernetes.volumes.empty_dir]]', emptyDirLines(name, target)), ...others.map((o) => removeVolumeTable(r, o))];
    if (edits.every((x) => x)) fixes.push({ title: `Replace the ${v.type} volume by a writable empty_dir at ${target}`, preferred: true, edits: edits as SpanEdit[] });
  }
  const related = [];
  if (v.table.header) related.push({ at: { file: doc.file, start: v.table.header.start, end: v.table.header.end }, message: `${v.type} volume declared here` });
  const ro = v.table.entries.get('read_only');
  if (ro && v.readOnly) related.push({ at: { file: doc.file, start: ro.start, end: ro.end }, message: 'read-only here' });
  ctx.report({ at: { file: doc.file, start: e.value.start, end: e.value.end }, message, related, fixes });
}

function reportDocker(ctx: RunnerConfigContext, r: Runner, v: DockerVolume, path: string) {
  const doc = r.doc;
  const target = `${dirOf(path)}/client`;
  const message = `Read-only volume at ${clip(path, 30)}: dind cannot write its TLS certificates and never starts. The volume "${v.raw}" mounts ${path} read-only, and the Docker executor mounts runner volumes into the build and every service container, the dind service included: ${whyText(path)}. Share dind's client certificates with a writable volume instead: "${target}" in [runners.docker] volumes.`;
  const fixes: ReportFix[] = [];
  const quote = doc.fileText[v.node.start] === "'" ? "'" : '"';
  const writableAtTarget = dockerVolumesAt(r, target).some((o) => o.node !== v.node && !dockerReadOnly(o));
  if (writableAtTarget) {
    const rm = removeArrayItem(doc, tget(r.docker, 'volumes') as TArray, v);
    if (rm) fixes.push({ title: `Remove the read-only volume "${v.raw}" (${target} is already shared writable)`, preferred: true, edits: [rm] });
  } else {
    fixes.push({ title: `Use a writable volume: "${target}"`, preferred: true, edits: [{ file: doc.file, start: v.node.start, end: v.node.end, newText: `${quote}${target}${quote}` }] });
  }
  ctx.report({ at: { file: doc.file, start: v.node.start, end: v.node.end }, message, fixes });
}

function removeArrayItem(doc: TomlDoc, arr: TArray, v: DockerVolume): SpanEdit | undefined {
  const i = arr.items.indexOf(v.node);
  if (i < 0) return undefined;
  if (i + 1 < arr.items.length) return { file: doc.file, start: v.node.start, end: arr.items[i + 1].start, newText: '' };
  if (i > 0) return { file: doc.file, start: arr.items[i - 1].end, end: v.node.end, newText: '' };
  return { file: doc.file, start: arr.start, end: arr.end, newText: '[]' };
}
