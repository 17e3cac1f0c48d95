import { ciRule } from '../engine/rule';

export const rule = ciRule({
  id: 'extends-invalid',
  severity: 'error',
  summary: '`extends` forms a cycle or nests deeper than GitLab allows',
  check(ctx) {
    for (const p of ctx.pipeline.problems) if (p.code === 'extends-cycle' || p.code === 'extends-too-deep') ctx.report({ at: p.at, message: p.message });
  },
});
