import { helmRule, type HelmContext, type ReportFix } from '../engine/rule';
import { insertTable, tget, titems, tomlString, ttable } from '../formats/toml';
import { items, get, type YValue } from '../formats/yaml';
import { structurallyTemplated } from '../model/dind-runner';
import { helmRunner, knownText, valuesEntry } from '../model/helm-chart';
import { keySpan } from '../model/pipeline';

/** `{ip, hostnames}` of one chart hostAliases item, when fully known. */
function alias(v: YValue): { ip: string; hostnames: string[] } | undefined {
  const ip = knownText(get(v, 'ip'));
  const names = items(get(v, 'hostnames')).map((h) => knownText(h));
  if (!ip || !names.length || names.some((n) => n === undefined)) return undefined;
  return { ip, hostnames: names as string[] };
}

function check(ctx: HelmContext): void {
  const e = valuesEntry(ctx.helm, 'hostAliases');
  if (!e || e.value.kind !== 'seq' || !e.value.items.length) return;
  const doc = ctx.helm.runnerConfig;
  if (!doc || doc.problems.length || structurallyTemplated(doc)) return;
  const r = helmRunner(ctx.helm);
  if (!r) return;
  if (titems(tget(r.kubernetes, 'host_aliases')).length) return;
  const aliases = e.value.items.map(alias);
  const fixes: ReportFix[] = [];
  const k = ttable(tget(r.table, 'kubernetes'));
  if (k && k.style === 'header' && aliases.every((a) => a)) {
    const edits = aliases.map((a) => insertTable(doc, k, '[[runners.kubernetes.host_aliases]]', [`ip = ${tomlString(a!.ip)}`, `hostnames = [${a!.hostnames.map(tomlString).join(', ')}]`]));
    fixes.push({ kind: 'suggestion', title: 'Add the same host aliases for job pods ([[runners.kubernetes.host_aliases]])', edits: [{ ...edits[0], newText: edits.map((x) => x.newText).join('') }] });
  }
  ctx.report({
    at: keySpan(e),
    message: 'hostAliases reach the runner manager pod only: job pods cannot resolve these names. hostAliases here apply to the runner manager pod only; the job pods (and their dind or build containers) do not get these names, so a job that reaches them fails to resolve the host. If jobs need them, add the same entries as [[runners.kubernetes.host_aliases]] in runners.config.',
    fixes,
  });
}

export const rule = helmRule({
  id: 'helm-host-aliases-manager-only',
  severity: 'info',
  summary: 'Chart hostAliases reach the runner manager pod, not the job pods',
  check,
});
