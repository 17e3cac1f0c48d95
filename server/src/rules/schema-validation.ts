import type { Rule } from '../engine/rule';
import { validateCi, validateRunnerConfig } from '../schema';

export const rule: Rule = {
  id: 'schema-validation',
  fileKinds: ['gitlab-ci', 'runner-config'],
  severity: 'error',
  summary: 'The file does not match GitLab\'s CI schema or the GitLab Runner config.toml structure',
  check(ctx) {
    if (ctx.kind === 'gitlab-ci') {
      // The merged configuration (includes applied, nodes keep their own files), as GitLab validates it.
      if (ctx.pipeline.parsed.get(ctx.pipeline.main)?.root?.kind !== 'map') return;
      for (const p of validateCi(ctx.pipeline.config)) ctx.report({ at: { file: p.file, start: p.start, end: p.end }, message: p.message, severity: p.severity });
    } else if (ctx.kind === 'runner-config') {
      for (const p of validateRunnerConfig(ctx.config.doc)) ctx.report({ at: { file: p.file, start: p.start, end: p.end }, message: p.message, severity: p.severity });
    }
  },
};
