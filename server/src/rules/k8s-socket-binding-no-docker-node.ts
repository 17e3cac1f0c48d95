import { runnerRule, clip } from '../engine/rule';
import { isDockerSocketPath, k8sVolumes } from '../model/runner';

export const rule = runnerRule({
  id: 'k8s-socket-binding-no-docker-node',
  severity: 'warning',
  summary: 'Kubernetes host_path volume for docker.sock: most nodes have no Docker daemon',
  check(ctx) {
    for (const r of ctx.config.runners) {
      if (r.executor !== 'kubernetes') continue;
      for (const v of k8sVolumes(r)) {
        if (v.type !== 'host_path' || !(isDockerSocketPath(v.hostPath) || isDockerSocketPath(v.mountPath))) continue;
        const e = (isDockerSocketPath(v.hostPath) ? v.table.entries.get('host_path') : undefined) ?? v.mountPathEntry ?? v.table.entries.get('host_path');
        const at = e ? { file: r.file, start: e.start, end: e.end } : { file: r.file, start: v.table.start, end: v.table.header?.end ?? v.table.end };
        const t = v.table;
        const fixes = t.style === 'header' && t.header ? (() => {
          const lines = r.doc.lines;
          const first = lines.position(t.header.start).line;
          const last = lines.position(t.bodyEnd).line;
          const start = lines.lineStarts[first];
          const end = last + 1 < lines.lineCount ? lines.lineStarts[last + 1] : r.doc.fileText.length;
          return [{ title: `Remove the host_path volume${v.name ? ` '${v.name}'` : ''}`, edits: [{ file: r.file, start, end, newText: '' }] }];
        })() : undefined;
        ctx.report({
          at,
          message: `host_path ${clip(v.hostPath ?? v.mountPath, 30)}: most Kubernetes nodes have no Docker daemon. A host_path volume mounts the node's ${v.hostPath ?? v.mountPath} into the job pod. Since Kubernetes 1.24 (dockershim removed) most nodes run containerd or CRI-O and have no Docker daemon: the path is missing or not a Docker socket, and jobs fail with \`Cannot connect to the Docker daemon\`. Where it exists, it exposes the node to every job (build, helper and all service containers). Use dind or a daemonless builder (BuildKit rootless, Buildah) on Kubernetes.`,
          fixes,
        });
      }
    }
  },
});
