import { ciRule, clip } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { isKanikoImage } from '../model/docker';
import { isKanikoExecutorWord, wordSpan } from '../model/images';
import { jobCommands, valueSpan } from '../model/pipeline';
import { imageWithEmptyEntrypoint } from '../edits/job';
import { KANIKO_IMAGE } from '../../../common/pins';

export const rule = ciRule({
  id: 'kaniko-in-foreign-image',
  severity: 'warning',
  summary: '/kaniko/executor runs in an image that is not kaniko',
  check(ctx) {
    if (ctx.runners.executor === 'shell') return;
    for (const job of ctx.jobs) {
      const img = job.image;
      if (!img || img.ref.hasVariables || isKanikoImage(img.ref) || /kaniko/i.test(img.ref.name)) continue;
      const c = jobCommands(job).find((x) => isKanikoExecutorWord(x.words[0]?.text));
      if (!c) continue;
      const text = ctx.textOf(c.line.node.file);
      if (text === undefined) continue;
      const w = c.words[0];
      const at = wordSpan(text, c.line, w.start, w.end, w.text);
      if (!at) continue;
      const itext = ctx.textOf(img.node.file);
      const edits = itext === undefined ? undefined : imageWithEmptyEntrypoint(new YamlEditor(img.node.file, itext), img, KANIKO_IMAGE);
      ctx.report({
        at,
        message: `${clip(w.text, 24)} runs outside a kaniko image ('${clip(img.ref.raw, 24)}'): unsupported, it breaks the container. The job runs ${w.text} in '${img.ref.raw}', which is not a kaniko image: running kaniko outside its own image is unsupported — it unpacks base images into its own root filesystem and may overwrite the job image's files. Use the kaniko debug image as the job image (${KANIKO_IMAGE} with entrypoint [""]).`,
        related: [{ at: valueSpan(img.nameNode), message: 'job image' }],
        fixes: edits ? [{ title: `Use ${KANIKO_IMAGE} as the job image`, preferred: true, kind: 'suggestion' as const, edits }] : [],
      });
    }
  },
});
