import { runnerRule, type ReportFix, type RunnerConfigContext, clip } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { insertTable, tget, tstr, type TArray, type TomlDoc, type TScalar } from '../formats/toml';
import type { Pipeline } from '../model/pipeline';
import { dockerVolumes, k8sVolumes, privilegedForService, type DockerVolume, type K8sVolume, type Runner } from '../model/runner';
import { dindRunnerAlone, dockerReadOnly, dockerVolumesAt, isKnown, k8sVolumesAt, k8sWritable, normPath, runnerHasDindService, servedDind } from '../model/dind-runner';
import { appendTomlArray, emptyDirLines, freeVolumeName, tomlStringLike } from '../edits/runner';
import { dindServices } from '../model/facts';
import { registryTargets } from '../model/registry';

/** The one registry host the dind jobs served by this runner log in to, pull from or push to, if there is exactly one. */
function onlyRegistryHost(pipelines: Pipeline[]): string | undefined {
  const hosts = new Set<string>();
  for (const p of pipelines) for (const job of p.jobs) if (dindServices(job).length) for (const h of registryTargets(job).hosts) hosts.add(h);
  return hosts.size === 1 ? [...hosts][0] : undefined;
}

/** Joins an edit that ends where the next starts (a replaced array item and an item appended after it). */
function mergeTouching(edits: SpanEdit[]): SpanEdit[] {
  const [a, b] = edits;
  if (b && a.file === b.file && a.end === b.start) return [{ file: a.file, start: a.start, end: b.end, newText: a.newText + b.newText }];
  return edits;
}

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
    // the same for every runner of the file: read once (a config of hundreds of runners serving thousands of jobs)
    let registry: { host: string | undefined } | undefined;
    const registryHostOf = () => (registry ??= { host: onlyRegistryHost(pipelines()) }).host;
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
      const registryHost = registryHostOf();
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
          reportK8s(ctx, r, v, path, registryHost);
        }
      } else {
        for (const v of dockerVolumes(r)) {
          const path = normPath(v.container);
          if (!dockerReadOnly(v) || !isKnown(v.raw) || !relevant(path)) continue;
          reportDocker(ctx, r, v, path, registryHost);
        }
      }
    }
  },
});

function whyText(path: string): string {
  const d = dirOf(path);
  return `dind's entrypoint must write its CA, server and client certificates under ${d} (\`set -eu\`), so certificate generation fails, dockerd never starts, and the job sees \`Cannot connect to the Docker daemon at tcp://docker:2376. Is the docker daemon running?\``;
}

function reportK8s(ctx: RunnerConfigContext, r: Runner, v: K8sVolume, path: string, registryHost: string | undefined) {
  const doc = r.doc;
  const e = v.mountPathEntry!;
  const what = v.type === 'secret' || v.type === 'config_map'
    ? `A ${v.type} volume${v.name ? ` ('${v.name}')` : ''} is mounted at ${path}; Kubernetes mounts ${v.type}s read-only`
    : `The ${v.type} volume${v.name ? ` '${v.name}'` : ''} at ${path} has read_only = true`;
  const message = `Read-only volume at ${clip(path, 30)}: dind cannot write its TLS certificates and never starts. ${what}, and runner volumes go into every container of the job pod, the dind service included: ${whyText(path)}. Share dind's client certificates through a writable empty_dir at ${dirOf(path)}/client instead; a registry CA belongs elsewhere (for the dind daemon: /etc/docker/certs.d/<registry-host>/ca.crt).`;
  const target = `${dirOf(path)}/client`;
  const fixes: ReportFix[] = [];
  // keep what the volume was there for: a CA the dind daemon trusts for a registry is read from /etc/docker/certs.d/<host>/
  const caDir = `/etc/docker/certs.d/${registryHost ?? '<registry-host>'}`;
  const todo = registryHost ? '' : ' (replace <registry-host> with your registry\'s host name)';
  const edits: SpanEdit[] = [{ file: doc.file, start: e.value.start, end: e.value.end, newText: tomlStringLike(doc, e.value as TScalar, caDir) }];
  const shared = k8sVolumesAt(r, target).some((o) => o.table !== v.table && k8sWritable(o));
  if (!shared) {
    const k = r.kubernetes;
    if (k && k.style === 'header') edits.push(insertTable(doc, k, '[[runners.kubernetes.volumes.empty_dir]]', emptyDirLines(freeVolumeName(r), target)));
  }
  if (shared || edits.length === 2) {
    fixes.push({
      title: `Move the ${v.type} volume${v.name ? ` '${v.name}'` : ''} to ${caDir}, where dind reads a registry CA${todo}${shared ? '' : `, and share the certificates through a writable empty_dir at ${target}`}`,
      kind: 'suggestion', preferred: registryHost !== undefined, edits,
    });
  }
  const related = [];
  if (v.table.header) related.push({ at: { file: doc.file, start: v.table.header.start, end: v.table.header.end }, message: `${v.type} volume declared here` });
  const ro = v.table.entries.get('read_only');
  if (ro && v.readOnly) related.push({ at: { file: doc.file, start: ro.start, end: ro.end }, message: 'read-only here' });
  ctx.report({ at: { file: doc.file, start: e.value.start, end: e.value.end }, message, related, fixes });
}

function reportDocker(ctx: RunnerConfigContext, r: Runner, v: DockerVolume, path: string, registryHost: string | undefined) {
  const doc = r.doc;
  const target = `${dirOf(path)}/client`;
  const message = `Read-only volume at ${clip(path, 30)}: dind cannot write its TLS certificates and never starts. The volume "${v.raw}" mounts ${path} read-only, and the Docker executor mounts runner volumes into the build and every service container, the dind service included: ${whyText(path)}. Share dind's client certificates with a writable volume instead: "${target}" in [runners.docker] volumes.`;
  const fixes: ReportFix[] = [];
  const quote = doc.fileText[v.node.start] === "'" ? "'" : '"';
  const writableAtTarget = dockerVolumesAt(r, target).some((o) => o.node !== v.node && !dockerReadOnly(o));
  const arr = tget(r.docker, 'volumes') as TArray;
  if (v.host !== undefined && v.host !== '') {
    // a bind mount brought something (a registry CA, most often): keep it, where the dind daemon reads a registry CA
    const caDir = `/etc/docker/certs.d/${registryHost ?? '<registry-host>'}`;
    const todo = registryHost ? '' : ' (replace <registry-host> with your registry\'s host name)';
    const moved = [v.host, caDir, ...(v.mode !== undefined ? [v.mode] : [])].join(':');
    const edits: SpanEdit[] = [{ file: doc.file, start: v.node.start, end: v.node.end, newText: `${quote}${moved}${quote}` }];
    if (!writableAtTarget) edits.push(appendTomlArray(doc, arr, `${quote}${target}${quote}`));
    fixes.push({ title: `Move "${v.raw}" to ${caDir}, where dind reads a registry CA${todo}${writableAtTarget ? '' : `, and share "${target}" writable`}`, kind: 'suggestion', preferred: registryHost !== undefined, edits: mergeTouching(edits) });
  } else if (writableAtTarget) {
    const rm = removeArrayItem(doc, arr, v);
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
