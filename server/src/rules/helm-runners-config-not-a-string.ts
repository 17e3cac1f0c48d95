import type { HelmContext, Rule } from '../engine/rule';
import { entry, get } from '../formats/yaml';
import { keySpan } from '../model/pipeline';

function check(ctx: HelmContext): void {
  const e = entry(get(ctx.helm.valuesRoot, 'runners'), 'config');
  if (!e || (e.value.kind !== 'map' && e.value.kind !== 'seq')) return;
  ctx.report({
    at: keySpan(e),
    message: `runners.config is a YAML ${e.value.kind === 'map' ? 'mapping' : 'list'}, but the chart copies it as text into config.template.toml, which gitlab-runner reads as TOML: registration fails with "couldn't load configuration template file". Write the runner config as TOML in a block string: \`config: |\` followed by indented [[runners]] … lines.`,
  });
}

export const rule: Rule = {
  id: 'helm-runners-config-not-a-string',
  fileKinds: ['helm-values'],
  severity: 'error',
  summary: 'Helm runners.config must be a TOML document in a YAML string',
  check(ctx) { if (ctx.kind === 'helm-values') check(ctx); },
};
