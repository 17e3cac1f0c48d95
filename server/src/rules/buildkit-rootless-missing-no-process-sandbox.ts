import { ciRule, type ReportFix } from '../engine/rule';
import type { Span } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { unprivilegedBuildRunners, commandsOf, isRootlessBuildkitImage, varHas } from '../model/buildkit';
import { tableSpan } from '../model/dind-runner';
import { valueSpan } from '../model/pipeline';
import { addJobVariables } from '../edits/job';

const FLAG = '--oci-worker-no-process-sandbox';

export const rule = ciRule({
  id: 'buildkit-rootless-missing-no-process-sandbox',
  severity: 'error',
  summary: 'Rootless buildkitd in an unprivileged container needs BUILDKITD_FLAGS=--oci-worker-no-process-sandbox',
  check(ctx) {
    const unprivileged = unprivilegedBuildRunners(ctx.runners);
    if (!unprivileged) return;
    const { runners, known } = unprivileged;
    const view = ctx.runners;
    for (const job of ctx.jobs) {
      const img = job.image;
      if (!img || !isRootlessBuildkitImage(img.ref)) continue;
      const daemonless = commandsOf(job, 'buildctl-daemonless.sh');
      if (!daemonless.length) continue;
      const flags = varHas(job, view, 'BUILDKITD_FLAGS', /(^|\s)--oci-worker-no-process-sandbox(=true)?(\s|$)/);
      if (flags.state !== 'no') continue;
      const v = flags.variable;
      const at: Span = v ? valueSpan(v.valueNode) : valueSpan(img.nameNode);
      const fixes: ReportFix[] = [];
      const file = v ? v.valueNode.file : job.entry.file;
      const text = ctx.textOf(file);
      if (text !== undefined) {
        const ed = new YamlEditor(file, text);
        if (v && v.valueNode.kind === 'scalar' && v.valueNode.value !== null) {
          const cur = v.value ?? '';
          fixes.push({ title: `Add ${FLAG} to BUILDKITD_FLAGS`, preferred: true, edits: [ed.replaceScalar(v.valueNode, cur.trim() ? `${FLAG} ${cur.trim()}` : FLAG)] });
        } else if (!v) {
          const edits = addJobVariables(ed, job, [['BUILDKITD_FLAGS', FLAG]]);
          if (edits) fixes.push({ title: `Set BUILDKITD_FLAGS: ${FLAG}`, preferred: true, edits });
        }
      }
      const why = v ? `BUILDKITD_FLAGS is "${v.value}" without ${FLAG}` : 'BUILDKITD_FLAGS is not set';
      const message = known
        ? `Unprivileged rootless buildkitd lacks ${FLAG}: RUN steps fail. Rootless buildkitd started by buildctl-daemonless.sh runs in an unprivileged build container here (${why}, and the runner does not set privileged = true): it cannot mount a fresh /proc for RUN steps and the build fails with \`mount proc:/proc … operation not permitted\`. Set BUILDKITD_FLAGS: ${FLAG}.`
        : `If unprivileged, rootless buildkitd lacks ${FLAG}: RUN steps fail. If the runner does not run the build container privileged (GitLab's rootless BuildKit setup), rootless buildkitd cannot mount a fresh /proc for RUN steps (${why}): \`mount proc:/proc … operation not permitted\`. Set BUILDKITD_FLAGS: ${FLAG}.`;
      ctx.report({
        at, message, fixes, severity: known ? 'error' : 'warning',
        related: runners.map((r) => ({ at: tableSpan(r, r.executor === 'docker' ? r.docker : r.kubernetes), message: 'build container not privileged on this runner' })),
      });
    }
  },
});
