import { defineRule, type ReportFix, type RunnerConfigContext, clip } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { isLocalHost } from '../model/docker';
import { dindRunnerAlone, dindTls, entrySpan, isFragment, k8sCertsBlocked, k8sSharesCerts, normPath, structurallyTemplated, tableSpan } from '../model/dind-runner';
import { tstr } from '../formats/toml';
import { dindServices, dockerHost } from '../model/facts';
import { valueSpan } from '../model/pipeline';
import { addCertsEmptyDir } from '../edits/runner';

export const rule = defineRule({
  id: 'dind-tls-certs-not-shared-k8s',
  severity: 'error',
  summary: "The Kubernetes runner does not share dind's client certificates with the build container",
  runner: (ctx) => checkRunnerAlone(ctx),
  ci(ctx) {
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
        const lacking = runners.filter((r) => k8sSharesCerts(r, certDir) === false);
        if (lacking.length < runners.length) continue;
        const blocked = runners.some((r) => k8sCertsBlocked(r, certDir));
        const message = `The Kubernetes runner has no writable volume at ${clip(client, 30)}: the client has no TLS certs. dind '${svc.name}' writes its TLS client certificates to ${client}, but the Kubernetes runner declares no writable volume there${blocked ? ' (only a read-only/secret one, which also keeps dind from starting)' : ''}: containers of the job pod share only declared volumes, so the build container never sees them and the client fails with \`unable to resolve docker endpoint: open ${client}/ca.pem: no such file or directory\`. Add an empty_dir at ${client} to the runner config.`;
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
});

/**
 * A config.toml or Helm values with no CI file in view: a privileged Kubernetes runner whose default image is the
 * docker image is a dind runner. Its TLS jobs need the client certificates in a volume every container of the pod
 * mounts. A conditional warning on the runner.
 */
function checkRunnerAlone(ctx: RunnerConfigContext): void {
  if (ctx.pipelines().length) return; // the CI files it serves are judged job by job
  for (const r of ctx.config.runners) {
    if (r.executor !== 'kubernetes') continue;
    const dind = dindRunnerAlone(r);
    if (!dind || k8sSharesCerts(r, dind.certDir) !== false) continue;
    const client = `${dind.certDir}/client`;
    const blocked = k8sCertsBlocked(r, dind.certDir);
    const edits = addCertsEmptyDir(r, client);
    ctx.report({
      at: tableSpan(r, r.kubernetes),
      severity: 'warning',
      message: `This dind runner has no writable volume at ${clip(client, 30)}: TLS jobs have no client certs. This runner is set up for Docker-in-Docker (default image '${tstr(dind.image.value)}', privileged), but it declares no writable volume at ${client}${blocked ? ' (only a read-only/secret one, which also keeps dind from starting)' : ''}. A job with a docker:dind service and TLS on (DOCKER_TLS_CERTDIR=${dind.certDir}, DOCKER_HOST=tcp://docker:2376) then fails with \`open ${client}/ca.pem: no such file or directory\`: containers of the job pod share only the runner's volumes. Add an empty_dir at ${client}.`,
      // a change to the runner: offered as a suggestion, never applied by a plain --fix
      fixes: edits ? [{ title: `Add a writable empty_dir "docker-certs" at ${client}`, kind: 'suggestion', edits }] : [],
      related: [{ at: entrySpan(r.doc, dind.image), message: 'default image: the docker image' }],
    });
  }
}
