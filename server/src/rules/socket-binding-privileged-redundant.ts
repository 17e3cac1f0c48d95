import { runnerRule } from '../engine/rule';
import { replaceValue, tbool, tentry } from '../formats/toml';
import { dindServices } from '../model/facts';
import { socketBound } from '../model/runner';

export const rule = runnerRule({
  id: 'socket-binding-privileged-redundant',
  severity: 'warning',
  summary: 'Socket binding does not need privileged mode',
  check(ctx) {
    let dindUsed: boolean | undefined;
    for (const r of ctx.config.runners) {
      if (r.executor !== 'docker' || !socketBound(r)) continue;
      const e = tentry(r.docker, 'privileged');
      if (!e || tbool(e.value) !== true) continue;
      dindUsed ??= ctx.pipelines().some((p) => p.jobs.some((j) => dindServices(j).length > 0));
      if (dindUsed) continue; // privileged serves dind there (socket-binding-with-dind-service reports the conflict)
      ctx.report({
        at: { file: r.file, start: e.start, end: e.end },
        message: `privileged = true is not needed for socket binding: it only widens every job's access. This runner binds the host's Docker socket, which needs no privileged mode: \`privileged = true\` adds full device and capability access to every job container on top of an already root-equivalent socket. Set privileged = false unless jobs run dind, Buildah or similar.`,
        fixes: [{ title: 'Set privileged = false', preferred: true, edits: [replaceValue(r.doc, e, 'false')] }],
      });
    }
  },
});
