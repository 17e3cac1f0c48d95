import type { Rule } from '../engine/rule';

export const rule: Rule = {
  id: 'extends-invalid',
  fileKinds: ['gitlab-ci'],
  severity: 'error',
  summary: '`extends` forms a cycle or nests deeper than GitLab allows',
  check(ctx) {
    if (ctx.kind !== 'gitlab-ci') return;
    for (const p of ctx.pipeline.problems) if (p.code === 'extends-cycle' || p.code === 'extends-too-deep') ctx.report({ at: p.at, message: p.message });
  },
};
