import { runnerRule, type RunnerConfigContext } from '../engine/rule';
import { tget } from '../formats/toml';
import { structurallyTemplated } from '../model/dind-runner';

function check(ctx: RunnerConfigContext): void {
  const { config } = ctx;
  const doc = config.doc;
  if (!config.helm || !doc.root || doc.problems.length || doc.toml.trim() === '' || structurallyTemplated(doc)) return;
  const runners = tget(doc.root, 'runners');
  const count = runners?.kind === 'array' && runners.ofTables ? runners.items.length : 0;
  if (count === 1) return;
  const second = runners?.kind === 'array' ? runners.items[1] : undefined;
  const at = second && second.kind === 'table' && second.header ? { file: doc.file, start: second.header.start, end: second.header.end } : { file: doc.file, start: doc.root.start, end: doc.lines.lineEnd(doc.lines.position(doc.root.start).line) };
  ctx.report({
    at,
    headline: count === 0 ? 'runners.config has no [[runners]] table: the runner fails to register.' : `runners.config has ${count} [[runners]] tables, not one: the runner fails to register.`,
    message: count === 0
      ? 'The chart registers with this config as a template, and gitlab-runner register fails with "configuration template must contain exactly one [[runners]] entry". Put the settings under a single [[runners]] table.'
      : 'The chart registers with this config as a template, and gitlab-runner register fails with "configuration template must contain exactly one [[runners]] entry". Keep one [[runners]] per Helm release (install the chart once per runner).',
  });
}

export const rule = runnerRule({
  id: 'runners-config-must-have-one-runner',
  severity: 'error',
  summary: 'Helm runners.config must hold exactly one [[runners]] table',
  check,
});
