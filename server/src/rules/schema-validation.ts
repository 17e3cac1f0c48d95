import { defineRule } from '../engine/rule';
import { validateCiSteps, validateRunnerConfig } from '../schema';

export const rule = defineRule({
  id: 'schema-validation',
  severity: 'error',
  summary: 'The file does not match GitLab\'s CI schema or the GitLab Runner config.toml structure',
  *ci(ctx) {
    // `dindDoctor.schemaValidation: false` / `"schemaValidation": false` turns the rule off like `"off"` does
    if (ctx.options.schemaValidation === false) return;
    // another extension (Red Hat YAML) reports the CI schema errors: one message per problem
    if (ctx.options.ciSchemaValidation === false) return;
    // The merged configuration (includes applied, nodes keep their own files), as GitLab validates it.
    if (ctx.pipeline.parsed.get(ctx.pipeline.main)?.root?.kind !== 'map') return;
    // in steps (every few hundred top-level entries): a big file's validation does not hold up the editor's requests
    for (const p of yield* validateCiSteps(ctx.pipeline.config)) ctx.report({ at: { file: p.file, start: p.start, end: p.end }, message: p.message, severity: p.severity });
  },
  runner(ctx) {
    if (ctx.options.schemaValidation === false) return;
    for (const p of validateRunnerConfig(ctx.config.doc)) ctx.report({ at: { file: p.file, start: p.start, end: p.end }, message: p.message, severity: p.severity });
  },
});
