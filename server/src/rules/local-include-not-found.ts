import { ciRule } from '../engine/rule';

export const rule = ciRule({
  id: 'local-include-not-found',
  severity: 'error',
  summary: 'An `include: local` path matches no readable file',
  check(ctx) {
    for (const p of ctx.pipeline.problems) if (p.code === 'include-not-found') ctx.report({ at: p.at, message: p.message, severity: p.severity });
  },
});
