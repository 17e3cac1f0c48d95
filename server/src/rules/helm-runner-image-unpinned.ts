import { helmRule, type HelmContext, clip } from '../engine/rule';
import { get } from '../formats/yaml';
import { parseImageRef } from '../model/docker';
import { knownScalar, knownText, valuesEntry } from '../model/helm-chart';
import { valueSpan } from '../model/pipeline';

function check(ctx: HelmContext): void {
  const e = valuesEntry(ctx.helm, 'image');
  if (!e) return;
  const s = knownScalar(e.value);
  if (s && typeof s.value === 'string' && s.value.trim() !== '') {
    const ref = parseImageRef(s.value.trim());
    const moving = !ref.digest && (!ref.tag || ref.tag === 'latest');
    ctx.report({
      at: valueSpan(s),
      message: `image: "${clip(s.value.trim(), 30)}" uses the deprecated single-string form${moving ? ' and a moving tag' : ''}. image: "${s.value.trim()}" uses the single-string form, which the gitlab-runner chart deprecates in favour of image.registry / image.image / image.tag${moving ? `, and ${ref.tag ? 'the tag latest' : 'no tag'} moves the runner manager to whatever release comes next, away from the chart version (and the helper images and config it expects)` : ''}. Remove image: to use the chart's own version, or write the map form with a pinned tag.`,
    });
    return;
  }
  const tag = get(e.value, 'tag');
  if (knownText(tag) === 'latest') {
    ctx.report({
      at: valueSpan(tag!),
      message: 'image.tag: latest moves the runner manager away from the chart version on every pull. image.tag: latest moves the runner manager to whatever release comes next, away from the chart version (and the helper images and config it expects). Remove image.tag to use the chart\'s own version, or pin a release tag.',
    });
  }
}

export const rule = helmRule({
  id: 'helm-runner-image-unpinned',
  severity: 'info',
  summary: 'The runner manager image is given as one string or as latest instead of the chart\'s pinned version',
  check,
});
