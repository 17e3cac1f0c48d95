import { ciRule } from '../engine/rule';

/** GitLab includes only YAML files (`YAML_ALLOWLIST_EXTENSION`, lib/gitlab/ci/config/external/file/base.rb). */
const YAML_FILE = /\.ya?ml$/i;

export const rule = ciRule({
  id: 'local-include-not-found',
  severity: 'error',
  summary: 'An `include: local` path matches no readable file',
  check(ctx) {
    // A path that names no YAML file (`ci/`, `x.txt`) gets one message, from schema validation, in GitLab's words.
    const schemaSaysIt = ctx.options.schemaValidation !== false && ctx.options.ciSchemaValidation !== false && ctx.options.rules?.['schema-validation'] !== 'off';
    for (const p of ctx.pipeline.problems) {
      if (p.code !== 'include-not-found') continue;
      if (schemaSaysIt && p.target !== undefined && !p.target.includes('$') && !YAML_FILE.test(p.target)) continue;
      ctx.report({ at: p.at, headline: p.headline, message: p.message, severity: p.severity });
    }
  },
});
