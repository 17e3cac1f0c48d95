import type { Rule } from '../engine/rule';

export const rule: Rule = {
  id: 'local-include-not-found',
  fileKinds: ['gitlab-ci'],
  severity: 'error',
  summary: 'An `include: local` path matches no readable file',
  check(ctx) {
    if (ctx.kind !== 'gitlab-ci') return;
    for (const p of ctx.pipeline.problems) if (p.code === 'include-not-found') ctx.report({ at: p.at, message: p.message, severity: p.severity });
  },
};
