import { ciRule, type CiContext, type ReportFix, clip } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { entry } from '../formats/yaml';
import { YamlEditor } from '../formats/yaml-edit';
import { ownMap } from '../model/daemon';
import { dindServices, dockerCommands } from '../model/facts';
import { keySpan, valueSpan, type Job } from '../model/pipeline';

/** The job itself (not its inherited default scripts) talks to a Docker daemon, or may. */
function usesDaemon(job: Job): boolean {
  if (dockerCommands(job).some((c) => c.line.source !== 'default')) return true;
  const host = job.variables.get('DOCKER_HOST');
  if (host && host.scope === 'job') return true;
  return [...job.variables.keys()].some((k) => k.startsWith('TESTCONTAINERS'));
}

export const rule = ciRule({
  id: 'dind-on-every-job',
  severity: 'info',
  summary: 'A dind service in default:/top-level services starts in jobs that never use Docker',
  check(ctx) {
    const de = ctx.pipeline.defaults.get('services');
    if (!de) return;
    const unused = new Map<string, { job: Job; svc: NonNullable<Job['services'][number]> }[]>();
    for (const job of ctx.jobs) {
      if (job.partial || job.keySource.get('services') !== 'default') continue;
      const svc = dindServices(job).find((s) => s.nameNode);
      if (!svc || usesDaemon(job)) continue;
      const key = `${svc.nameNode!.file}:${svc.nameNode!.start}`;
      if (!unused.has(key)) unused.set(key, []);
      unused.get(key)!.push({ job, svc });
    }
    for (const list of unused.values()) {
      const svc = list[0].svc;
      const jobs = list.map((x) => x.job);
      const names = jobs.map((j) => j.name);
      const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')}, …` : names.join(', ');
      const from = de.key === 'services' && ctx.pipeline.config.entries.get('services') === de ? 'top-level `services:`' : '`default: services`';
      const fixes: ReportFix[] = [];
      const fix = inheritFix(ctx, jobs);
      if (fix) fixes.push(fix);
      ctx.report({
        at: valueSpan(svc.nameNode!),
        message: `${names.length === 1 ? `Job '${clip(names[0], 30)}'` : `${names.length} jobs`} start${names.length === 1 ? 's' : ''} the dind service '${clip(svc.name, 24)}' without using it. ${names.length === 1 ? 'Job' : `${names.length} jobs`} (${shown}) inherit${names.length === 1 ? 's' : ''} the dind service '${svc.name}' from ${from} but run no docker command of their own: each starts a privileged dind sidecar it never uses (slower start, more CPU and memory). Keep the service for the Docker jobs only (a hidden template used through \`extends\`), or stop the others from inheriting it with \`inherit: default:\`. If a job uses the daemon indirectly (Testcontainers, a build script), keep it there.`,
        related: jobs.map((j) => ({ at: keySpan(j.entry), message: `'${j.name}' inherits the dind service and runs no docker command` })),
        fixes,
      });
    }
  },
});

function inheritFix(ctx: CiContext, jobs: Job[]): ReportFix | undefined {
  // default scripts that run docker would fail without the daemon: they are not inherited either
  const dropped = new Set<string>();
  for (const j of jobs) for (const c of dockerCommands(j)) if (c.line.source === 'default') dropped.add(c.line.section);
  const keep = [...ctx.pipeline.defaults.keys()].filter((k) => k !== 'services' && !dropped.has(k));
  const edits: SpanEdit[] = [];
  for (const j of jobs) {
    const map = ownMap(j);
    if (!map || entry(j.config, 'inherit') || map.file !== j.entry.file) return undefined;
    const text = ctx.textOf(map.file);
    if (text === undefined || map.entries.size === 0) return undefined;
    const ed = new YamlEditor(map.file, text);
    const value = keep.length ? `[${keep.join(', ')}]` : 'false';
    if (map.flow) { const close = text.lastIndexOf('}', map.end); edits.push({ file: map.file, start: close, end: close, newText: `, inherit: { default: ${value} }${text[close - 1] === ' ' ? ' ' : ''}` }); continue; }
    const last = [...map.entries.values()].filter((e) => e.file === map.file).sort((a, b) => b.keyStart - a.keyStart)[0];
    const col = ed.column(last.keyStart);
    let end = Math.max(last.value.end, last.keyEnd);
    while (end > last.keyEnd && /\s/.test(text[end - 1])) end--;
    const at = ed.lines.lineEnd(ed.lines.position(end).line);
    edits.push({ file: map.file, start: at, end: at, newText: `${ed.eol}${' '.repeat(col)}inherit:${ed.eol}${' '.repeat(col + ed.step)}default: ${value}` });
  }
  if (!edits.length) return undefined;
  const also = [...dropped].sort().join(' and ');
  return {
    title: `Stop inheriting the dind service${also ? ` (and the ${also} that runs docker)` : ''} in ${jobs.length === 1 ? `'${jobs[0].name}'` : `${jobs.length} jobs`}: inherit: default: ${keep.length ? `[${keep.join(', ')}]` : 'false'}`,
    preferred: dropped.size === 0,
    edits,
  };
}
