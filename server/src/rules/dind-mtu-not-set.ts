import { ciRule, type ReportFix } from '../engine/rule';
import type { Severity, SpanEdit } from '../engine/types';
import { get, items, str } from '../formats/yaml';
import { YamlEditor } from '../formats/yaml-edit';
import { dindServices } from '../model/facts';
import { valueSpan, type Job, type Service } from '../model/pipeline';
import { addCommandFlag } from '../edits/service';

const MTU = 1360;
type Why = 'kubernetes' | 'hosted' | 'maybe-hosted';

/** Whether the service's command/entrypoint sets the MTU; undefined when a variable may. */
function setsMtu(svc: Service): boolean | undefined {
  const all = [...(svc.command?.items ?? []), ...(svc.entrypoint?.items ?? [])];
  if (all.some((i) => i.includes('--mtu'))) return true;
  if (all.some((i) => i.includes('$'))) return undefined;
  return false;
}

function tagsOf(job: Job): string[] | undefined {
  const t = get(job.config, 'tags');
  if (!t) return [];
  const out = items(t).map((i) => str(i));
  return out.some((x) => x === undefined) ? undefined : (out as string[]);
}

export const rule = ciRule({
  id: 'dind-mtu-not-set',
  severity: 'warning',
  summary: 'dind service without --mtu on runners whose network MTU is below 1500',
  check(ctx) {
    const byNode = new Map<string, { svc: Service; why: Why }>();
    const rank: Record<Why, number> = { 'maybe-hosted': 0, hosted: 1, kubernetes: 2 };
    for (const job of ctx.jobs) {
      const tags = tagsOf(job);
      let why: Why | undefined;
      if (ctx.runners.executor === 'kubernetes') why = 'kubernetes';
      else if (tags?.some((t) => /^saas-linux-/.test(t)) || ctx.runners.profile === 'gitlab-hosted-linux') why = 'hosted';
      else if (tags?.length === 0 && !job.partial && ctx.runners.runners.length === 0 && !ctx.runners.assumedExecutor) why = 'maybe-hosted';
      if (!why) continue;
      for (const svc of dindServices(job)) {
        if (!svc.nameNode || setsMtu(svc) !== false) continue;
        const key = `${svc.nameNode.file}:${svc.nameNode.start}`;
        const cur = byNode.get(key);
        if (!cur || rank[why] > rank[cur.why]) byNode.set(key, { svc, why });
      }
    }
    for (const { svc, why } of byNode.values()) {
      const severity: Severity = why === 'maybe-hosted' ? 'info' : 'warning';
      const where = why === 'kubernetes'
        ? 'On this Kubernetes runner the pod network usually has a lower MTU (overlay CNIs: typically 1440–1450), and'
        : why === 'hosted'
          ? 'GitLab-hosted Linux runners use MTU 1360 (small-amd64, since 2026-05-13), and'
          : 'If this untagged job runs on GitLab-hosted runners (MTU 1360) or a Kubernetes runner (overlay CNIs: typically 1440–1450),';
      const message = `dind keeps MTU 1500 on a network with a lower MTU: large packets drop and downloads hang. ${where} dind's inner bridge defaults to MTU 1500: it does not inherit the runner's lower MTU. Large packets are then dropped silently, and \`docker build\` downloads (apk, apt, npm, pip) hang. Start the service with \`--mtu=<≤ outer MTU>\`, e.g. command: ["--mtu=${MTU}"].`;
      const fixes: ReportFix[] = [];
      const text = ctx.textOf(svc.node.file);
      if (text !== undefined) {
        const edit = addMtu(new YamlEditor(svc.node.file, text), svc);
        if (edit) fixes.push({ title: `Start dind with --mtu=${MTU}`, preferred: true, kind: 'suggestion', edits: [edit] });
      }
      ctx.report({ at: valueSpan(svc.nameNode!), message, severity, fixes });
    }
  },
});

/** Adds `--mtu=1360` to a dind service, unless its `command` starts dockerd itself (not a list of flags). */
function addMtu(ed: YamlEditor, svc: Service): SpanEdit | undefined {
  if (svc.command && !svc.command.items[0]?.startsWith('-')) return undefined;
  return addCommandFlag(ed, svc, `--mtu=${MTU}`);
}
