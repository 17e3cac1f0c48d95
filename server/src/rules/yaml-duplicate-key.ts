import type { Rule } from '../engine/rule';

export const rule: Rule = {
  id: 'yaml-duplicate-key',
  fileKinds: ['gitlab-ci', 'helm-values'],
  severity: 'warning',
  summary: 'A key appears twice in the same map; the later value silently wins',
  check(ctx) {
    const files = ctx.kind === 'gitlab-ci' ? [...ctx.pipeline.parsed.values()] : ctx.kind === 'helm-values' ? [ctx.yaml] : [];
    for (const y of files) {
      for (const p of y.problems) {
        if (p.code === 'yaml-duplicate-key') ctx.report({ at: { file: y.file, start: p.start, end: p.end }, message: `${p.message} GitLab keeps only the last one; strict YAML tools reject the file.` });
      }
    }
  },
};
