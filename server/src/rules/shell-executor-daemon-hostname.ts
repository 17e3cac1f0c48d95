import { ciRule, type ReportFix, clip, thenNote } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { isIpLiteral, isLocalHost } from '../model/docker';
import { dindServices, dockerHost, effVar, usesDockerCli } from '../model/facts';
import { jobIncomplete, serviceAliases, variablesMapOf } from '../model/daemon';
import { valueSpan } from '../model/pipeline';
import { shellExecutorEntries } from '../model/shell-runner';

export const rule = ciRule({
  id: 'shell-executor-daemon-hostname',
  severity: 'error',
  summary: 'DOCKER_HOST names a service of the job, but the shell executor starts no services',
  check(ctx) {
    const view = ctx.runners;
    if (view.executor !== 'shell') return;
    for (const job of ctx.jobs) {
      const dh = dockerHost(job);
      if (dh.state !== 'set') continue;
      const h = dh.host;
      if (h.scheme !== 'tcp' || !h.host || isLocalHost(h.host) || isIpLiteral(h.host)) continue;
      // without a dind service, dind-host-without-service reports this line
      if (!dindServices(job).length || jobIncomplete(job, ctx.pipeline)) continue;
      if (dh.variable.scope !== 'job' && !usesDockerCli(job)) continue;
      const svc = job.services.find((s) => s.explicitAliases.some((a) => a.alias === h.host) || (s.aliases !== undefined && serviceAliases(s, false).includes(h.host!)));
      if (!svc) continue;
      const v = dh.variable;
      const fixes: ReportFix[] = [];
      const text = ctx.textOf(v.entry.file);
      const map = variablesMapOf(ctx.pipeline, job, v.entry);
      const tlsClient = effVar(job, 'DOCKER_TLS_VERIFY').state !== 'unset' || effVar(job, 'DOCKER_CERT_PATH').state !== 'unset';
      if (text !== undefined && map && map.file === v.entry.file && !tlsClient) {
        fixes.push({ kind: 'suggestion', title: `Remove DOCKER_HOST (use the host's Docker daemon)${thenNote('shell-executor-docker-group-root')}`, edits: [new YamlEditor(v.entry.file, text).removeEntry(map, v.entry)] });
      }
      ctx.report({
        at: valueSpan(v.valueNode),
        message: `DOCKER_HOST names service '${clip(svc.name, 24)}', but shell runners start no services: host not found. DOCKER_HOST points at ${h.raw}, the host name of the service '${svc.name}', but the shell executor starts no service containers: the client fails with \`dial tcp: lookup ${h.host} … no such host\`. Remove DOCKER_HOST to use the host's Docker daemon, or run the job on a Docker or Kubernetes runner (tags:).`,
        related: [{ at: valueSpan(svc.nameNode ?? svc.node), message: `service '${svc.name}' is never started on a shell runner` }, ...shellExecutorEntries(view)],
        fixes,
      });
    }
  },
});
