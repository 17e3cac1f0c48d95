import { ciRule, stepDue, type ReportFix, clip, thenNote } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import type { SpanEdit } from '../engine/types';
import { dns1123Name, isDns1123, isIpLiteral, isLocalHost } from '../model/docker';
import { dindServices, dockerHost, usesDockerCli } from '../model/facts';
import { allRunners, hostServed, jobIncomplete, maybeDaemonService, serviceAliases, variablesMapOf } from '../model/daemon';
import { keySpan, valueSpan, type Job, type Service } from '../model/pipeline';
import { socketBound, strings, type Runner } from '../model/runner';
import { titems, tget, tstr } from '../formats/toml';
import { allowListLeavesOut, newDindInfos, tlsDindSetup } from '../edits/dind-setup';
import { setServiceAlias } from '../edits/service';

/** The runner maps the name itself (`extra_hosts = ["docker:10.0.0.5"]`, Kubernetes `host_aliases`). */
function runnerMapsHost(r: Runner, host: string): boolean {
  if (strings(r.docker, 'extra_hosts').some((e) => e.value.split(':')[0] === host)) return true;
  for (const t of titems(tget(r.kubernetes, 'host_aliases'))) for (const h of titems(tget(t, 'hostnames'))) if (tstr(h) === host) return true;
  return false;
}

/** The service of the job that probably is its daemon (a docker/dind-like image we can read), if any. */
function daemonCandidate(job: Job): Service | undefined {
  return job.services.find((s) => !s.ref.hasVariables && maybeDaemonService(s) && s.nameNode !== undefined);
}

/**
 * The host name to use for `host`: itself, or on the Kubernetes executor (which rejects aliases that are not
 * DNS-1123 names) the service's own DNS-1123 default alias for it (`a__b` → `a-b`), else its DNS-1123 spelling.
 */
function usableHost(host: string, k8s: boolean, svc?: Service): string {
  if (!k8s || isDns1123(host)) return host;
  const dashed = host.replace(/__/g, '-');
  if (svc && serviceAliases(svc, true).includes(dashed)) return dashed;
  return dns1123Name(host);
}

export const rule = ciRule({
  id: 'dind-host-without-service',
  severity: 'error',
  summary: 'DOCKER_HOST names a host that no service of the job provides',
  *check(ctx) {
    const view = ctx.runners;
    let i = 0;
    for (const job of ctx.jobs) {
      if (stepDue(i++)) yield; // in steps: a big pipeline's jobs are many
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
      const k8s = view.executor === 'kubernetes';
      const candidate = shell ? undefined : daemonCandidate(job);
      const use = usableHost(H, k8s, candidate);
      const renamed = use !== H ? ` ('${H}' is not a valid DNS-1123 name, which the Kubernetes executor requires of every alias: point DOCKER_HOST at '${use}')` : '';
      const advice = candidate
        ? (serviceAliases(candidate, k8s).includes(use) ? `Point DOCKER_HOST at '${use}', the host name service '${candidate.name}' has on this executor` : `Give service '${candidate.name}' \`alias: ${use}\`${renamed}`)
        : `Add a docker:dind service with \`alias: ${use}\`${renamed}`;
      const message = shell
        ? `DOCKER_HOST names '${clip(H, 30)}', but a shell runner starts no services: host not found. DOCKER_HOST points at tcp://${H}:${h.port ?? ''} but this job runs on a shell runner, where services are not started: the client fails with \`dial tcp: lookup ${H} … no such host\`. Remove DOCKER_HOST to use the host's daemon.`
        : `DOCKER_HOST names '${clip(H, 30)}', but no service of this job has that name: host not found. DOCKER_HOST points at ${h.raw} but this job starts no service reachable as '${H}'. The client fails with \`dial tcp: lookup ${H} on <dns>:53: no such host\` (on Kubernetes too: only service aliases are added to the pod's hostAliases). ${advice}, or remove DOCKER_HOST if the runner binds the host's Docker socket.`;
      const fixes: ReportFix[] = [];
      const socket = allRunners(view, (r) => r.executor === 'docker' && socketBound(r)) || shell;
      const vtext = ctx.textOf(v.entry.file);
      const map = variablesMapOf(ctx.pipeline, job, v.entry);
      const inJob = v.scope === 'job' ? '' : ` in job '${job.name}'`;
      if (vtext !== undefined && map && map.file === v.entry.file && socket) {
        const ed = new YamlEditor(v.entry.file, vtext);
        fixes.push({ title: shell ? 'Remove DOCKER_HOST (the shell runner uses the host daemon)' : 'Remove DOCKER_HOST (the runner binds the host socket)', preferred: true, edits: [ed.removeEntry(map, v.entry)] });
      }
      const jtext = ctx.textOf(job.entry.file);
      if (jtext !== undefined && candidate && vtext !== undefined) {
        // never a second daemon beside one the job has: give that service the host name DOCKER_HOST uses
        const edits: SpanEdit[] = [];
        const served = serviceAliases(candidate, k8s).includes(use);
        if (!served) {
          const sed = new YamlEditor(candidate.node.file, ctx.textOf(candidate.node.file) ?? '');
          const aliasText = [...candidate.explicitAliases.map((a) => a.alias), use].join(',');
          const e = setServiceAlias(sed, candidate, aliasText);
          if (e) edits.push(e);
        }
        const hostEdit = use !== H ? new YamlEditor(v.valueNode.file, vtext).replaceInScalar(v.valueNode, `//${H}`, `//${use}`) : undefined;
        if (hostEdit) edits.push(hostEdit);
        if (edits.length === (served ? 0 : 1) + (use !== H ? 1 : 0) && edits.length > 0) {
          const title = served ? `Point DOCKER_HOST at '${use}' (service '${candidate.name}')${inJob}`
            : `Add \`alias: ${use}\` to service '${candidate.name}'${inJob}${use !== H ? ` and point DOCKER_HOST at '${use}'` : ''}`;
          fixes.push({ title, preferred: !socket, edits });
        }
      } else if (jtext !== undefined && !socket) {
        // not on a runner that binds the host socket: a dind service there is a second daemon (and needs privileges)
        const setup = tlsDindSetup(new YamlEditor(job.entry.file, jtext), job, view.runners, k8s, use);
        const otherDind = ctx.jobs.flatMap((j) => dindServices(j).map((s) => s.name));
        if (setup) {
          fixes.push({
            title: `Add a ${setup.image} service with TLS reachable as '${use}'${inJob} (DOCKER_HOST tcp://${use}:2376)${setup.cliImage ? `, job image ${setup.cliImage}` : ''}${setup.runnerEdits.length ? `, with the runner settings dind needs in ${setup.where}` : ''}${thenNote(allowListLeavesOut(setup.runnerEdits, otherDind) && 'dind-not-in-allowed-privileged-services', ...newDindInfos(k8s))}`,
            preferred: !socket,
            edits: [...setup.edits, ...setup.runnerEdits],
          });
        }
      }
      ctx.report({ at: valueSpan(v.valueNode), message, fixes, related: [{ at: keySpan(job.entry), message: `job '${job.name}' has no service named '${H}'` }] });
    }
  },
});
