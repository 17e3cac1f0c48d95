import { runnerRule } from '../engine/rule';
import { dockerCommands, dockerHost, effVar } from '../model/facts';
import { jobIncomplete } from '../model/daemon';
import type { Job, Pipeline } from '../model/pipeline';
import { executorSpan } from '../model/shell-runner';

/** The job's docker commands go to the local daemon (no DOCKER_HOST elsewhere, no context): the socket the docker group opens. */
function usesLocalDaemon(job: Job, pipeline: Pipeline): boolean {
  if (jobIncomplete(job, pipeline) || !dockerCommands(job).length) return false;
  if (effVar(job, 'DOCKER_CONTEXT').state !== 'unset') return false;
  const dh = dockerHost(job);
  return dh.state === 'unset' || (dh.state === 'set' && dh.host.scheme === 'unix');
}

export const rule = runnerRule({
  id: 'shell-executor-docker-group-root',
  severity: 'warning',
  summary: 'Shell-executor jobs that run docker need gitlab-runner in the docker group: root on the host',
  check(ctx) {
    const runners = ctx.config.runners;
    // another executor in the same config may be the one that takes the docker jobs (tags are not in config.toml)
    if (!runners.length || runners.some((r) => r.executor !== 'shell')) return;
    let found: { job: Job; pipeline: Pipeline } | undefined;
    for (const p of ctx.pipelines()) {
      const job = p.jobs.find((j) => usesLocalDaemon(j, p));
      if (job) { found = { job, pipeline: p }; break; }
    }
    if (!found) return;
    const cmd = dockerCommands(found.job)[0];
    for (const r of runners) {
      const at = executorSpan(r);
      if (!at) continue;
      ctx.report({
        at,
        message: `Shell jobs use the host's docker, which needs the docker group: root on the host for every job. Jobs on this shell runner run docker against the host's daemon (job '${found.job.name}'), which works only when the gitlab-runner user is in the docker group: that membership is root on the host (\`docker run -v /:/host …\`), so every job of every project that can use this runner gets it. Keep the runner to one trusted project on a dedicated machine, or build on a Docker or Kubernetes runner with Docker-in-Docker or a rootless builder.`,
        related: [{ at: { file: cmd.line.node.file, start: cmd.words[0].start, end: cmd.words[0].end }, message: `job '${found.job.name}' runs docker here` }],
      });
    }
  },
});
