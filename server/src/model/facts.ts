/**
 * Derived facts about a job's Docker setup, shared by the rules. Each answer is
 * three-valued where the YAML cannot tell: `undefined` means unknown, and rules stay quiet on unknown.
 */
import { dockerVersion, isDindImage, isDockerLibraryImage, parseDockerHost, versionLess, type DockerHost } from './docker';
import { jobCommands, type Job, type JobCommand, type Service, type Variable } from './pipeline';

export type VarState = { state: 'set'; variable: Variable; value: string | undefined } | { state: 'unset' } | { state: 'unknown' };

/** A job variable by YAML precedence (job > global); unknown when absent from a partially known pipeline. */
export function effVar(job: Job, name: string): VarState {
  const v = job.variables.get(name);
  if (v) return { state: 'set', variable: v, value: v.value };
  return job.partial ? { state: 'unknown' } : { state: 'unset' };
}

/** The value a service container sees: service `variables:` > job > global. */
export function svcVar(job: Job, svc: Service, name: string): VarState {
  const v = svc.variables.get(name);
  if (v) return { state: 'set', variable: v, value: v.value };
  return effVar(job, name);
}

export function dindServices(job: Job): Service[] { return job.services.filter((s) => isDindImage(s.ref)); }

export interface TlsState {
  /** TLS on, off, or unknown. */
  on: boolean | undefined;
  /** The variable that decided, when one did. */
  variable?: Variable;
  certDir?: string;
}

/**
 * Whether the dind service's daemon listens with TLS: decided by `DOCKER_TLS_CERTDIR` as the service sees it, else
 * by the official image's default (TLS on in /certs from 19.03; https://hub.docker.com/_/docker).
 */
export function tlsOn(job: Job, svc: Service): TlsState {
  const v = svcVar(job, svc, 'DOCKER_TLS_CERTDIR');
  if (v.state === 'set') {
    if (v.value === undefined || v.value.includes('$')) return { on: undefined, variable: v.variable };
    return { on: v.value !== '', variable: v.variable, certDir: v.value || undefined };
  }
  if (v.state === 'unknown') return { on: undefined };
  if (!isDockerLibraryImage(svc.ref)) return { on: undefined };
  const ver = dockerVersion(svc.ref);
  if (ver && versionLess(ver, 19, 3)) return { on: false };
  return { on: true, certDir: '/certs' }; // also for a tag with variables: every maintained dind tag defaults to TLS
}

export type HostState = { state: 'set'; host: DockerHost; variable: Variable } | { state: 'unset' } | { state: 'unknown'; variable?: Variable };

/** The job's `DOCKER_HOST`, parsed: set, unset (or empty), or unknown. */
export function dockerHost(job: Job): HostState {
  const v = effVar(job, 'DOCKER_HOST');
  if (v.state === 'unset') return { state: 'unset' };
  if (v.state === 'unknown') return { state: 'unknown' };
  if (v.value === undefined || v.value === '') return v.value === '' ? { state: 'unset' } : { state: 'unknown', variable: v.variable };
  const host = parseDockerHost(v.value);
  return host ? { state: 'set', host, variable: v.variable } : { state: 'unknown', variable: v.variable };
}

const DOCKER_COMMANDS = new Set(['docker', 'docker-compose']);

const dockerCommandsMemo = new WeakMap<Job, JobCommand[]>();
/** Commands of the job that run the Docker CLI (`docker`, `docker-compose`, with or without a path). */
export function dockerCommands(job: Job): JobCommand[] {
  let hit = dockerCommandsMemo.get(job);
  if (!hit) { hit = dockerCommandsOf(job); dockerCommandsMemo.set(job, hit); }
  return hit;
}

function dockerCommandsOf(job: Job): JobCommand[] {
  return jobCommands(job).filter((c) => {
    const w = c.words[0]?.text;
    return w !== undefined && (DOCKER_COMMANDS.has(w) || /\/docker(-compose)?$/.test(w));
  });
}

export function usesDockerCli(job: Job): boolean { return dockerCommands(job).length > 0; }

/**
 * The docker CLI's global options that take a value as the next word (`docker --host tcp://x:2376 build …`;
 * https://docs.docker.com/reference/cli/docker/#options).
 */
export const DOCKER_GLOBAL_VALUE_FLAGS = /^(-H|--host|--context|-c|--config|--log-level|-l|--tlscacert|--tlscert|--tlskey)$/;

/** Index of the first word after the docker CLI's global options (the subcommand), from word `from` on. */
export function afterGlobalFlags(words: readonly string[], from = 1): number {
  let i = from;
  while (i < words.length && words[i].startsWith('-')) i += DOCKER_GLOBAL_VALUE_FLAGS.test(words[i]) ? 2 : 1;
  return i;
}

/** The Docker subcommand of a docker command line (`build` for `docker build`, `buildx build` kept as `buildx`). */
export function dockerSubcommand(c: JobCommand): string | undefined {
  return c.words[afterGlobalFlags(c.words.map((w) => w.text))]?.text;
}

/**
 * The job builds or pushes images with the Docker CLI (`docker build`, `docker push`, `docker buildx …`): the jobs
 * the build-strategy picker and the job conversions are offered on.
 */
export function isDockerBuildJob(job: Job): boolean {
  return dockerCommands(job).some((c) => ['build', 'push', 'buildx'].includes(dockerSubcommand(c) ?? ''));
}

/** The official docker image (or a mirror) is the job image: its entrypoint picks DOCKER_HOST on the Docker executor. */
export function jobImageIsOfficialDocker(job: Job): boolean { return job.image !== undefined && isDockerLibraryImage(job.image.ref); }
