import { ciRule, type CiContext, type ReportFix, clip } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { clientOf, dindStart, hostFlags, tlsOffFlags } from '../model/dind-command';
import { dindTls, dockerReadOnly, isFragment, k8sWritable, normPath, structurallyTemplated } from '../model/dind-runner';
import { dindServices, dockerHost, effVar, jobImageIsOfficialDocker } from '../model/facts';
import { valueSpan, type Job, type Service } from '../model/pipeline';
import { dockerVolumes, k8sVolumes } from '../model/runner';
import { removeCommandItems } from '../edits/service';
import { addCertsEmptyDir, addDockerVolume } from '../edits/runner';

/**
 * Who can reach the daemon's tcp/2375, by executor. Docker executor: the service container is on a bridge network of
 * the runner host, open to the host and to every container on that network
 * (https://docs.docker.com/engine/network/drivers/bridge/). Kubernetes: dockerd listens on the pod IP, open to other
 * pods unless a NetworkPolicy denies it (https://kubernetes.io/docs/concepts/services-networking/network-policies/).
 */
const WHERE = {
  kubernetes: 'on Kubernetes it is bound on the pod IP, reachable from other pods of the cluster unless NetworkPolicies forbid it',
  docker: "on the Docker executor it sits on a bridge network of the runner host, reachable from the host and from every container on that network: on the default bridge (used unless FF_NETWORK_PER_BUILD or network_mode set another), other jobs' containers too",
  unknown: 'on the Docker executor: from the runner host and the containers on its Docker network; on Kubernetes: from other pods of the cluster unless NetworkPolicies forbid it',
} as const;

export const rule = ciRule({
  id: 'dind-tls-disabled',
  severity: 'warning',
  summary: 'The dind daemon runs without TLS: unauthenticated root-equivalent API on tcp/2375',
  check(ctx) {
    const where = WHERE[ctx.runners.executor === 'kubernetes' || ctx.runners.executor === 'docker' ? ctx.runners.executor : 'unknown'];
    for (const job of ctx.jobs) {
      for (const svc of dindServices(job)) {
        if (!svc.nameNode) continue;
        const tls = dindTls(job, svc, ctx.runners.runners);
        const start = dindStart(svc);
        const tail = `the dind daemon accepts unauthenticated, root-equivalent API calls on tcp/2375 from anything that can reach the service (${where}). Docker deprecated unauthenticated TCP (v26) and announces it will become a hard failure. Switch to TLS: DOCKER_TLS_CERTDIR: "/certs" with DOCKER_HOST tcp://docker:2376 (and the /certs/client volume on the runner), or use a Unix socket on a shared volume.`;
        if (tls.on === false && tls.variable && tls.variable.value === '') {
          const v = tls.variable;
          const fixes: ReportFix[] = [];
          const edits = switchToTls(ctx, job, svc);
          if (edits) fixes.push({ title: 'Switch to TLS: DOCKER_TLS_CERTDIR "/certs" and port 2376', preferred: true, edits });
          ctx.report({ at: valueSpan(v.valueNode), message: `DOCKER_TLS_CERTDIR is "", so dind serves an unauthenticated, root-equivalent API on 2375. DOCKER_TLS_CERTDIR is "" so TLS is off: ${tail}`, fixes, related: [{ at: valueSpan(svc.nameNode), message: 'dind service without TLS' }] });
        } else if (tls.on === undefined && start.kind === 'entrypoint') {
          for (const f of tlsOffFlags(start.flags)) {
            ctx.report({ at: { file: f.node.file, start: f.node.start, end: f.node.end }, message: `'${clip(f.text, 30)}' turns TLS off: dind serves an unauthenticated API on 2375. '${f.text}' turns TLS off: ${tail}` });
          }
        }
      }
    }
  },
});

function editor(ctx: CiContext, file: string, cache: Map<string, YamlEditor | undefined>): YamlEditor | undefined {
  if (!cache.has(file)) { const t = ctx.textOf(file); cache.set(file, t === undefined ? undefined : new YamlEditor(file, t)); }
  return cache.get(file);
}

/**
 * dind with TLS as one edit set, as GitLab sets it up for the Docker and the Kubernetes executor
 * (https://docs.gitlab.com/ci/docker/docker_in_docker/); undefined when a needed piece cannot be edited.
 */
function switchToTls(ctx: CiContext, job: Job, svc: Service): SpanEdit[] | undefined {
  const eds = new Map<string, YamlEditor | undefined>();
  const tls = dindTls(job, svc, ctx.runners.runners);
  const v = tls.variable!;
  if (v.valueNode.kind !== 'scalar') return undefined;
  const ed = editor(ctx, v.valueNode.file, eds);
  if (!ed) return undefined;
  const edits: SpanEdit[] = [ed.replaceScalar(v.valueNode, '/certs')];
  const client = clientOf(job, svc, ctx.runners);
  const host = dockerHost(job);
  if (client.kind === 'unknown' || client.kind === 'unix' || client.kind === 'other') return undefined;
  if (client.kind === 'tcp' && client.explicit && host.state === 'set') {
    const hed = editor(ctx, host.variable.valueNode.file, eds);
    const e = hed?.replaceInScalar(host.variable.valueNode, /:2375\b/, ':2376');
    if (client.port === 2375) { if (!e) return undefined; edits.push(e); } else if (client.port !== undefined) return undefined;
    // only the official image's entrypoint on the Docker executor sets the client variables (Kubernetes does not run
    // it; with the executor unknown, writing them is harmless where the entrypoint would set the same)
    if (ctx.runners.executor !== 'docker' || !jobImageIsOfficialDocker(job)) {
      const add = (['DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH'] as const).filter((n) => effVar(job, n).state === 'unset');
      if (add.length && hed) {
        // a DOCKER_TLS_CERTDIR set only in the service's variables is not in the job's environment: write the path
        const vals: Record<string, string> = { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: v.scope === 'service' ? '/certs/client' : '$DOCKER_TLS_CERTDIR/client' };
        const parts = add.map((n) => hed.insertSibling(host.variable.entry, n, vals[n]));
        edits.push({ ...parts[0], newText: parts.map((p) => p.newText).join('') });
      }
    }
  }
  const start = dindStart(svc);
  if (start.kind === 'entrypoint') {
    const off = [...tlsOffFlags(start.flags), ...hostFlags(start.flags).filter((h) => h.scheme === 'tcp' && h.port === 2375).flatMap((h) => h.items)];
    if (off.length) {
      const sed = editor(ctx, svc.node.file, eds);
      const e = sed && removeCommandItems(sed, svc, off);
      if (!e) return undefined;
      edits.push(...e);
    }
  } else return undefined;
  const hc = svc.variables.get('HEALTHCHECK_TCP_PORT');
  if (hc?.value === '2375' && hc.valueNode.kind === 'scalar') {
    const hed = editor(ctx, hc.valueNode.file, eds);
    if (!hed) return undefined;
    edits.push(hed.replaceScalar(hc.valueNode, '2376'));
  }
  // the runner must share /certs/client
  const runners = ctx.runners.runners;
  if (runners.length && !runners.some((r) => structurallyTemplated(r.doc) || isFragment(r))) {
    for (const r of runners) {
      if (r.executor === 'docker' && !dockerVolumes(r).some((d) => !dockerReadOnly(d) && ['/certs', '/certs/client'].includes(normPath(d.container)!))) {
        const e = addDockerVolume(r, '/certs/client');
        if (e) edits.push(...e);
      } else if (r.executor === 'kubernetes' && !k8sVolumes(r).some((d) => k8sWritable(d) && ['/certs', '/certs/client'].includes(normPath(d.mountPath) ?? ''))) {
        const e = addCertsEmptyDir(r, '/certs/client');
        if (e) edits.push(...e);
      }
    }
  }
  return edits;
}
