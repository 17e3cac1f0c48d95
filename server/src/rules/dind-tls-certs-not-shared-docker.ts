import type { ReportFix, Rule } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { dindTls, dockerReadOnly, isFragment, isKnown, normPath, runnerEnvSets, structurallyTemplated, tableSpan } from '../model/dind-runner';
import { dindServices, dockerHost, jobImageIsOfficialDocker, usesDockerCli } from '../model/facts';
import { valueSpan } from '../model/pipeline';
import { dockerVolumes, socketBound } from '../model/runner';
import { addDockerVolume } from '../edits/runner';

export const rule: Rule = {
  id: 'dind-tls-certs-not-shared-docker',
  fileKinds: ['gitlab-ci'],
  severity: 'error',
  summary: "The Docker runner does not share dind's client certificates with the build container",
  check(ctx) {
    if (ctx.kind !== 'gitlab-ci') return;
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
        const lacking = runners.filter((r) => {
          const vols = dockerVolumes(r);
          if (vols.some((v) => !isKnown(v.raw))) return false;
          return !vols.some((v) => !dockerReadOnly(v) && (normPath(v.container) === client || normPath(v.container) === certDir));
        });
        if (lacking.length < runners.length) continue;
        const symptom = viaEntrypoint
          ? `with DOCKER_HOST unset the image's entrypoint finds no certificates and falls back to tcp://docker:2375, which is closed (\`Cannot connect to the Docker daemon at tcp://docker:2375\`)`
          : `the client on port 2376 fails with \`Client sent an HTTP request to an HTTPS server.\` or \`open ${client}/ca.pem: no such file or directory\``;
        const message = `dind '${svc.name}' writes its TLS client certificates to ${client}, but the Docker runner does not share that path with the build container: ${symptom}. Add "${client}" to [runners.docker] volumes.`;
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
};
