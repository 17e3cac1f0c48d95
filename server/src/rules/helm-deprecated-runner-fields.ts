import { helmRule, type HelmContext, type ReportFix, thenNote } from '../engine/rule';
import { tbool, tentry } from '../formats/toml';
import { YamlEditor } from '../formats/yaml-edit';
import { entry, get, type YEntry } from '../formats/yaml';
import { setRunnerSubKey } from '../edits/runner';
import { structurallyTemplated } from '../model/dind-runner';
import { helmRunner, knownScalar } from '../model/helm-chart';
import { keySpan } from '../model/pipeline';

/**
 * Chart keys under `runners:` that current charts no longer read: the job settings moved into `runners.config`.
 * Only keys the chart's templates no longer use are listed (`runners.tags`, `runners.env`, `runners.nodeSelector`,
 * … are still passed to `gitlab-runner register` and stay quiet here).
 */
const IGNORED: Record<string, string> = {
  privileged: 'privileged = true under [runners.kubernetes]',
  image: 'image = "…" under [runners.kubernetes]',
  imagePullPolicy: 'pull_policy under [runners.kubernetes]',
  builds: 'cpu_limit / memory_limit / … under [runners.kubernetes]',
  services: 'service_cpu_limit / service_memory_limit / … under [runners.kubernetes]',
  helpers: 'helper_cpu_limit / helper_memory_limit / helper_image under [runners.kubernetes]',
  pollTimeout: 'poll_timeout under [runners.kubernetes]',
  outputLimit: 'output_limit under [[runners]]',
};

function privilegedFix(ctx: HelmContext, e: YEntry): ReportFix | undefined {
  const doc = ctx.helm.runnerConfig;
  const r = helmRunner(ctx.helm);
  const text = ctx.textOf(e.file);
  const runners = get(ctx.helm.valuesRoot, 'runners');
  if (!doc || !r || text === undefined || runners?.kind !== 'map' || runners.flow || doc.problems.length || structurallyTemplated(doc)) return undefined;
  if (tentry(r.kubernetes, 'privileged')) return undefined; // the config decides already
  const toml = setRunnerSubKey(r, 'kubernetes', [['privileged', 'true']]);
  if (!toml) return undefined;
  return { kind: 'suggestion', title: `Move privileged into runners.config ([runners.kubernetes] privileged = true)${thenNote('privileged-wider-than-needed', 'dind-tls-certs-not-shared-k8s')}`, edits: [...toml, new YamlEditor(e.file, text).removeEntry(runners, e)] };
}

function check(ctx: HelmContext): void {
  const runners = get(ctx.helm.valuesRoot, 'runners');
  if (runners?.kind !== 'map') return;
  const r = helmRunner(ctx.helm);
  for (const [key, where] of Object.entries(IGNORED)) {
    const e = entry(runners, key);
    if (!e) continue;
    const s = knownScalar(e.value);
    if (e.value.kind === 'scalar' && (!s || s.value === '' || s.value === false)) continue; // empty, false or templated: nothing lost
    if (key === 'privileged') {
      if (s?.value !== true) continue;
      const inConfig = tbool(tentry(r?.kubernetes, 'privileged')?.value);
      const fix = privilegedFix(ctx, e);
      ctx.report({
        at: keySpan(e),
        severity: inConfig === true ? 'info' : 'error',
        headline: inConfig === true
          ? 'runners.privileged is no longer read by the chart: it only misleads (runners.config sets it).'
          : 'runners.privileged is no longer read by the chart: job pods run unprivileged and dind fails.',
        message: inConfig === true
          ? 'The gitlab-runner chart ignores runners.privileged; runners.config already sets privileged = true, so this key only misleads. Remove it.'
          : 'The gitlab-runner chart ignores runners.privileged, so job pods run unprivileged and Docker-in-Docker services fail to start (the job then cannot reach the daemon). Set privileged = true under [runners.kubernetes] in runners.config.',
        fixes: inConfig === true || !fix ? [] : [fix],
      });
      continue;
    }
    ctx.report({
      at: keySpan(e),
      headline: `runners.${key} is no longer read by the chart: the setting is silently lost.`,
      message: `The gitlab-runner chart ignores runners.${key}. Set it inside runners.config instead (${where}).`,
    });
  }
}

export const rule = helmRule({
  id: 'helm-deprecated-runner-fields',
  severity: 'warning',
  summary: 'Chart keys under runners: that the gitlab-runner chart no longer reads (privileged, image, resource limits…)',
  check,
});
