import { ciRule, type ReportFix, type RunnerView } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { get, items } from '../formats/yaml';
import { insertKeys, insertTable, tentry, type TArray } from '../formats/toml';
import { isDindImage, isDockerLibraryImage } from '../model/docker';
import { dockerCommands, dockerHost, dockerSubcommand, effVar } from '../model/facts';
import { jobIncomplete, runnerDindService, runnerSetsVar, providesOwnDaemon } from '../model/daemon';
import { needsDaemon } from '../model/docker-cli';
import type { Job } from '../model/pipeline';
import { dockerVolumes, isDockerSocketPath, k8sVolumes, socketBound, type Runner } from '../model/runner';
import { addJobService, addJobVariables, suggestedDindImage } from '../edits/job';
import { appendTomlArray } from '../edits/runner';
import { mergeSameOffset } from '../edits/merge';

/** A service that may run a daemon even if we cannot tell (variables, custom docker/dind/buildkit images). */
function maybeDaemonService(job: Job): boolean {
  return job.services.some((s) => s.ref.hasVariables || isDindImage(s.ref) || isDockerLibraryImage(s.ref) || /docker|dind|buildkit|podman/.test(s.ref.name));
}

/** A runner in view can give the job a daemon without the YAML saying so. */
function runnerProvides(r: Runner): boolean {
  return r.executor === 'shell' || r.executor === 'other' || socketBound(r) || runnerDindService(r) || runnerSetsVar(r, 'DOCKER_HOST') || runnerSetsVar(r, 'DOCKER_CONTEXT');
}

/** Job tags that name a runner providing a daemon (`socket-binding-docker-runner`, `shell`, `dind`…). */
function tagsHint(job: Job): boolean {
  const tags = get(job.config, 'tags');
  return items(tags).some((t) => t.kind !== 'scalar' || /socket|shell|dind|dood|docker-host|host-docker/i.test(t.text));
}

function certsVolumeEdit(r: Runner): SpanEdit | undefined {
  const doc = r.doc;
  if (r.executor === 'docker') {
    if (!r.docker || r.docker.style !== 'header') return undefined;
    if (dockerVolumes(r).some((v) => v.container === '/certs/client' || v.container === '/certs')) return undefined;
    const e = tentry(r.docker, 'volumes');
    if (e) return e.value.kind === 'array' ? appendTomlArray(doc, e.value as TArray, '"/certs/client"') : undefined;
    return insertKeys(doc, r.docker, ['volumes = ["/certs/client"]']);
  }
  if (r.executor === 'kubernetes') {
    if (!r.kubernetes || r.kubernetes.style !== 'header') return undefined;
    if (k8sVolumes(r).some((v) => v.mountPath === '/certs/client' || v.mountPath === '/certs')) return undefined;
    return insertTable(doc, r.kubernetes, '[[runners.kubernetes.volumes.empty_dir]]', ['name = "docker-certs"', 'mount_path = "/certs/client"', 'medium = "Memory"']);
  }
  return undefined;
}

function addDindFix(ctx: { textOf(f: string): string | undefined }, job: Job, view: RunnerView): ReportFix | undefined {
  const file = job.entry.file;
  const text = ctx.textOf(file);
  if (text === undefined) return undefined;
  const ed = new YamlEditor(file, text);
  const image = suggestedDindImage(job);
  const k8s = view.executor === 'kubernetes';
  const item: Record<string, unknown> = { name: image, alias: 'docker' };
  if (k8s) item.variables = { HEALTHCHECK_TCP_PORT: '2376' };
  const svcEdit = addJobService(ed, job, item);
  const varEdits = addJobVariables(ed, job, [['DOCKER_HOST', 'tcp://docker:2376'], ['DOCKER_TLS_CERTDIR', '/certs'], ['DOCKER_TLS_VERIFY', '1'], ['DOCKER_CERT_PATH', '$DOCKER_TLS_CERTDIR/client']]);
  if (!svcEdit || !varEdits) return undefined;
  const edits = mergeSameOffset([svcEdit, ...varEdits]);
  const runnerEdits = view.runners.map(certsVolumeEdit).filter((e): e is SpanEdit => !!e);
  const where = view.runners.length ? (view.runners.some((r) => r.helm) ? 'the Helm values' : 'config.toml') : '';
  return {
    title: `Add a ${image} service with TLS (DOCKER_HOST tcp://docker:2376)${runnerEdits.length ? ` and share /certs/client in ${where}` : ''}`,
    preferred: true,
    edits: [...edits, ...runnerEdits],
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
      if (maybeDaemonService(job) || providesOwnDaemon(job)) continue;
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
        ? `This job runs \`${shown}\` but nothing provides a Docker daemon: ${noDaemon}, and the runner neither binds the host's Docker socket nor adds a dind service. It fails with \`${why}\`${guessed ? ' (the docker image\'s entrypoint guesses tcp://docker:2375)' : ''}. Add a docker:dind service with DOCKER_HOST, or build without a daemon (BuildKit rootless, Buildah).`
        : `This job runs \`${shown}\` but ${noDaemon}. Unless the runner binds the host's Docker socket, adds a dind service in config.toml or is a shell runner, it fails with \`${why}\` (on Kubernetes the node's socket is never in the pod; with the official docker image on the Docker executor you get \`lookup docker … no such host\`). Add a docker:dind service, or build without a daemon (BuildKit rootless, Buildah).`;
      const fix = addDindFix(ctx, job, view);
      ctx.report({ at: span, message, severity: known ? 'error' : 'warning', fixes: fix ? [fix] : undefined });
    }
  },
});
