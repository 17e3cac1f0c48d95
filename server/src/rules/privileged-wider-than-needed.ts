import { runnerRule, type ReportFix } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { insertTable, replaceValue, tbool, tentry, tget, tomlString, ttable, type TEntry } from '../formats/toml';
import { commandsOf, isRootlessBuildkitImage } from '../model/buildkit';
import { entrySpan, isKnown, stringArrayItems } from '../model/dind-runner';
import { isBuildahImage, isBuildkitImage, isDindImage, isPodmanImage, parseImageRef, type ImageRef } from '../model/docker';
import type { Job, Pipeline } from '../model/pipeline';
import { matchImage, runnerServices, socketBound, strings, type Runner } from '../model/runner';
import { setKey, setRunnerSubKey } from '../edits/runner';
import { DIND_ALLOW_PATTERN } from '../../../common/strategies';

/** A service image that needs a privileged container (dind, rootful BuildKit). */
function privilegedService(ref: ImageRef): boolean { return isDindImage(ref) || (isBuildkitImage(ref) && !isRootlessBuildkitImage(ref)); }

/** The job runs something in its *build* container that needs privileged mode (a daemon, rootful builders). */
function needsPrivilegedBuild(job: Job): boolean {
  const ref = job.image?.ref;
  if (ref && (isDindImage(ref) || isBuildahImage(ref) || isPodmanImage(ref) || (isBuildkitImage(ref) && !isRootlessBuildkitImage(ref)))) return true;
  return commandsOf(job, 'dockerd', 'dockerd-entrypoint.sh', 'buildkitd', 'buildah', 'podman').length > 0;
}

/** Names of privileged-needing services used by the pipelines in view and by the runner itself. */
function privilegedServiceNames(pipelines: Pipeline[], r: Runner): string[] {
  const names = new Set<string>();
  for (const p of pipelines) for (const j of p.jobs) for (const s of j.services) if (privilegedService(s.ref)) names.add(s.name);
  for (const s of runnerServices(r)) if (privilegedService(parseImageRef(s.name))) names.add(s.name);
  return [...names];
}

function dockerFix(r: Runner, served: string[]): ReportFix | undefined {
  const lines: [string, string][] = [['privileged', 'false']];
  if (!tentry(r.docker, 'services_privileged')) lines.push(['services_privileged', 'true']);
  const node = tget(r.docker, 'allowed_privileged_services');
  const existing = stringArrayItems(node);
  let listed = true;
  if (served.some((n) => n.includes('$') || !isKnown(n))) {
    // a service name known only at job start cannot be listed: keep an existing list, add none
    if (existing.length) return undefined;
    listed = false;
  } else if (node && node.kind !== 'array') return undefined;
  else {
    const base = existing.length ? existing : [DIND_ALLOW_PATTERN];
    const missing = served.filter((n) => !base.some((p) => matchImage(p, n)));
    if (!existing.length || missing.length) lines.push(['allowed_privileged_services', `[${[...base, ...missing].map(tomlString).join(', ')}]`]);
  }
  const edits = setRunnerSubKey(r, 'docker', lines);
  if (!edits) return undefined;
  return { title: `Run only ${listed ? 'listed ' : ''}services privileged: privileged = false, services_privileged = true${listed ? ', allowed_privileged_services' : ''}`, preferred: true, edits };
}

function k8sFix(r: Runner, p: TEntry): ReportFix | undefined {
  const k = r.kubernetes!;
  const edits: SpanEdit[] = [replaceValue(r.doc, p, 'false')];
  const sc = ttable(tget(k, 'service_container_security_context'));
  const re = tentry(k, 'allow_privilege_escalation');
  const escFalse = tbool((tentry(sc, 'allow_privilege_escalation') ?? re)?.value) === false;
  const header = '[runners.kubernetes.service_container_security_context]';
  if (sc) {
    if (sc.style !== 'header') return undefined;
    const es: (SpanEdit | undefined)[] = [];
    if (tbool(tget(sc, 'privileged')) !== true) es.push(setKey(r.doc, sc, 'privileged', 'true'));
    if (escFalse) es.push(setKey(r.doc, sc, 'allow_privilege_escalation', 'true'));
    if (es.some((e) => !e)) return undefined;
    // keys inserted at the end of the table's keys: one edit, in order
    const inserts = (es as SpanEdit[]).filter((e) => e.start === e.end);
    edits.push(...(es as SpanEdit[]).filter((e) => e.start !== e.end));
    if (inserts.length) edits.push({ ...inserts[0], newText: inserts.map((e) => e.newText).join('') });
  } else {
    if (k.style !== 'header') return undefined;
    edits.push(insertTable(r.doc, k, header, ['privileged = true', ...(escFalse ? ['allow_privilege_escalation = true'] : [])]));
  }
  return { title: 'Run only service containers privileged: privileged = false + service_container_security_context', preferred: true, edits };
}

export const rule = runnerRule({
  id: 'privileged-wider-than-needed',
  severity: 'warning',
  summary: 'Every job image (and service) on this runner runs privileged, where dind needs it only for its service',
  check(ctx) {
    let pipes: Pipeline[] | undefined;
    const pipelines = () => (pipes ??= ctx.pipelines());
    // the same for every runner of the file: read once (a config of hundreds of runners serving thousands of jobs)
    let needs: boolean | undefined;
    const buildNeedsIt = () => (needs ??= pipelines().some((pl) => pl.jobs.some(needsPrivilegedBuild)));
    for (const r of ctx.config.runners) {
      if (r.executor === 'docker') {
        const p = tentry(r.docker, 'privileged');
        if (!p || tbool(p.value) !== true) continue;
        const images = tentry(r.docker, 'allowed_privileged_images');
        if (images && (images.value.kind !== 'array' || strings(r.docker, 'allowed_privileged_images').length > 0)) continue; // restricted (or unknown)
        const sp = tentry(r.docker, 'services_privileged');
        if (sp && tbool(sp.value) !== true) continue; // build-only privileged on purpose (or templated)
        const served = privilegedServiceNames(pipelines(), r);
        if (socketBound(r) && !served.some((n) => isDindImage(parseImageRef(n)))) continue; // socket-binding-privileged-redundant
        if (buildNeedsIt()) continue;
        const allowedSvc = strings(r.docker, 'allowed_privileged_services').length > 0;
        const fix = dockerFix(r, served);
        ctx.report({
          at: entrySpan(r.doc, p),
          message: `privileged = true without allowed_privileged_images: every job image runs privileged. privileged = true without allowed_privileged_images runs every job image on this runner privileged${allowedSvc ? '' : ', and every service too'}: any project that can run jobs here gets full access to the host (all devices, kernel settings, other containers). Docker-in-Docker needs privileged mode only for its service container: set privileged = false, services_privileged = true and allowed_privileged_services = ["docker:*-dind"], and keep the runner to trusted projects (or build rootless with BuildKit).`,
          fixes: fix ? [fix] : [],
        });
      } else if (r.executor === 'kubernetes' && r.kubernetes) {
        const k = r.kubernetes;
        const p = tentry(k, 'privileged');
        if (!p || tbool(p.value) !== true) continue;
        const build = tentry(ttable(tget(k, 'build_container_security_context')), 'privileged');
        if (build) continue; // the build container's privilege is decided on its own
        const svc = tentry(ttable(tget(k, 'service_container_security_context')), 'privileged');
        if (svc && tbool(svc.value) !== true) continue; // privileged for build/helper only, on purpose (or templated)
        if (buildNeedsIt()) continue;
        const fix = k8sFix(r, p);
        ctx.report({
          at: entrySpan(r.doc, p),
          message: `Kubernetes privileged = true runs every container of every job privileged. [runners.kubernetes] privileged = true runs the build, helper and every service container of every job privileged: any project that can run jobs here gets full access to the node (all devices, kernel settings, other pods' data). Docker-in-Docker needs privileged mode only for its service container: set privileged = false and [runners.kubernetes.service_container_security_context] privileged = true, and keep the runner to trusted projects (or build rootless with BuildKit).`,
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
});
