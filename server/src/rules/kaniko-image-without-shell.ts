import { ciRule, type ReportFix, clip } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { kanikoFamily, retag } from '../model/images';
import { valueSpan } from '../model/pipeline';
import { KANIKO_IMAGE, KANIKO_UPSTREAM_LAST_DEBUG } from '../../../common/pins';

export const rule = ciRule({
  id: 'kaniko-image-without-shell',
  severity: 'error',
  summary: 'Non-debug kaniko image has no shell to run the job script',
  check(ctx) {
    for (const job of ctx.jobs) {
      const img = job.image;
      if (!img) continue;
      const fam = kanikoFamily(img.ref);
      if (!fam) continue;
      const tag = img.ref.tag;
      if (tag === undefined ? !!img.ref.digest : tag.includes('debug') || tag.includes('$')) continue;
      const text = ctx.textOf(img.nameNode.file);
      const fixes: ReportFix[] = [];
      if (text !== undefined) {
        const ed = new YamlEditor(img.nameNode.file, text);
        const to = fam === 'upstream' ? KANIKO_IMAGE : retag(img.ref, 'debug');
        fixes.push({ title: `Use ${to}`, preferred: true, kind: fam === 'upstream' ? 'suggestion' : undefined, edits: [ed.replaceScalar(img.nameNode, to)] });
        if (fam === 'upstream') fixes.push({ title: `Use ${KANIKO_UPSTREAM_LAST_DEBUG} (archived, stop-gap)`, edits: [ed.replaceScalar(img.nameNode, KANIKO_UPSTREAM_LAST_DEBUG)] });
      }
      ctx.report({
        at: valueSpan(img.nameNode), fixes,
        message: `'${clip(img.ref.raw, 36)}' has no shell: GitLab cannot run the job script. '${img.ref.raw}' is the non-debug kaniko image, built FROM scratch with no shell: GitLab cannot run the job script (Kubernetes: \`unable to upgrade connection: container not found ("build")\`). Use the \`debug\` variant (busybox shell at /busybox/sh), e.g. ${KANIKO_IMAGE}.`,
      });
    }
  },
});
