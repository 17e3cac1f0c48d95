import { ciRule } from '../engine/rule';

export const rule = ciRule({
  id: 'unresolved-extends-or-reference',
  severity: 'error',
  summary: '`extends` or `!reference` names a job or key that is not defined',
  check(ctx) {
    for (const p of ctx.pipeline.problems) {
      if (p.code === 'extends-unresolved' || p.code === 'reference-unresolved' || p.code === 'reference-cycle' || p.code === 'reference-too-deep') ctx.report({ at: p.at, headline: p.headline, message: p.message, severity: p.severity });
    }
  },
});
