import { ciRule, type CiContext, type ReportFix, clip, thenNote } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { entry, get, items, str, type YValue } from '../formats/yaml';
import { addJobService } from '../edits/job';
import { jobIncomplete, providesOwnDaemon } from '../model/daemon';
import { defaultAliases, isDindImage, parseImageRef, splitAliases } from '../model/docker';
import { dindServices, dockerCommands, dockerHost, effVar, jobImageIsOfficialDocker } from '../model/facts';
import { newDindInfos } from '../edits/dind-setup';
import { inheritedHookCall } from '../model/docker-cli';
import { keySpan, valueSpan, type Job } from '../model/pipeline';

interface DefaultDind { name: string; node: YValue; aliases: string[] }

/** dind services listed in `default:` (or the deprecated top-level `services:`), with the names they answer to. */
function defaultDind(v: YValue | undefined): DefaultDind[] {
  const out: DefaultDind[] = [];
  for (const it of items(v)) {
    const name = it.kind === 'scalar' ? str(it) : str(get(it, 'name'));
    if (!name || name.includes('$')) continue;
    const ref = parseImageRef(name);
    if (!isDindImage(ref)) continue;
    out.push({ name, node: it, aliases: [...(defaultAliases(ref) ?? []), ...splitAliases(str(get(it, 'alias')) ?? '')] });
  }
  return out;
}

/** A plain copy of a YAML value (scalars, lists, maps), for re-rendering a service item; undefined for `!reference`. */
function plain(v: YValue): unknown {
  if (v.kind === 'scalar') return v.value;
  if (v.kind === 'seq') { const a = v.items.map(plain); return a.includes(undefined) ? undefined : a; }
  if (v.kind === 'map') {
    const o: Record<string, unknown> = {};
    for (const [k, e] of v.entries) { const x = plain(e.value); if (x === undefined) return undefined; o[k] = x; }
    return o;
  }
  return undefined;
}

function inheritsServices(job: Job): boolean {
  const d = job.inheritsDefault;
  return d === true || (Array.isArray(d) && d.includes('services'));
}

function check(ctx: CiContext): void {
  if (ctx.runners.executor === 'shell') return;
  const defaults = defaultDind(ctx.pipeline.defaults.get('services')?.value);
  if (!defaults.length) return;
  for (const job of ctx.jobs) {
    const own = entry(job.config, 'services');
    const source = job.keySource.get('services');
    if (!own || (source !== 'own' && source !== 'extends') || !inheritsServices(job)) continue;
    if (dindServices(job).length || !dockerCommands(job).some((c) => !inheritedHookCall(c)) || providesOwnDaemon(job) || jobIncomplete(job, ctx.pipeline)) continue;
    const dh = dockerHost(job);
    if (dh.state !== 'set' || dh.host.scheme !== 'tcp' || !dh.host.host) continue;
    const host = dh.host.host;
    const dind = defaults.find((d) => d.aliases.includes(host));
    if (!dind || job.services.some((s) => (s.aliases ?? []).includes(host))) continue;
    const fixes: ReportFix[] = [];
    const text = ctx.textOf(job.entry.file);
    const item = plain(dind.node);
    if (text !== undefined && item !== undefined) {
      const edit = addJobService(new YamlEditor(job.entry.file, text), job, item);
      // the TLS client variables come from the image entrypoint on the Docker executor only (dind-tls-client-env-missing)
      const executor = ctx.runners.executor;
      const noVars = dh.host.port === 2376 && effVar(job, 'DOCKER_TLS_VERIFY').state === 'unset' && !(executor === 'docker' && jobImageIsOfficialDocker(job));
      if (edit) fixes.push({ kind: 'suggestion', title: `Add ${dind.name} to the job's services${thenNote(noVars && 'dind-tls-client-env-missing', ...newDindInfos(executor === 'kubernetes'))}`, edits: [edit] });
    }
    ctx.report({
      at: keySpan(own),
      message: `Job '${clip(job.name, 24)}' replaces default services: dind '${clip(dind.name, 24)}' is not started. Job '${job.name}' lists its own services:, which replaces the default list instead of adding to it, so the dind service '${dind.name}' from default: is not started for this job. DOCKER_HOST still points at ${dh.host.raw}: docker fails with \`Cannot connect to the Docker daemon\` / \`no such host\`. List every service the job needs, including ${dind.name}.`,
      related: [{ at: valueSpan(dind.node), message: 'dind service defined in default:' }],
      fixes,
    });
  }
}

export const rule = ciRule({
  id: 'job-services-override-drops-dind',
  severity: 'error',
  summary: 'A job\'s own services: replaces the default list and drops its dind service while the job still talks to it',
  check,
});
