/**
 * Daemon reachability: which runners in view provide a daemon on their own (runner-level dind service, socket
 * binding, DOCKER_HOST in the runner environment), which service answers a host name, whether a job's config is
 * fully known, and whether its scripts start or select a daemon themselves.
 */
import type { RunnerView } from './runner';
import { get, type YEntry, type YMap, type YValue } from '../formats/yaml';
import { defaultAliases, isDindImage, isDockerLibraryImage, splitAliases, isDns1123, parseImageRef } from './docker';
import { jobCommands, type Job, type Pipeline, type Service } from './pipeline';
import { runnerEnvironment, runnerServices, type Runner } from './runner';

/** The runners in view all satisfy `p` (false when none is known). */
export function allRunners(view: RunnerView, p: (r: Runner) => boolean): boolean { return view.runners.length > 0 && view.runners.every(p); }
export function someRunner(view: RunnerView, p: (r: Runner) => boolean): boolean { return view.runners.some(p); }

/** The runner adds a service that runs a Docker daemon (`[[runners.docker.services]]` with a dind image, or a name with variables). */
export function runnerDindService(r: Runner): boolean {
  return runnerServices(r).some((s) => s.name.includes('$') || isDindImage(parseImageRef(s.name)));
}

/** Aliases of a runner-level service (default + explicit), undefined when unknown. */
export function runnerServiceAliases(r: Runner): (string[] | undefined)[] {
  return runnerServices(r).map((s) => {
    const defaults = defaultAliases(parseImageRef(s.name));
    if (defaults === undefined || (s.alias ?? '').includes('$')) return undefined;
    return [...defaults, ...splitAliases(s.alias ?? '')];
  });
}

/** The runner sets `NAME` in its `environment`. */
export function runnerSetsVar(r: Runner, name: string): boolean { return runnerEnvironment(r).has(name); }

/**
 * Whether some service of the job (or of a runner in view) may answer to `host`: true when one has it among its
 * aliases, or when a service's aliases are unknown (variables). On Kubernetes default aliases that are not
 * DNS-1123 names are dropped.
 */
export function hostServed(job: Job, host: string, view: RunnerView): boolean {
  const k8s = view.executor === 'kubernetes';
  for (const s of job.services) if (mayAnswer(s, host, k8s)) return true;
  for (const r of view.runners) for (const a of runnerServiceAliases(r)) if (a === undefined || a.includes(host)) return true;
  return false;
}

/**
 * Whether a service may answer to `host`. A name with variables in its path (`$PREFIX/docker:dind`) gets default
 * aliases made of the whole expanded path: they hold `__` or `-`, so they can never be a host without those.
 */
export function mayAnswer(s: Service, host: string, k8s: boolean): boolean {
  if (s.aliases !== undefined) return serviceAliases(s, k8s).includes(host);
  if (s.explicitAliases.some((a) => a.alias.includes('$'))) return true;
  if (s.explicitAliases.some((a) => a.alias === host)) return true;
  return !(s.ref.name.includes('/') && !host.includes('-') && !host.includes('__'));
}

/** A service that may run a Docker daemon even if we cannot tell (variables, custom docker/dind/buildkit images). */
export function maybeDaemonService(s: Service): boolean {
  return s.ref.hasVariables || isDindImage(s.ref) || isDockerLibraryImage(s.ref) || /docker|dind|buildkit|podman/.test(s.ref.name);
}

/** A service's aliases as the executor uses them (k8s drops default aliases that are not DNS names). */
export function serviceAliases(s: Service, k8s: boolean): string[] {
  const explicit = s.explicitAliases.map((a) => a.alias);
  const defaults = (s.aliases ?? []).filter((a) => !explicit.includes(a));
  return [...(k8s ? defaults.filter(isDns1123) : defaults), ...explicit];
}

/**
 * The job's effective config is not fully known: a partial pipeline, or an `extends` chain that reaches a name not
 * defined in the files we see (it comes from a file that includes this one, or a remote include).
 */
export function jobIncomplete(job: Job, pipeline: Pipeline): boolean {
  if (job.partial) return true;
  const seen = new Set<string>();
  const walk = (v: YValue | undefined): boolean => {
    for (const it of v ? (v.kind === 'seq' ? v.items : [v]) : []) {
      if (it.kind !== 'scalar') return true;
      const name = it.text;
      if (seen.has(name)) continue;
      seen.add(name);
      const e = pipeline.config.entries.get(name);
      if (!e) return true;
      if (walk(get(e.value, 'extends'))) return true;
    }
    return false;
  };
  return walk(get(job.entry.value, 'extends'));
}

/** The job's own map (where it is written), for fixes that add keys to the job. */
export function ownMap(job: Job): YMap | undefined { return job.entry.value.kind === 'map' ? job.entry.value : undefined; }

/** The containing variables map of a variable, when it is written in the job itself or globally. */
export function variablesMapOf(pipeline: Pipeline, job: Job, e: YEntry): YMap | undefined {
  const cands = [get(ownMap(job), 'variables'), get(pipeline.config, 'variables')];
  for (const c of cands) if (c?.kind === 'map' && c.entries.get(e.key) === e) return c;
  return undefined;
}

/** The job's scripts start or select a daemon themselves (dockerd, a context, a remote/kubernetes buildx driver…). */
export function providesOwnDaemon(job: Job): boolean {
  for (const c of jobCommands(job)) {
    const w = c.words.map((x) => x.text);
    const p = w[0] ?? '';
    if (/(^|\/)(dockerd|dockerd-entrypoint\.sh|dind|podman)$/.test(p)) return true;
    if ((p === 'service' || p === 'systemctl' || p === 'rc-service') && w.includes('docker')) return true;
    if ((p === 'export' || p === 'declare' || p === 'set') && w.some((x) => /^DOCKER_(HOST|CONTEXT)=/.test(x))) return true;
    if (c.assignments.some((a) => /^DOCKER_(HOST|CONTEXT)=/.test(a.text)) && w.length === 0) return true;
    if (/(^|\/)docker$/.test(p)) {
      if (w[1] === 'context' && (w[2] === 'use' || w[2] === 'create')) return true;
      if (w[1] === 'buildx' && w[2] === 'create' && w.some((x, i) => /^--driver=(remote|kubernetes)$/.test(x) || (x === '--driver' && /^(remote|kubernetes)$/.test(w[i + 1] ?? '')))) return true;
    }
  }
  return false;
}
