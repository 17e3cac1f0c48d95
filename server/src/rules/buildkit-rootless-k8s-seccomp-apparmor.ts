import { ciRule, type ReportFix } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { insertKeys, insertTable, replaceValue, tget, ttable, type TTable } from '../formats/toml';
import { APPARMOR_ANNOTATION, buildAppArmorAnnotation, buildPrivileged, buildProfileType, commandsOf, isRootlessBuildkitImage } from '../model/buildkit';
import { entrySpan, isKnown, structurallyTemplated, tableSpan } from '../model/dind-runner';
import { valueSpan } from '../model/pipeline';
import type { Runner } from '../model/runner';
import { unconfinedBuildContainer } from '../edits/runner';

const BCSC = 'runners.kubernetes.build_container_security_context';
const KINDS = ['seccomp_profile', 'app_armor_profile'] as const;

type Verdict = 'ok' | 'unknown' | { confining: boolean };

function verdict(r: Runner): Verdict {
  const priv = buildPrivileged(r);
  if (priv !== false) return priv === undefined ? 'unknown' : 'ok';
  const types = KINDS.map((k) => buildProfileType(r, k));
  if (types.some((t) => t !== undefined && !isKnown(t))) return 'unknown';
  const annotation = buildAppArmorAnnotation(r);
  const apparmorOk = types[1] === 'Unconfined' || annotation === 'unconfined';
  const seccompOk = types[0] === 'Unconfined' || (types[0] === undefined && annotation === 'unconfined'); // GitLab documents the annotation alone
  if (apparmorOk && seccompOk) return 'ok';
  const confining = types.some((t) => t !== undefined && t !== 'Unconfined') || (annotation !== undefined && annotation !== 'unconfined');
  return { confining };
}

/** `[runners.kubernetes.pod_annotations] "container.apparmor.security.beta.kubernetes.io/build" = "unconfined"`. */
function annotationEdits(r: Runner): SpanEdit[] | undefined {
  const k = r.kubernetes;
  if (!k || k.style !== 'header') return undefined;
  const seccomp = buildProfileType(r, 'seccomp_profile');
  if (seccomp !== undefined && seccomp !== 'Unconfined') return undefined; // the annotation does not lift an explicit seccomp profile
  const line = `"${APPARMOR_ANNOTATION}" = "unconfined"`;
  const pa = ttable(tget(k, 'pod_annotations'));
  if (pa) {
    if (pa.style !== 'header') return undefined;
    const cur = pa.entries.get(APPARMOR_ANNOTATION);
    if (cur) return cur.value.kind === 'scalar' ? [replaceValue(r.doc, cur, '"unconfined"')] : undefined;
    return [insertKeys(r.doc, pa, [line])];
  }
  return [insertTable(r.doc, k, '[runners.kubernetes.pod_annotations]', [line])];
}

/** `run_as_user` other than 1000 for the build container (its own setting wins over the pod's). */
function uidProblems(runners: Runner[]) {
  const out: { r: Runner; path: string; uid: number; entry: NonNullable<ReturnType<TTable['entries']['get']>> }[] = [];
  for (const r of runners) {
    for (const path of ['build_container_security_context', 'pod_security_context']) {
      const e = ttable(tget(r.kubernetes, path))?.entries.get('run_as_user');
      if (!e) continue;
      if (e.value.kind === 'scalar' && typeof e.value.value === 'number' && e.value.value !== 1000) out.push({ r, path, uid: e.value.value, entry: e });
      break;
    }
  }
  return out;
}

export const rule = ciRule({
  id: 'buildkit-rootless-k8s-seccomp-apparmor',
  severity: 'error',
  summary: 'Rootless BuildKit on a Kubernetes runner without unconfined seccomp/AppArmor for the build container',
  check(ctx) {
    const runners = ctx.runners.runners.filter((r) => r.executor === 'kubernetes');
    if (!runners.length || runners.length !== ctx.runners.runners.length || runners.some((r) => structurallyTemplated(r.doc))) return;
    const verdicts = runners.map(verdict);
    const allBad = verdicts.every((v) => typeof v === 'object');
    for (const job of ctx.jobs) {
      const img = job.image;
      if (!img || !isRootlessBuildkitImage(img.ref) || !commandsOf(job, 'buildctl-daemonless.sh').length) continue;
      const uids = uidProblems(runners);
      const uidText = uids.map((u) => `run_as_user = ${u.uid} in [runners.kubernetes.${u.path}]`).join(', ');
      const uidNote = uids.length ? ` Also, the runner forces ${uidText}, but the image's /etc/subuid mapping is for user 1000: rootlesskit cannot set up its user namespace; use run_as_user = 1000 or leave it unset.` : '';
      const uidRelated = uids.map((u) => ({ at: entrySpan(u.r.doc, u.entry), message: 'run_as_user set here' }));
      if (allBad) {
        const confining = (verdicts as { confining: boolean }[]).every((v) => v.confining);
        const fixes: ReportFix[] = [];
        const collect = (f: (r: Runner) => SpanEdit[] | undefined) => { const out: SpanEdit[] = []; for (const r of runners) { const e = f(r); if (!e) return undefined; out.push(...e); } return out; };
        const sc = collect(unconfinedBuildContainer);
        if (sc) fixes.push({ title: 'Runner config: seccomp and AppArmor "Unconfined" for the build container (Runner ≥ 18.11)', preferred: true, edits: sc });
        const an = collect(annotationEdits);
        if (an) fixes.push({ title: 'Runner config: AppArmor pod annotation "unconfined" for the build container (older runners)', edits: an });
        ctx.report({
          at: valueSpan(img.nameNode), fixes, severity: confining ? 'error' : 'warning',
          message: `Rootless BuildKit needs unconfined seccomp and AppArmor on Kubernetes: rootlesskit fails. Rootless BuildKit needs the build container to run with unconfined seccomp and AppArmor on Kubernetes, and ${confining ? 'this runner confines it explicitly' : 'the Kubernetes runner does not set that (whether the cluster\'s default profiles block it depends on the nodes)'}: rootlesskit then fails with \`[rootlesskit:child ] error: failed to share mount point: /: permission denied\`. Set seccomp_profile and app_armor_profile type = "Unconfined" in [${BCSC}] (or the AppArmor pod annotation on older runners).${uidNote}`,
          related: [...runners.map((r) => ({ at: tableSpan(r, ttable(tget(r.kubernetes, 'build_container_security_context')) ?? r.kubernetes), message: 'build container security context of this runner' })), ...uidRelated],
        });
      } else if (uids.length) {
        ctx.report({
          at: valueSpan(img.nameNode), severity: 'warning', related: uidRelated,
          message: `The runner forces run_as_user ${uids[0].uid}, but rootless BuildKit maps user 1000: rootlesskit fails. The Kubernetes runner forces ${uidText}, but the rootless BuildKit image's /etc/subuid mapping is for user 1000 (user \`user\`): rootlesskit cannot set up its user namespace. Use run_as_user = 1000 or leave it unset for this runner.`,
        });
      }
    }
  },
});
