import { runnerRule, clip } from '../engine/rule';
import { dockerVolumes, isDockerSocketPath } from '../model/runner';

export const rule = runnerRule({
  id: 'socket-binding-root-equivalent',
  severity: 'warning',
  summary: 'Binding the host Docker socket gives jobs root-equivalent control of the host',
  check(ctx) {
    for (const r of ctx.config.runners) {
      if (r.executor !== 'docker') continue; // Kubernetes host_path sockets: k8s-socket-binding-no-docker-node
      for (const v of dockerVolumes(r)) {
        if (v.host === undefined || !isDockerSocketPath(v.host)) continue;
        ctx.report({
          at: { file: r.file, start: v.node.start, end: v.node.end },
          message: `Volume "${clip(v.raw, 36)}" gives every job root-equivalent control of the host. "${v.raw}" gives every job full control of the host's Docker daemon: root-equivalent on the host, able to remove the runner's own containers; containers started by jobs are siblings on the host and concurrent jobs can collide. Restrict this runner to trusted projects (protected branches), or use dind, BuildKit rootless or Buildah.`,
        });
      }
    }
  },
});
