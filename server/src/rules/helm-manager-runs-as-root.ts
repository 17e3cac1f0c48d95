import { helmRule, type HelmContext } from '../engine/rule';
import { entry, get } from '../formats/yaml';
import { knownScalar } from '../model/helm-chart';
import { valueSpan } from '../model/pipeline';

const CONTEXTS = ['podSecurityContext', 'securityContext', 'containerSecurityContext'];

function check(ctx: HelmContext): void {
  for (const key of CONTEXTS) {
    const e = entry(get(ctx.helm.valuesRoot, key), 'runAsUser');
    const s = knownScalar(e?.value);
    if (!e || !s || String(s.value).trim() !== '0') continue;
    ctx.report({
      at: valueSpan(s),
      message: `${key}.runAsUser: 0 runs the runner manager as root, which it never needs. ${key}.runAsUser: 0 runs the runner manager as root. The manager only talks to GitLab and the Kubernetes API; job pods get their own security context from runners.config. Remove it to keep the chart's non-root default.`,
    });
  }
}

export const rule = helmRule({
  id: 'helm-manager-runs-as-root',
  severity: 'info',
  summary: 'The runner manager pod runs as root (runAsUser: 0), which it does not need',
  check,
});
