import { ciRule, stepDue, type ReportFix, clip, thenNote } from '../engine/rule';
import type { Span, SpanEdit } from '../engine/types';
import { tbool, tentry, tget, ttable, type TEntry } from '../formats/toml';
import { entrySpan, knownContainerRunners, stringArrayItems, tableSpan } from '../model/dind-runner';
import { dindServices } from '../model/facts';
import { valueSpan } from '../model/pipeline';
import { flag, matchImage, type Runner } from '../model/runner';
import { allowPrivilegedService, privilegedServiceContainer, setRunnerSubKey } from '../edits/runner';

type Verdict = { state: 'ok' | 'unknown' } | { state: 'no'; decidedBy?: TEntry; why: string };

/** Whether the runner runs this service privileged; an `allowed_privileged_services` list that excludes it is left to dind-not-in-allowed-privileged-services. */
function verdict(r: Runner): Verdict {
  if (r.executor === 'docker') {
    const sp = tentry(r.docker, 'services_privileged');
    const p = tentry(r.docker, 'privileged');
    const d = sp ?? p;
    if (!d) return { state: 'no', why: '[runners.docker] does not set privileged = true' };
    const v = tbool(d.value);
    if (v === undefined) return { state: 'unknown' };
    return v ? { state: 'ok' } : { state: 'no', decidedBy: d, why: `${sp ? 'services_privileged' : 'privileged'} = false in [runners.docker]` };
  }
  const sc = ttable(tget(r.kubernetes, 'service_container_security_context'));
  const scp = tentry(sc, 'privileged');
  const p = tentry(r.kubernetes, 'privileged');
  const d = scp ?? p;
  if (!d) return { state: 'no', why: '[runners.kubernetes] does not set privileged = true' };
  const v = tbool(d.value);
  if (v === undefined) return { state: 'unknown' };
  return v ? { state: 'ok' } : { state: 'no', decidedBy: d, why: `privileged = false in [runners.kubernetes${scp ? '.service_container_security_context' : ''}]` };
}

/** Least privilege: privileged services only (docker: with an allow-list that matches the service and `others`). */
function leastPrivilege(r: Runner, serviceName: string, others: readonly string[]): SpanEdit[] | undefined {
  return r.executor === 'docker' ? allowPrivilegedService(r, serviceName, others) : privilegedServiceContainer(r);
}

/** Everything privileged: `privileged = true` in the executor table (when no service-level false overrides it). */
function allPrivileged(r: Runner, serviceName: string, others: readonly string[]): SpanEdit[] | undefined {
  if (r.executor === 'docker') {
    if (tentry(r.docker, 'services_privileged')) return undefined;
    const allowed = stringArrayItems(tget(r.docker, 'allowed_privileged_services'));
    // an allow-list that leaves out this service or another dind image of the same jobs would still exclude it
    if (allowed.length && ![serviceName, ...others].every((n) => n.includes('$') || allowed.some((a) => matchImage(a, n)))) return undefined;
    return setRunnerSubKey(r, 'docker', [['privileged', 'true']]);
  }
  const scp = tentry(ttable(tget(r.kubernetes, 'service_container_security_context')), 'privileged');
  if (scp) return undefined;
  return setRunnerSubKey(r, 'kubernetes', [['privileged', 'true']]);
}

export const rule = ciRule({
  id: 'dind-requires-privileged',
  severity: 'error',
  summary: 'The dind service needs a privileged container, and the runner does not grant it',
  *check(ctx) {
    const runners = knownContainerRunners(ctx.runners.runners);
    if (!runners.length) return;
    // every dind image these jobs use (a mirror in one job, docker:dind in another): a fix matches them all
    const allDind = [...new Set(ctx.jobs.flatMap((j) => dindServices(j).map((s) => s.name)))];
    let i = 0;
    for (const job of ctx.jobs) {
      if (stepDue(i++)) yield; // in steps: a big pipeline's fixes are many runner edits
      for (const svc of dindServices(job)) {
        if (!svc.nameNode) continue;
        const verdicts = runners.map(verdict);
        if (!verdicts.every((v) => v.state === 'no')) continue;
        const kinds = new Set(runners.map((r) => r.executor));
        const symptom = kinds.has('docker') && !kinds.has('kubernetes')
          ? '`error during connect: … dial tcp: lookup docker … no such host`'
          : kinds.has('kubernetes') && !kinds.has('docker') ? '`Cannot connect to the Docker daemon at tcp://docker:2376. Is the docker daemon running?`'
            : '`lookup docker … no such host` (Docker executor) or `Cannot connect to the Docker daemon` (Kubernetes)';
        const why = (verdicts as Extract<Verdict, { state: 'no' }>[]).map((v) => v.why).filter((w, i, a) => a.indexOf(w) === i).join('; ');
        const message = `dind '${clip(svc.name, 24)}' needs privileged mode; this runner does not give it: dockerd fails. The dind service '${svc.name}' needs a privileged container, but the runner does not run services privileged (${why}). Unprivileged, dind logs \`mount: permission denied (are you root?)\` and exits; the job then fails with ${symptom}. Let the runner run this service privileged (and make sure the job's tags select that runner).`;
        const related = runners.map((r, i) => {
          const v = verdicts[i] as Extract<Verdict, { state: 'no' }>;
          const at: Span = v.decidedBy ? entrySpan(r.doc, v.decidedBy) : tableSpan(r, r.executor === 'docker' ? r.docker : r.kubernetes);
          return { at, message: v.why };
        });
        const fixes: ReportFix[] = [];
        const name = svc.name;
        const others = allDind.filter((n) => n !== name);
        const collect = (f: (r: Runner, n: string, others: readonly string[]) => SpanEdit[] | undefined) => {
          const out: SpanEdit[] = [];
          for (const r of runners) { const e = f(r, name, others); if (!e) return undefined; out.push(...e); }
          return out;
        };
        const one = kinds.size === 1 ? [...kinds][0] : undefined;
        const lp = collect(leastPrivilege);
        // a runner-wide privileged = true overridden for services only is judged once services run privileged
        const wide = runners.some((r) => r.executor === 'kubernetes' && flag(r.kubernetes, 'privileged') === true);
        if (lp) {
          fixes.push({
            preferred: true, edits: lp,
            title: (one === 'docker' ? (allDind.some((n) => n.includes('$')) ? 'Runner config: services_privileged = true (services only)' : 'Runner config: services_privileged = true with allowed_privileged_services (least privilege)')
              : one === 'kubernetes' ? 'Runner config: privileged = true in [runners.kubernetes.service_container_security_context] (least privilege)'
                : 'Runner config: run services privileged (least privilege)') + thenNote(wide && 'privileged-wider-than-needed'),
          });
        }
        // everything privileged only where least privilege cannot be written: it runs every job image privileged
        const all = lp ? undefined : collect(allPrivileged);
        if (all) fixes.push({ edits: all, title: `${one ? `Runner config: privileged = true in [runners.${one}]` : 'Runner config: privileged = true'}${thenNote('privileged-wider-than-needed')}` });
        ctx.report({ at: valueSpan(svc.nameNode), message, related, fixes });
      }
    }
  },
});
