import { helmRule, type HelmContext } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { entry, get, items } from '../formats/yaml';
import { knownScalar, knownText, valuesEntry } from '../model/helm-chart';
import { keySpan } from '../model/pipeline';

/** Chart keys that become `gitlab-runner register` flags GitLab reserves for itself with authentication tokens. */
const RESERVED: { key: string; set(v: string | number | boolean): boolean }[] = [
  { key: 'tags', set: (v) => String(v).trim() !== '' },
  { key: 'locked', set: (v) => v === false },
  { key: 'runUntagged', set: (v) => v === true },
  { key: 'protected', set: (v) => v === true },
  { key: 'maximumTimeout', set: (v) => String(v).trim() !== '' && String(v).trim() !== '0' },
];

function check(ctx: HelmContext): void {
  const token = knownText(valuesEntry(ctx.helm, 'runnerToken')?.value);
  if (token === undefined) return;
  const runners = get(ctx.helm.valuesRoot, 'runners');
  if (runners?.kind !== 'map') return;
  const text = ctx.textOf(runners.file);
  for (const { key, set } of RESERVED) {
    const e = entry(runners, key);
    if (!e) continue;
    const s = knownScalar(e.value);
    const value = s ? s.value : e.value.kind === 'seq' && items(e.value).length ? 'list' : undefined;
    if (value === undefined || value === null || !set(value)) continue;
    const fix = text !== undefined && !runners.flow && e.file === runners.file
      ? [{ kind: 'suggestion' as const, title: `Remove runners.${key} (set it on the runner in GitLab instead)`, edits: [new YamlEditor(runners.file, text).removeEntry(runners, e)] }]
      : [];
    ctx.report({
      at: keySpan(e),
      message: `runners.${key} is ignored with a runner authentication token: set it in GitLab instead. runners.${key} is a registration setting, but runnerToken is a runner authentication token: with it, tags, locked, run-untagged, protected and maximum timeout are set on the runner in GitLab (Settings > CI/CD > Runners), not at registration. Current charts drop runners.${key} silently; older ones pass it and registration stops with "FATAL: Runner configuration other than name and executor configuration is reserved … and cannot be specified when registering with a runner authentication token". Set it in GitLab and remove it here.`,
      fixes: fix,
    });
  }
}

export const rule = helmRule({
  id: 'helm-reserved-fields-with-auth-token',
  severity: 'warning',
  summary: 'Registration settings (tags, locked, runUntagged, protected, maximumTimeout) next to a runner authentication token',
  check,
});
