import { ciRule, type ReportFix, clip } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { tbool, tentry, tomlString } from '../formats/toml';
import { entrySpan, knownContainerRunners } from '../model/dind-runner';
import { dindServices } from '../model/facts';
import { valueSpan } from '../model/pipeline';
import { matchImage, strings, type Runner } from '../model/runner';
import { appendTomlArray } from '../edits/runner';

/** The runner would run services privileged, but its allow-list excludes `name` (true), or not this case (false/undefined). */
function excludedByAllowList(r: Runner, name: string): boolean | undefined {
  if (r.executor !== 'docker') return false;
  const sp = tentry(r.docker, 'services_privileged');
  const p = tentry(r.docker, 'privileged');
  const d = sp ?? p;
  const on = d ? tbool(d.value) : false;
  if (on !== true) return on === undefined ? undefined : false;
  const allowed = strings(r.docker, 'allowed_privileged_services');
  if (!allowed.length) return false;
  return !allowed.some((a) => matchImage(a.value, name));
}

export const rule = ciRule({
  id: 'dind-not-in-allowed-privileged-services',
  severity: 'error',
  summary: "The runner's allowed_privileged_services does not match the dind service",
  check(ctx) {
    const runners = knownContainerRunners(ctx.runners.runners);
    if (!runners.length) return;
    for (const job of ctx.jobs) {
      for (const svc of dindServices(job)) {
        if (!svc.nameNode || svc.name.includes('$')) continue;
        if (!runners.every((r) => excludedByAllowList(r, svc.name) === true)) continue;
        const edits: SpanEdit[] = [];
        const related = [];
        for (const r of runners) {
          const e = tentry(r.docker, 'allowed_privileged_services')!;
          related.push({ at: entrySpan(r.doc, e), message: `allowed_privileged_services of runner${r.name ? ` '${r.name}'` : ''}` });
          const arr = e.value;
          if (arr.kind !== 'array' || !arr.items.length) continue;
          edits.push(appendTomlArray(r.doc, arr, tomlString(svc.name)));
        }
        const fixes: ReportFix[] = edits.length === runners.length ? [{ title: `Runner config: add "${svc.name}" to allowed_privileged_services`, preferred: true, edits }] : [];
        ctx.report({
          at: valueSpan(svc.nameNode), related, fixes,
          message: `allowed_privileged_services misses '${clip(svc.name, 30)}': dind runs unprivileged, fails. allowed_privileged_services does not match '${svc.name}' (patterns are matched against the name exactly as written in the job), so the runner silently starts this dind service unprivileged: it logs \`mount: permission denied (are you root?)\` and exits, and the job fails with \`lookup docker … no such host\`. Add this spelling (or a pattern matching it) to the list.`,
        });
      }
    }
  },
});
