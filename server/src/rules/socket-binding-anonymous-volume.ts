import { runnerRule, clip, thenNote } from '../engine/rule';
import { dockerVolumes, isDockerSocketPath } from '../model/runner';
import { tomlStringLike } from '../edits/runner';

export const rule = runnerRule({
  id: 'socket-binding-anonymous-volume',
  severity: 'error',
  summary: 'A single-path docker.sock volume creates an empty volume instead of binding the host socket',
  check(ctx) {
    for (const r of ctx.config.runners) {
      if (r.executor !== 'docker') continue;
      for (const v of dockerVolumes(r)) {
        if (v.host !== undefined || !isDockerSocketPath(v.container)) continue;
        const bind = `${v.container}:${v.container}`;
        ctx.report({
          at: { file: r.file, start: v.node.start, end: v.node.end },
          message: `Volume "${clip(v.raw, 30)}" creates an empty volume, not a bind of the host socket: docker fails. The volume "${v.raw}" is a single path: GitLab Runner creates an empty (cache) volume at ${v.container}; it does not bind the host's socket. Jobs get \`Cannot connect to the Docker daemon at unix://${v.container}. Is the docker daemon running?\`. Write it as "${bind}".`,
          fixes: [{ title: `Bind the host socket: "${bind}"${thenNote('socket-binding-root-equivalent')}`, preferred: true, edits: [{ file: r.file, start: v.node.start, end: v.node.end, newText: tomlStringLike(r.doc, v.node, bind) }] }],
        });
      }
    }
  },
});
