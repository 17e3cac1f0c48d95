import { ciRule, type ReportFix } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { isIpLiteral, isLocalHost } from '../model/docker';
import { dindServices, dockerHost, usesDockerCli } from '../model/facts';
import { allRunners, hostServed, jobIncomplete, variablesMapOf } from '../model/daemon';
import { keySpan, valueSpan } from '../model/pipeline';
import { socketBound, strings, type Runner } from '../model/runner';
import { titems, tget, tstr } from '../formats/toml';
import { addJobService, suggestedDindImage } from '../edits/job';

/** The runner maps the name itself (`extra_hosts = ["docker:10.0.0.5"]`, Kubernetes `host_aliases`). */
function runnerMapsHost(r: Runner, host: string): boolean {
  if (strings(r.docker, 'extra_hosts').some((e) => e.value.split(':')[0] === host)) return true;
  for (const t of titems(tget(r.kubernetes, 'host_aliases'))) for (const h of titems(tget(t, 'hostnames'))) if (tstr(h) === host) return true;
  return false;
}

export const rule = ciRule({
  id: 'dind-host-without-service',
  severity: 'error',
  summary: 'DOCKER_HOST names a host that no service of the job provides',
  check(ctx) {
    const view = ctx.runners;
    for (const job of ctx.jobs) {
      const dh = dockerHost(job);
      if (dh.state !== 'set') continue;
      const h = dh.host;
      if (h.scheme !== 'tcp' || !h.host || isLocalHost(h.host) || isIpLiteral(h.host) || h.host.includes('.')) continue;
      const H = h.host;
      if (dindServices(job).length || jobIncomplete(job, ctx.pipeline)) continue;
      if (dh.variable.scope !== 'job' && !usesDockerCli(job)) continue; // a global DOCKER_HOST a non-docker job never uses
      if (view.executor !== 'shell' && hostServed(job, H, view)) continue;
      if (view.runners.some((r) => runnerMapsHost(r, H))) continue;
      const v = dh.variable;
      const shell = view.executor === 'shell';
      const message = shell
        ? `DOCKER_HOST points at tcp://${H}:${h.port ?? ''} but this job runs on a shell runner, where services are not started: the client fails with \`dial tcp: lookup ${H} … no such host\`. Remove DOCKER_HOST to use the host's daemon.`
        : `DOCKER_HOST points at ${h.raw} but this job starts no service reachable as '${H}'. The client fails with \`dial tcp: lookup ${H} on <dns>:53: no such host\` (on Kubernetes too: only service aliases are added to the pod's hostAliases). Add a docker:dind service with \`alias: ${H}\`, or remove DOCKER_HOST if the runner binds the host's Docker socket.`;
      const fixes: ReportFix[] = [];
      const socket = allRunners(view, (r) => r.executor === 'docker' && socketBound(r)) || shell;
      const vtext = ctx.textOf(v.entry.file);
      const map = variablesMapOf(ctx.pipeline, job, v.entry);
      if (vtext !== undefined && map && map.file === v.entry.file && socket) {
        const ed = new YamlEditor(v.entry.file, vtext);
        fixes.push({ title: shell ? 'Remove DOCKER_HOST (the shell runner uses the host daemon)' : 'Remove DOCKER_HOST (the runner binds the host socket)', preferred: true, edits: [ed.removeEntry(map, v.entry)] });
      }
      const jtext = ctx.textOf(job.entry.file);
      if (jtext !== undefined && !shell) {
        const ed = new YamlEditor(job.entry.file, jtext);
        const image = suggestedDindImage(job);
        const item: Record<string, unknown> = { name: image, alias: H };
        if (h.port === 2375) item.variables = { DOCKER_TLS_CERTDIR: '' };
        const edit = addJobService(ed, job, item);
        if (edit) fixes.push({ title: `Add a ${image} service reachable as '${H}'${h.port === 2375 ? ' (TLS off, port 2375)' : ''}`, preferred: !socket, edits: [edit] });
      }
      ctx.report({ at: valueSpan(v.valueNode), message, fixes, related: [{ at: keySpan(job.entry), message: `job '${job.name}' has no service named '${H}'` }] });
    }
  },
});
