import { ciRule, type ReportFix, type RunnerView, clip, thenNote } from '../engine/rule';
import type { Severity } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { isDns1123, isDockerLibraryImage, isIpLiteral, isLocalHost, parseImageRef } from '../model/docker';
import { dindServices, dockerHost, tlsOn } from '../model/facts';
import { hostServed, runnerSetsVar, serviceAliases, someRunner } from '../model/daemon';
import { valueSpan, type Job, type Variable } from '../model/pipeline';
import { socketBound } from '../model/runner';
import { tstr, tget } from '../formats/toml';
import { setServiceAlias } from '../edits/service';
import { tlsClientVarsEdit } from '../edits/job';
import { shareCertsEdits, shareNote } from '../edits/runner';

interface ClientHost { host: string; variable?: Variable; severity: Severity; conditional: boolean }

/** The host name the job's Docker client dials, when it is a service name we can check. */
function clientHost(job: Job, view: RunnerView): ClientHost | undefined {
  const dh = dockerHost(job);
  if (dh.state === 'set') {
    const h = dh.host;
    if (h.scheme !== 'tcp' || !h.host || isLocalHost(h.host) || isIpLiteral(h.host) || h.host.includes('.')) return undefined;
    return { host: h.host, variable: dh.variable, severity: 'error', conditional: false };
  }
  if (dh.state !== 'unset') return undefined;
  // DOCKER_HOST unset: docker-entrypoint.sh of the official image picks tcp://docker:237x on the Docker executor
  if (someRunner(view, (r) => runnerSetsVar(r, 'DOCKER_HOST') || socketBound(r))) return undefined;
  if (view.executor !== 'docker' && view.executor !== 'unknown') return undefined;
  if (view.executor === 'unknown' && view.runners.length) return undefined; // mixed executors
  const img = job.image ? job.image.ref : undefined;
  if (job.image?.entrypoint) return undefined;
  const official = img ? isDockerLibraryImage(img) && !img.hasVariables
    : view.runners.length > 0 && view.runners.every((r) => { const n = tstr(tget(r.docker, 'image')); return n !== undefined && isDockerLibraryImage(parseImageRef(n)); });
  if (!official) return undefined;
  const known = view.runners.length > 0 || view.assumedExecutor === 'docker';
  return { host: 'docker', severity: known ? 'error' : 'warning', conditional: !known };
}

export const rule = ciRule({
  id: 'dind-service-alias-not-docker',
  severity: 'error',
  summary: 'The dind service is not reachable under the host name the Docker client uses',
  check(ctx) {
    const view = ctx.runners;
    if (view.executor === 'shell' || view.executor === 'other') return;
    for (const job of ctx.jobs) {
      const dind = dindServices(job);
      if (dind.length === 0) continue;
      const ch = clientHost(job, view);
      if (!ch) continue;
      const H = ch.host;
      if (hostServed(job, H, view)) continue;
      const svc = dind[0];
      if (!svc.nameNode) continue;
      const k8s = view.executor === 'kubernetes';
      const aliases = svc.aliases === undefined ? undefined : serviceAliases(svc, k8s);
      const shown = aliases === undefined ? `a host name derived from its full image path (known only when the job starts)${svc.explicitAliases.length ? ` and ${svc.explicitAliases.map((a) => `'${a.alias}'`).join(', ')}` : ''}`
        : aliases.length ? aliases.map((a) => `'${a}'`).join(', ') : 'no host name at all';
      const lead = ch.conditional ? 'If this job runs on the Docker executor: ' : '';
      const who = ch.variable ? `DOCKER_HOST points the Docker client at '${H}'` : `DOCKER_HOST is not set, so the entrypoint of the '${job.image?.ref.raw ?? 'docker'}' image makes the Docker client connect to tcp://docker:2375/2376`;
      const message = `The client connects to '${clip(H, 24)}', but the dind service has no such alias: host not found. ${lead}Service '${svc.name}' is reachable only as ${shown}; ${who}. The job fails with \`error during connect: … dial tcp: lookup ${H} … no such host\`. Add \`alias: ${H}\` (service host names are derived from the full image path, registry and namespace included).`;
      const fixes: ReportFix[] = [];
      const text = ctx.textOf(svc.node.file);
      if (text !== undefined && isDns1123(H)) {
        const ed = new YamlEditor(svc.node.file, text);
        const edit = setServiceAlias(ed, svc, H);
        const hasExplicit = svc.explicitAliases.length > 0;
        // once the client reaches dind on 2376 it needs the TLS client variables where no entrypoint sets them
        const dh = dockerHost(job);
        const tlsVars = ch.variable && dh.state === 'set' && dh.host.port === 2376 ? tlsClientVarsEdit(ed, job, ch.variable, view.executor) : undefined;
        const also = tlsVars ? ', with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH' : '';
        // once reachable, a TLS dind needs its client certificates shared by the runner (dind-tls-certs-not-shared-*)
        const tls = tlsOn(job, svc);
        const share = tls.on === true && (dh.state === 'unset' || (dh.state === 'set' && dh.host.port === 2376)) ? shareCertsEdits(view, tls.certDir ?? '/certs') : [];
        const rest = share ? shareNote(share, tls.certDir) : thenNote(k8s ? 'dind-tls-certs-not-shared-k8s' : 'dind-tls-certs-not-shared-docker');
        if (edit) fixes.push({ title: `${hasExplicit ? `Set the service's alias to '${H}'` : `Add \`alias: ${H}\` to service '${svc.name}'`}${also}${rest}`, preferred: true, edits: [edit, ...(tlsVars ? [tlsVars] : []), ...(share ?? [])] });
      }
      ctx.report({
        at: valueSpan(svc.nameNode), message, severity: ch.severity, fixes,
        related: ch.variable ? [{ at: valueSpan(ch.variable.valueNode), message: `the client connects to '${H}' here` }] : undefined,
      });
    }
  },
});
