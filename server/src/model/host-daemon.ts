/**
 * The host's daemon: whether a job's docker commands reach the *host's* daemon (a runner in view binds the host
 * socket, or is a shell runner), and the parts of `docker` command lines the socket-binding rules read
 * (subcommand path, `docker run` options up to the image, volume sources).
 *
 * Judged conservatively — false positives are worse than misses: every runner in view must give the job the host
 * daemon, the job must not start or select another daemon (dind or look-alike services, DOCKER_HOST/DOCKER_CONTEXT
 * pointing elsewhere, dockerd in the script), and its configuration must be fully known.
 */
import type { Span } from '../engine/types';
import { tentry } from '../formats/toml';
import { isDindImage, parseDockerHost } from './docker';
import { DOCKER_GLOBAL_VALUE_FLAGS, dockerHost, effVar } from './facts';
import { jobIncomplete, providesOwnDaemon, runnerDindService } from './daemon';
import { valueSpan, type Job, type JobCommand, type Pipeline } from './pipeline';
import type { Word } from './shell';
import { dockerVolumes, isDockerSocketPath, runnerEnvironment, runnerServices, socketBound, type Runner, type RunnerView } from './runner';

export interface HostDaemon {
  /** socket: every runner in view binds the host socket; shell: (some) shell runners; job: the job's own DOCKER_HOST names the local socket, no runner known. */
  kind: 'socket' | 'shell' | 'job';
  runners: Runner[];
  /** Where the host daemon is handed to the job: the runners' socket volume entries (or `executor = "shell"`, or the job's DOCKER_HOST). */
  related: { at: Span; message: string }[];
}

/** A DOCKER_HOST value that points away from the local Docker socket (unknown values count as away). */
function awayFromSocket(v: string | undefined): boolean {
  if (v === undefined || v === '') return v === undefined;
  const h = parseDockerHost(v);
  return !(h && h.scheme === 'unix' && isDockerSocketPath(h.path));
}

/** The runner hands jobs the host's daemon (docker executor with the socket bound, or — when `shell` — a shell runner). */
function hostRunner(r: Runner, shell: boolean): boolean {
  const env = runnerEnvironment(r);
  if (env.has('DOCKER_CONTEXT') || (env.has('DOCKER_HOST') && awayFromSocket(env.get('DOCKER_HOST')!.value))) return false;
  if (r.executor === 'shell') return shell;
  if (r.executor !== 'docker' || !socketBound(r)) return false;
  // a runner-level dind service: socket-binding-with-dind-service territory, the client may talk to either daemon
  return !runnerDindService(r) && !runnerServices(r).some((s) => /docker|dind|buildkit|podman/.test(s.name));
}

/** The job's services may run a daemon of their own (dind, look-alikes, names with variables). */
function daemonService(job: Job): boolean {
  return job.services.some((s) => s.ref.hasVariables || isDindImage(s.ref) || /docker|dind|buildkit|podman/.test(s.ref.name));
}

/**
 * Whether the job's docker commands reach the host's daemon, and through which runner entries. `shell` admits
 * shell-executor runners, where the job runs on the host next to its daemon (the rules about destructive commands
 * and fixed container names on a shared daemon ask for it); GitLab docs, "Use the shell executor":
 * https://docs.gitlab.com/ci/docker/using_docker_build/#use-the-shell-executor
 */
export function hostDaemonOf(job: Job, ctx: { pipeline: Pipeline; runners: RunnerView }, opts: { shell: boolean }): HostDaemon | undefined {
  if (jobIncomplete(job, ctx.pipeline) || daemonService(job) || providesOwnDaemon(job)) return undefined;
  if (effVar(job, 'DOCKER_CONTEXT').state !== 'unset') return undefined;
  const dh = dockerHost(job);
  if (dh.state === 'unknown') return undefined;
  if (dh.state === 'set' && !(dh.host.scheme === 'unix' && isDockerSocketPath(dh.host.path))) return undefined;
  const view = ctx.runners;
  if (view.runners.length > 0) {
    if (!view.runners.every((r) => hostRunner(r, opts.shell))) return undefined;
    const related: HostDaemon['related'] = [];
    for (const r of view.runners) {
      if (r.executor === 'shell') {
        const e = tentry(r.table, 'executor');
        if (e) related.push({ at: { file: r.file, start: e.start, end: e.end }, message: 'shell executor: jobs use the host\'s Docker daemon' });
      } else {
        for (const v of dockerVolumes(r)) if (v.host !== undefined && isDockerSocketPath(v.host)) related.push({ at: { file: r.file, start: v.node.start, end: v.node.end }, message: 'the host\'s Docker socket is bound here' });
      }
    }
    return { kind: view.runners.every((r) => r.executor === 'shell') ? 'shell' : 'socket', runners: view.runners, related };
  }
  if (view.assumedExecutor === 'shell') return opts.shell ? { kind: 'shell', runners: [], related: [] } : undefined;
  if (view.assumedExecutor !== undefined && view.assumedExecutor !== 'docker') return undefined;
  // no runner known: only the job's own DOCKER_HOST naming the local socket, in a container job, says "socket binding"
  if (dh.state === 'set' && job.image) return { kind: 'job', runners: [], related: [{ at: valueSpan(dh.variable.valueNode), message: 'DOCKER_HOST names the local Docker socket' }] };
  return undefined;
}

/** The command talks to the default daemon (no `-H`/`--host`/`--context`, no `DOCKER_HOST=`/`DOCKER_CONTEXT=` prefix). */
export function defaultDaemon(c: JobCommand): boolean {
  if (c.assignments.some((a) => /^DOCKER_(HOST|CONTEXT)=/.test(a.text))) return false;
  const w = c.words;
  for (let i = 1; i < w.length; i++) {
    const t = w[i].text;
    if (!t.startsWith('-')) break;
    if (/^(-H|--host|--context|-c)(=|$)/.test(t)) return false;
  }
  return true;
}

const GROUPS = new Set(['container', 'image', 'volume', 'network', 'system', 'builder', 'buildx', 'compose']);
const COMPOSE_VALUE_FLAGS = /^(-f|--file|-p|--project-name|--profile|--env-file|--project-directory|--ansi|--parallel|--progress)$/;

/**
 * The subcommand path of a docker command (`['run']`, `['container', 'rm']`, `['system', 'prune']`,
 * `['compose', 'run']`; `docker-compose run` → `['compose', 'run']`) and the index of the first word after it.
 */
export function dockerPath(c: JobCommand): { path: string[]; words: Word[]; next: number } {
  const w = c.words;
  const path: string[] = [];
  const words: Word[] = [];
  let i = 1;
  const compose = /(^|\/)docker-compose$/.test(w[0]?.text ?? '');
  if (compose) path.push('compose');
  for (; i < w.length; i++) {
    const t = w[i].text;
    if (t.startsWith('-')) {
      if (!t.includes('=') && ((path.length === 0 && DOCKER_GLOBAL_VALUE_FLAGS.test(t)) || (path[0] === 'compose' && COMPOSE_VALUE_FLAGS.test(t)))) i++;
      continue;
    }
    path.push(t); words.push(w[i]);
    if (path.length === 1 && GROUPS.has(t)) continue;
    i++;
    break;
  }
  return { path, words, next: i };
}

/** `docker run`/`create` (also `docker container run|create`). */
export function isRunOrCreate(path: string[]): boolean {
  const p = path[0] === 'container' ? path.slice(1) : path;
  return p.length === 1 && (p[0] === 'run' || p[0] === 'create');
}

const RUN_BOOL_LONG = new Set(['--detach', '--interactive', '--tty', '--rm', '--privileged', '--publish-all', '--init', '--read-only', '--no-healthcheck', '--oom-kill-disable', '--sig-proxy', '--disable-content-trust', '--quiet', '--help', '--use-api-socket', '--no-deps', '--build', '--service-ports', '--use-aliases', '--remove-orphans', '--quiet-pull', '--no-TTY', '--pull-always']);
const RUN_BOOL_SHORT = new Set(['d', 'i', 't', 'P', 'q', 'T']);

export interface RunOption { flag: string; value?: Word; word: Word; inline?: string }

/**
 * The options of `docker run`/`create` or `docker compose run` up to the image (or service) name, with their
 * values. Unknown long options are taken to have a value (the scan then stops early rather than reading the
 * container's own arguments as options).
 */
export function runOptions(c: JobCommand, from: number): RunOption[] {
  const out: RunOption[] = [];
  const w = c.words;
  for (let i = from; i < w.length; i++) {
    const t = w[i].text;
    if (t === '--' || !t.startsWith('-') || t === '-') break;
    if (t.startsWith('--')) {
      const eq = t.indexOf('=');
      if (eq > 0) { out.push({ flag: t.slice(0, eq), word: w[i], inline: t.slice(eq + 1) }); continue; }
      if (RUN_BOOL_LONG.has(t)) { out.push({ flag: t, word: w[i] }); continue; }
      out.push({ flag: t, word: w[i], value: w[i + 1] }); i++; continue;
    }
    // short flags, possibly clustered (-it, -dit, -itv VALUE, -v=VALUE is not docker syntax but -vVALUE is)
    const letters = t.slice(1);
    let k = 0;
    while (k < letters.length && RUN_BOOL_SHORT.has(letters[k])) k++;
    if (k === letters.length) { out.push({ flag: t, word: w[i] }); continue; }
    const flag = '-' + letters[k];
    const rest = letters.slice(k + 1);
    if (rest) out.push({ flag, word: w[i], inline: rest.replace(/^=/, '') });
    else { out.push({ flag, word: w[i], value: w[i + 1] }); i++; }
  }
  return out;
}

/** A span for the value of an option: the value word, or the part after `=`/the flag letter inside the option word. */
export function optionValueSpan(o: RunOption, file: string, text: string | undefined): Span {
  if (o.value) return { file, start: o.value.start, end: o.value.end };
  const src = text?.slice(o.word.start, o.word.end) ?? '';
  const eq = o.word.text.startsWith('--') ? src.indexOf('=') : -1;
  if (eq >= 0) return { file, start: o.word.start + eq + 1, end: o.word.end };
  return { file, start: o.word.start, end: o.word.end };
}

export function optionText(o: RunOption): string | undefined { return o.value?.text ?? o.inline; }

