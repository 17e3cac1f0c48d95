import { ciRule, clip } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { kanikoFamily } from '../model/images';
import { valueSpan } from '../model/pipeline';
import { imageWithEmptyEntrypoint } from '../edits/job';

export const rule = ciRule({
  id: 'kaniko-entrypoint-not-reset',
  severity: 'error',
  summary: 'kaniko job image without entrypoint: [""]',
  check(ctx) {
    const executor = ctx.runners.executor;
    if (executor === 'shell') return;
    for (const job of ctx.jobs) {
      const img = job.image;
      if (!img || !kanikoFamily(img.ref) || img.entrypoint) continue;
      const text = ctx.textOf(img.node.file);
      const edits = text === undefined ? undefined : imageWithEmptyEntrypoint(new YamlEditor(img.node.file, text), img);
      const why = 'the image ENTRYPOINT is /kaniko/executor; the Docker executor keeps it and passes `sh` as the command, so the executor parses `sh` as its own arguments and your script never runs';
      const message = executor === 'docker'
        ? `kaniko image '${clip(img.ref.raw, 30)}' keeps its entrypoint: the job script never runs. kaniko image '${img.ref.raw}' without \`entrypoint: [""]\`: ${why}. Set \`image: { name: …, entrypoint: [""] }\`.`
        : executor === 'kubernetes'
          ? `kaniko image '${clip(img.ref.raw, 30)}' keeps its entrypoint: the script fails if it is honoured. kaniko image '${img.ref.raw}' without \`entrypoint: [""]\`: the Kubernetes executor ignores image entrypoints unless FF_KUBERNETES_HONOR_ENTRYPOINT is on, but if that flag is set or the job moves to a Docker executor, ${why}. Set \`entrypoint: [""]\`.`
          : `kaniko image '${clip(img.ref.raw, 30)}' keeps its entrypoint: on Docker the script never runs. kaniko image '${img.ref.raw}' without \`entrypoint: [""]\`: if this job runs on a Docker executor, ${why} (Kubernetes ignores entrypoints unless FF_KUBERNETES_HONOR_ENTRYPOINT is on). Set \`entrypoint: [""]\`.`;
      ctx.report({
        at: valueSpan(img.nameNode), message,
        severity: executor === 'docker' ? 'error' : 'warning',
        fixes: edits ? [{ title: 'Reset the entrypoint: entrypoint: [""]', preferred: true, edits }] : [],
      });
    }
  },
});
