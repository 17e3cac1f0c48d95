import type { Rule } from '../engine/rule';

export const rule: Rule = {
  id: 'unresolved-extends-or-reference',
  fileKinds: ['gitlab-ci'],
  severity: 'error',
  summary: '`extends` or `!reference` names a job or key that is not defined',
  check(ctx) {
    if (ctx.kind !== 'gitlab-ci') return;
    for (const p of ctx.pipeline.problems) {
      if (p.code === 'extends-unresolved' || p.code === 'reference-unresolved' || p.code === 'reference-cycle' || p.code === 'reference-too-deep') ctx.report({ at: p.at, message: p.message, severity: p.severity });
    }
  },
};
