import { ciRule, clip } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { isArchivedKaniko } from '../model/images';
import { valueSpan } from '../model/pipeline';
import { KANIKO_IMAGE } from '../../../common/pins';

export const rule = ciRule({
  id: 'kaniko-archived-image',
  severity: 'warning',
  summary: 'Archived upstream kaniko image (gcr.io/kaniko-project)',
  check(ctx) {
    for (const job of ctx.jobs) {
      const img = job.image;
      if (!img || !isArchivedKaniko(img.ref)) continue;
      const text = ctx.textOf(img.nameNode.file);
      const executor = /executor$/.test(img.ref.name);
      ctx.report({
        at: valueSpan(img.nameNode),
        message: `'${clip(img.ref.raw, 40)}' is archived kaniko: no more updates or security fixes. '${img.ref.raw}': GoogleContainerTools/kaniko was archived on 2025-06-03 and its gcr.io images get no more updates or security fixes. Migrate to BuildKit rootless or Buildah (GitLab's recommended replacements), or switch to the maintained community fork ${KANIKO_IMAGE} (pin it by digest).`,
        fixes: executor && text !== undefined ? [{ title: `Switch to the maintained fork ${KANIKO_IMAGE}`, preferred: true, kind: 'suggestion', edits: [new YamlEditor(img.nameNode.file, text).replaceScalar(img.nameNode, KANIKO_IMAGE)] }] : [],
      });
    }
  },
});
