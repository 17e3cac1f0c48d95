import { defineRule, type ReportFix, type RunnerConfigContext, clip } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { dindRunnerAlone, dindTls, dockerSharesCerts, entrySpan, isFragment, normPath, runnerEnvSets, structurallyTemplated, tableSpan } from '../model/dind-runner';
import { tentry, tstr } from '../formats/toml';
import { dindServices, dockerHost, jobImageIsOfficialDocker, usesDockerCli } from '../model/facts';
import { valueSpan } from '../model/pipeline';
import { socketBound } from '../model/runner';
import { addDockerVolume } from '../edits/runner';

export const rule = defineRule({
  id: 'dind-tls-certs-not-shared-docker',
  severity: 'error',
  summary: "The Docker runner does not share dind's client certificates with the build container",
  runner: (ctx) => checkRunnerAlone(ctx),
  ci(ctx) {
    const runners = ctx.runners.runners;
    if (!runners.length || ctx.runners.executor !== 'docker') return;
    if (runners.some((r) => structurallyTemplated(r.doc) || isFragment(r))) return;
    if (runnerEnvSets(runners, 'DOCKER_HOST') || runners.some(socketBound)) return;
    for (const job of ctx.jobs) {
      const host = dockerHost(job);
      let viaEntrypoint = false;
      if (host.state === 'unset') {
        // the official image's entrypoint picks tcp://docker:2376 only when the certs are there
        if (!jobImageIsOfficialDocker(job) || !usesDockerCli(job)) continue;
        viaEntrypoint = true;
      } else if (host.state !== 'set' || host.host.scheme !== 'tcp' || host.host.port !== 2376 || !host.host.host) continue;
      for (const svc of dindServices(job)) {
        if (!svc.nameNode) continue;
        if (!viaEntrypoint && host.state === 'set' && !svc.aliases?.includes(host.host.host!)) continue;
        if (viaEntrypoint && !svc.aliases?.includes('docker')) continue;
        const tls = dindTls(job, svc, runners);
        if (tls.on !== true) continue;
        const certDir = normPath(tls.certDir ?? '/certs')!;
        const client = `${certDir}/client`;
        const lacking = runners.filter((r) => dockerSharesCerts(r, certDir) === false);
        if (lacking.length < runners.length) continue;
        const symptom = viaEntrypoint
          ? `with DOCKER_HOST unset the image's entrypoint finds no certificates and falls back to tcp://docker:2375, which is closed (\`Cannot connect to the Docker daemon at tcp://docker:2375\`)`
          : `the client on port 2376 fails with \`Client sent an HTTP request to an HTTPS server.\` or \`open ${client}/ca.pem: no such file or directory\``;
        const message = `The runner does not share ${clip(client, 30)} with the job: the client has no TLS certificates. dind '${svc.name}' writes its TLS client certificates to ${client}, but the Docker runner does not share that path with the build container: ${symptom}. Add "${client}" to [runners.docker] volumes.`;
        const fixes: ReportFix[] = [];
        const edits: SpanEdit[] = [];
        let ok = true;
        for (const r of runners) { const e = addDockerVolume(r, client); if (!e) { ok = false; break; } edits.push(...e); }
        if (ok) fixes.push({ title: `Runner config: share "${client}" in [runners.docker] volumes`, preferred: true, edits });
        ctx.report({
          at: valueSpan(svc.nameNode), message, fixes,
          related: runners.map((r) => ({ at: tableSpan(r, r.docker), message: `Docker runner${r.name ? ` '${r.name}'` : ''}: no writable volume at ${client}` })),
        });
      }
    }
  },
});

/**
 * A config.toml with no CI file in view: a privileged Docker runner whose default image is the docker image is a
 * dind runner, and its jobs use dind with TLS unless they turn it off. A conditional warning on the runner.
 */
function checkRunnerAlone(ctx: RunnerConfigContext): void {
  if (ctx.pipelines().length) return; // the CI files it serves are judged job by job
  for (const r of ctx.config.runners) {
    if (r.executor !== 'docker') continue;
    const dind = dindRunnerAlone(r);
    if (!dind || dockerSharesCerts(r, dind.certDir) !== false) continue;
    const client = `${dind.certDir}/client`;
    const vols = tentry(r.docker, 'volumes');
    const edits = addDockerVolume(r, client);
    ctx.report({
      at: vols ? entrySpan(r.doc, vols) : tableSpan(r, r.docker),
      severity: 'warning',
      message: `This dind runner does not share ${clip(client, 30)}: jobs using TLS have no client certificates. This runner is set up for Docker-in-Docker (default image '${tstr(dind.image.value)}', privileged), but it does not share ${client} with the build container. A job with a docker:dind service and TLS on (the image's default, DOCKER_TLS_CERTDIR=${dind.certDir}) then finds no client certificates: with DOCKER_HOST unset the client falls back to tcp://docker:2375, which is closed (\`Cannot connect to the Docker daemon at tcp://docker:2375\`), and with tcp://docker:2376 it fails with \`open ${client}/ca.pem: no such file or directory\`. Add "${client}" to [runners.docker] volumes.`,
      // a change to the runner: offered as a suggestion, never applied by a plain --fix
      fixes: edits ? [{ title: `Share "${client}" in [runners.docker] volumes`, kind: 'suggestion', edits }] : [],
      related: [{ at: entrySpan(r.doc, dind.image), message: 'default image: the docker image' }],
    });
  }
}
