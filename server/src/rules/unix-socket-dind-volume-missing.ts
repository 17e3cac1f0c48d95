import { ciRule, clip } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { insertKeys, insertTable, tentry, type TArray } from '../formats/toml';
import { dindServices, dockerHost } from '../model/facts';
import { jobIncomplete } from '../model/daemon';
import { valueSpan } from '../model/pipeline';
import { dockerVolumes, k8sVolumes, type Runner } from '../model/runner';
import { appendTomlArray } from '../edits/runner';

const covers = (dir: string | undefined, p: string) => dir !== undefined && (p === dir || p.startsWith(dir.replace(/\/+$/, '') + '/'));

function shares(r: Runner, dir: string): boolean {
  if (r.executor === 'docker') return dockerVolumes(r).some((v) => covers(v.container, dir));
  return k8sVolumes(r).some((v) => covers(v.mountPath, dir));
}

function volumeEdit(r: Runner, dir: string): SpanEdit | undefined {
  if (r.executor === 'docker') {
    if (!r.docker || r.docker.style !== 'header') return undefined;
    const e = tentry(r.docker, 'volumes');
    if (e) return e.value.kind === 'array' ? appendTomlArray(r.doc, e.value as TArray, JSON.stringify(dir)) : undefined;
    return insertKeys(r.doc, r.docker, [`volumes = [${JSON.stringify(dir)}]`]);
  }
  if (!r.kubernetes || r.kubernetes.style !== 'header') return undefined;
  return insertTable(r.doc, r.kubernetes, '[[runners.kubernetes.volumes.empty_dir]]', ['name = "docker-socket"', `mount_path = ${JSON.stringify(dir)}`]);
}

export const rule = ciRule({
  id: 'unix-socket-dind-volume-missing',
  severity: 'error',
  summary: 'dind over a Unix socket without a volume shared with the build container',
  check(ctx) {
    const runners = ctx.runners.runners;
    if (runners.length === 0 || runners.some((r) => r.executor !== 'docker' && r.executor !== 'kubernetes')) return;
    for (const job of ctx.jobs) {
      const dh = dockerHost(job);
      if (dh.state !== 'set' || dh.host.scheme !== 'unix' || !dh.host.path) continue;
      const path = dh.host.path.replace(/^\/+/, '/');
      const dir = path.slice(0, path.lastIndexOf('/'));
      if (!dir || dir === '/var/run' || dir === '/run') continue;
      if (dindServices(job).length === 0 || jobIncomplete(job, ctx.pipeline)) continue;
      const missing = runners.filter((r) => !shares(r, dir));
      if (missing.length !== runners.length) continue;
      const edits = missing.map((r) => volumeEdit(r, dir)).filter((e): e is SpanEdit => !!e);
      const k8s = missing.every((r) => r.executor === 'kubernetes');
      const headline = `${clip(dir, 32)} is not shared with the job: the client cannot reach dind's socket.`;
      const message = `dind creates its socket at ${path} inside the service container, but no runner volume shares ${dir} with the build container: the client fails with \`Cannot connect to the Docker daemon at ${dh.host.raw}. Is the docker daemon running?\`. Add ${k8s ? `an empty_dir volume at ${dir}` : `"${dir}" to [runners.docker] volumes`} (runner volumes are mounted into services too).`;
      ctx.report({
        at: valueSpan(dh.variable.valueNode), headline, message,
        related: missing.map((r) => ({ at: { file: r.file, start: (r.docker ?? r.kubernetes ?? r.table).start, end: (r.docker ?? r.kubernetes ?? r.table).header?.end ?? r.table.start }, message: `runner${r.name ? ` '${r.name}'` : ''} has no volume at ${dir}` })),
        fixes: edits.length === missing.length ? [{ title: `Share ${dir} in the runner config`, preferred: true, edits }] : undefined,
      });
    }
  },
});
