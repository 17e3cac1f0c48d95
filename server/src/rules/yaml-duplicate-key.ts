import { defineRule, type BaseContext } from '../engine/rule';
import type { ParsedYaml } from '../formats/yaml';

function check(ctx: BaseContext, files: Iterable<ParsedYaml>) {
  for (const y of files) {
    for (const p of y.problems) {
      if (p.code === 'yaml-duplicate-key') ctx.report({ at: { file: y.file, start: p.start, end: p.end }, message: `${p.message.replace(/[.\s]*$/, '')}: GitLab keeps only the last one. ${p.message} GitLab keeps only the last one; strict YAML tools reject the file.` });
    }
  }
}

export const rule = defineRule({
  id: 'yaml-duplicate-key',
  severity: 'warning',
  summary: 'A key appears twice in the same map; the later value silently wins',
  ci: (ctx) => check(ctx, ctx.pipeline.parsed.values()),
  helm: (ctx) => check(ctx, [ctx.yaml]),
});
