import { ciRule, type ReportFix, type RunnerView, clip, thenNote } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { get, items } from '../formats/yaml';
import { isDindImage, isDockerLibraryImage } from '../model/docker';
import { dindServices, dockerCommands, dockerHost, dockerSubcommand, effVar } from '../model/facts';
import { jobIncomplete, maybeDaemonService, runnerDindService, runnerSetsVar, providesOwnDaemon } from '../model/daemon';
import { needsDaemon } from '../model/docker-cli';
import type { Job } from '../model/pipeline';
import { isDockerSocketPath, socketBound, type Runner } from '../model/runner';
import { allowListLeavesOut, newDindInfos, tlsDindSetup } from '../edits/dind-setup';

function maybeDaemonServiceIn(job: Job): boolean { return job.services.some(maybeDaemonService); }

/** A runner in view can give the job a daemon without the YAML saying so. */
function runnerProvides(r: Runner): boolean {
  return r.executor === 'shell' || r.executor === 'other' || socketBound(r) || runnerDindService(r) || runnerSetsVar(r, 'DOCKER_HOST') || runnerSetsVar(r, 'DOCKER_CONTEXT');
}

/** Job tags that name a runner providing a daemon (`socket-binding-docker-runner`, `shell`, `dind`…). */
function tagsHint(job: Job): boolean {
  const tags = get(job.config, 'tags');
  return items(tags).some((t) => t.kind !== 'scalar' || /socket|shell|dind|dood|docker-host|host-docker/i.test(t.text));
}

function addDindFix(ctx: { textOf(f: string): string | undefined }, job: Job, view: RunnerView, otherDind: readonly string[]): ReportFix | undefined {
  const file = job.entry.file;
  const text = ctx.textOf(file);
  if (text === undefined) return undefined;
  const setup = tlsDindSetup(new YamlEditor(file, text), job, view.runners, view.executor === 'kubernetes');
  if (!setup) return undefined;
  return {
    title: `Add a ${setup.image} service with TLS (DOCKER_HOST tcp://docker:2376)${setup.cliImage ? `, job image ${setup.cliImage}` : ''}${setup.runnerEdits.length ? `, with the runner settings dind needs in ${setup.where}` : ''}${thenNote(allowListLeavesOut(setup.runnerEdits, otherDind) && 'dind-not-in-allowed-privileged-services', ...newDindInfos(view.executor === 'kubernetes'))}`,
    preferred: true,
    edits: [...setup.edits, ...setup.runnerEdits],
  };
}

export const rule = ciRule({
  id: 'docker-cli-without-daemon',
  severity: 'error',
  summary: 'The job runs docker commands but nothing provides a Docker daemon',
  check(ctx) {
    const view = ctx.runners;
    const known = view.runners.length > 0;
    if (known && view.runners.some(runnerProvides)) return;
    if (!known && (view.assumedExecutor === 'shell' || view.assumedExecutor === 'other')) return;
    for (const job of ctx.jobs) {
      const cmds = dockerCommands(job).filter(needsDaemon);
      if (cmds.length === 0 || jobIncomplete(job, ctx.pipeline)) continue;
      if (!known && (!job.image || tagsHint(job))) continue; // no image: a shell runner is likely; tags naming the setup
      if (job.image && /windowsservercore|nanoserver|windows/.test(job.image.ref.raw)) continue; // Windows runners: named pipes, other rules
      if (maybeDaemonServiceIn(job) || providesOwnDaemon(job)) continue;
      // the dind image as job image on a known runner: job-image-dind-without-daemon says it better
      if (known && job.image && isDockerLibraryImage(job.image.ref) && isDindImage(job.image.ref)) continue;
      if (effVar(job, 'DOCKER_CONTEXT').state !== 'unset') continue;
      const dh = dockerHost(job);
      if (dh.state === 'unknown') continue;
      if (dh.state === 'set' && !(dh.host.scheme === 'unix' && isDockerSocketPath(dh.host.path))) continue;
      if (!known && dh.state === 'set') continue;
      const c = cmds[0];
      const sub = dockerSubcommand(c);
      const shown = `${c.words[0].text}${sub ? ' ' + sub : ''}`;
      const span = { file: c.line.node.file, start: c.words[0].start, end: c.words[0].end };
      const guessed = view.executor === 'docker' && dh.state === 'unset' && job.image !== undefined && isDockerLibraryImage(job.image.ref) && !job.image.entrypoint;
      const why = guessed ? 'error during connect: … dial tcp: lookup docker … no such host' : 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
      const noDaemon = `the job has no dind service and DOCKER_HOST ${dh.state === 'set' ? 'names only the local Unix socket' : 'is not set'}`;
      const message = known
        ? `\`${clip(shown, 24)}\` has no Docker daemon to talk to (no dind service, no socket): it fails. This job runs \`${shown}\` but nothing provides a Docker daemon: ${noDaemon}, and the runner neither binds the host's Docker socket nor adds a dind service. It fails with \`${why}\`${guessed ? ' (the docker image\'s entrypoint guesses tcp://docker:2375)' : ''}. Add a docker:dind service with DOCKER_HOST, or build without a daemon (BuildKit rootless, Buildah).`
        : `\`${clip(shown, 24)}\` may have no Docker daemon (no dind service, no DOCKER_HOST): it may fail. This job runs \`${shown}\` but ${noDaemon}. Unless the runner binds the host's Docker socket, adds a dind service in config.toml or is a shell runner, it fails with \`${why}\` (on Kubernetes the node's socket is never in the pod; with the official docker image on the Docker executor you get \`lookup docker … no such host\`). Add a docker:dind service, or build without a daemon (BuildKit rootless, Buildah).`;
      const fix = addDindFix(ctx, job, view, ctx.jobs.flatMap((j) => dindServices(j).map((s) => s.name)));
      if (known && dh.state === 'set' && view.runners.every((r) => r.executor === 'docker')) {
        // DOCKER_HOST names the host's socket: the job was written for a socket-binding runner (the build-strategy
        // picker writes such jobs). The runner configs in view do not bind it, but which runner picks the job up is
        // decided by tags and registration, not by this folder: say less
        ctx.report({
          at: span, severity: 'info',
          headline: `\`${clip(shown, 24)}\` expects a runner that binds the host's Docker socket; none in view does.`,
          message: `DOCKER_HOST names the host's Docker socket (unix:///var/run/docker.sock), so this job is written for a Docker runner that binds the socket ("/var/run/docker.sock:/var/run/docker.sock" in [runners.docker] volumes), and no runner config in view does. If the job runs on one of them it fails with \`Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\`: bind the socket there, or select a socket-binding runner with the job's tags.`,
          fixes: fix ? [{ ...fix, preferred: false, title: fix.title.replace(/( \(then reported: [^)]*\))?$/, ", instead of the host's socket$1") }] : undefined,
        });
        continue;
      }
      ctx.report({ at: span, message, severity: known ? 'error' : 'warning', fixes: fix ? [fix] : undefined });
    }
  },
});
