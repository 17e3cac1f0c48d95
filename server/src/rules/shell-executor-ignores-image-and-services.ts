import { ciRule, type CiContext, type ReportFix, clip } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { effVar } from '../model/facts';
import { jobIncomplete, ownMap } from '../model/daemon';
import { valueSpan, type Job } from '../model/pipeline';
import { shellExecutorEntries } from '../model/shell-runner';

/** Removing the job's own key, when nothing (a default, a parent) would take its place and no variable still points at it. */
function removeFix(ctx: CiContext, job: Job, key: 'image' | 'services'): ReportFix | undefined {
  if (job.keySource.get(key) !== 'own' || ctx.pipeline.defaults.has(key)) return undefined;
  if (key === 'services' && effVar(job, 'DOCKER_HOST').state !== 'unset') return undefined; // DOCKER_HOST would then name nothing
  const map = ownMap(job);
  const entry = map?.entries.get(key);
  const text = ctx.textOf(job.entry.file);
  if (!map || !entry || text === undefined || map.file !== job.entry.file) return undefined;
  return { kind: 'suggestion', title: `Remove \`${key}:\` (the shell executor ignores it)`, edits: [new YamlEditor(job.entry.file, text).removeEntry(map, entry)] };
}

export const rule = ciRule({
  id: 'shell-executor-ignores-image-and-services',
  severity: 'warning',
  summary: 'The shell executor ignores `image:` and `services:`',
  check(ctx) {
    const view = ctx.runners;
    if (view.executor !== 'shell') return;
    const related = shellExecutorEntries(view);
    for (const job of ctx.jobs) {
      if (jobIncomplete(job, ctx.pipeline)) continue;
      if (job.image) {
        const fix = removeFix(ctx, job, 'image');
        ctx.report({
          at: valueSpan(job.image.node),
          message: `The shell executor ignores image: '${clip(job.image.ref.raw, 30)}': the job runs on the host. The shell executor ignores \`image:\` (${job.image.ref.raw} is never pulled): the job runs directly on the runner's host as the gitlab-runner user, with only the tools installed there (docker commands reach the host's own Docker daemon). Remove \`image:\`, or run the job on a Docker or Kubernetes runner (tags:).`,
          related, fixes: fix ? [fix] : [],
        });
      }
      if (job.services.length) {
        const first = job.services[0];
        const fix = removeFix(ctx, job, 'services');
        const names = job.services.map((s) => s.name).join(', ');
        ctx.report({
          at: valueSpan(first.node),
          message: `The shell executor starts no services: ${clip(names, 40)} never run. The shell executor starts no service containers: ${names} ${job.services.length > 1 ? 'are' : 'is'} never started, so nothing answers on the service host names, and docker commands run against the host's Docker daemon as the gitlab-runner user. Remove \`services:\`, or run the job on a Docker or Kubernetes runner (tags:).`,
          related, fixes: fix ? [fix] : [],
        });
      }
    }
  },
});
