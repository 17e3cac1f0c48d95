import type { ReportFix, Rule } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { isLocalHost } from '../model/docker';
import { dindTls, isFragment, k8sWritable, normPath, structurallyTemplated, tableSpan } from '../model/dind-runner';
import { dindServices, dockerHost } from '../model/facts';
import { valueSpan } from '../model/pipeline';
import { k8sVolumes } from '../model/runner';
import { addCertsEmptyDir } from '../edits/runner';

export const rule: Rule = {
  id: 'dind-tls-certs-not-shared-k8s',
  fileKinds: ['gitlab-ci'],
  severity: 'error',
  summary: "The Kubernetes runner does not share dind's client certificates with the build container",
  check(ctx) {
    if (ctx.kind !== 'gitlab-ci') return;
    const runners = ctx.runners.runners;
    // every runner in view must be a Kubernetes runner whose volumes we can fully read
    if (!runners.length || ctx.runners.executor !== 'kubernetes') return;
    if (runners.some((r) => structurallyTemplated(r.doc) || isFragment(r))) return;
    for (const job of ctx.jobs) {
      const host = dockerHost(job);
      if (host.state !== 'set' || host.host.scheme !== 'tcp' || host.host.port !== 2376 || !host.host.host) continue;
      for (const svc of dindServices(job)) {
        if (!svc.nameNode) continue;
        if (!isLocalHost(host.host.host) && !svc.aliases?.includes(host.host.host)) continue;
        const tls = dindTls(job, svc, runners);
        if (tls.on !== true) continue;
        const certDir = normPath(tls.certDir ?? '/certs')!;
        const client = `${certDir}/client`;
        const shared = (p: string | undefined) => p === client || p === certDir;
        const lacking = runners.filter((r) => {
          const vols = k8sVolumes(r);
          if (vols.some((v) => v.mountPath === undefined)) return false; // templated mount path: unknown
          return !vols.some((v) => k8sWritable(v) && shared(normPath(v.mountPath)));
        });
        if (lacking.length < runners.length) continue;
        const blocked = runners.some((r) => k8sVolumes(r).some((v) => !k8sWritable(v) && shared(normPath(v.mountPath))));
        const message = `dind '${svc.name}' writes its TLS client certificates to ${client}, but the Kubernetes runner declares no writable volume there${blocked ? ' (only a read-only/secret one, which also keeps dind from starting)' : ''}: containers of the job pod share only declared volumes, so the build container never sees them and the client fails with \`unable to resolve docker endpoint: open ${client}/ca.pem: no such file or directory\`. Add an empty_dir at ${client} to the runner config.`;
        const fixes: ReportFix[] = [];
        const edits: SpanEdit[] = [];
        let ok = true;
        for (const r of runners) { const e = addCertsEmptyDir(r, client); if (!e) { ok = false; break; } edits.push(...e); }
        if (ok) fixes.push({ title: `Runner config: add a writable empty_dir "docker-certs" at ${client}`, preferred: true, edits });
        ctx.report({
          at: valueSpan(svc.nameNode), message, fixes,
          related: runners.map((r) => ({ at: tableSpan(r, r.kubernetes), message: `Kubernetes runner${r.name ? ` '${r.name}'` : ''}: no writable volume at ${client}` })),
        });
      }
    }
  },
};
