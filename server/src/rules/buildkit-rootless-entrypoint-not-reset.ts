import { ciRule, type ReportFix, clip } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { isRootlessBuildkitImage } from '../model/buildkit';
import { effVar } from '../model/facts';
import { valueSpan } from '../model/pipeline';
import { runnerEnvironment } from '../model/runner';
import { imageWithEmptyEntrypoint } from '../edits/job';

export const rule = ciRule({
  id: 'buildkit-rootless-entrypoint-not-reset',
  severity: 'error',
  summary: 'moby/buildkit rootless image used as job image without `entrypoint: [""]`',
  check(ctx) {
    const exec = ctx.runners.executor;
    if (exec === 'shell' || exec === 'other') return;
    for (const job of ctx.jobs) {
      const img = job.image;
      if (!img || !isRootlessBuildkitImage(img.ref) || img.entrypoint) continue;
      if (job.partial && img.node.kind === 'map') continue; // an entrypoint may come from what we cannot see
      let severity: 'error' | 'warning' = 'error';
      let cond = '';
      if (exec === 'kubernetes') {
        // the Kubernetes executor ignores image entrypoints unless FF_KUBERNETES_HONOR_ENTRYPOINT is on
        const ff = effVar(job, 'FF_KUBERNETES_HONOR_ENTRYPOINT');
        const runnerFf = ctx.runners.runners.some((r) => /^(true|1)$/i.test(runnerEnvironment(r).get('FF_KUBERNETES_HONOR_ENTRYPOINT')?.value ?? ''));
        if (!(ff.state === 'set' && /^(true|1)$/i.test(ff.value ?? '')) && !runnerFf) continue;
      } else if (exec === 'unknown') {
        severity = 'warning';
        cond = 'If this job runs on the Docker executor (or on Kubernetes with FF_KUBERNETES_HONOR_ENTRYPOINT): ';
      }
      const text = ctx.textOf(img.nameNode.file);
      const fixes: ReportFix[] = [];
      if (text !== undefined) {
        const edits = imageWithEmptyEntrypoint(new YamlEditor(img.nameNode.file, text), img);
        if (edits) fixes.push({ title: 'Reset the image entrypoint: entrypoint: [""]', preferred: true, edits });
      }
      ctx.report({
        at: valueSpan(img.nameNode), severity, fixes,
        message: `'${clip(img.ref.raw, 30)}' runs buildkitd, not the job script: the job hangs or fails. ${cond}'${img.ref.raw}' has \`ENTRYPOINT ["rootlesskit", "buildkitd"]\`; the runner hands the job script to it as arguments, so buildkitd starts (or rejects the arguments) instead of your script and the job hangs or fails. Set \`entrypoint: [""]\` on the image and call \`buildctl-daemonless.sh build …\`, which starts its own buildkitd.`,
      });
    }
  },
});
