/**
 * The MTU of the network a job's dind service is attached to, as far as the workspace tells: a runner's
 * `network_mtu` (used for the per-build network, `FF_NETWORK_PER_BUILD`), the user's setting, or GitLab's documented
 * value for hosted Linux Arm runners. Undefined when nothing says; rules stay quiet then.
 */
import type { RunnerView } from './runner';
import type { Span } from '../engine/types';
import { tbool, tentry, tget, ttable } from '../formats/toml';
import { get, items, str } from '../formats/yaml';
import type { Job } from './pipeline';
import { runnerEnvironment, type Runner } from './runner';

export interface OuterMtu { mtu: number; why: string; at?: Span }

/** GitLab docs, "Hosted runners on Linux": Docker-in-Docker on hosted Linux Arm runners needs `--mtu=1400`. */
export const HOSTED_ARM_MTU = 1400;

function perBuildNetwork(r: Runner, job: Job): boolean {
  const jv = job.variables.get('FF_NETWORK_PER_BUILD')?.value;
  if (jv !== undefined) return /^(true|1)$/i.test(jv.trim());
  const env = runnerEnvironment(r).get('FF_NETWORK_PER_BUILD')?.value;
  if (env !== undefined) return /^(true|1)$/i.test(env.trim());
  return tbool(tget(ttable(tget(r.table, 'feature_flags')), 'FF_NETWORK_PER_BUILD')) === true;
}

/** A Docker runner's `network_mtu`, when the job runs on its per-build network. */
function runnerMtu(r: Runner, job: Job): OuterMtu | undefined {
  if (r.executor !== 'docker') return undefined;
  const e = tentry(r.docker, 'network_mtu');
  const v = e?.value.kind === 'scalar' ? e.value.value : undefined;
  if (!e || typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || !perBuildNetwork(r, job)) return undefined;
  return { mtu: v, why: `the runner's per-build network has network_mtu = ${v}`, at: { file: r.file, start: e.start, end: e.end } };
}

function tags(job: Job): string[] {
  return items(get(job.config, 'tags')).map((t) => str(t) ?? '');
}

/**
 * The outer MTU for a job: every runner config in view says (the largest wins); else the `dindDoctor.runner.mtu`
 * setting; else a hosted Linux Arm runner tag.
 */
export function outerMtu(job: Job, view: RunnerView): OuterMtu | undefined {
  if (view.runners.length && !view.profile) {
    const all = view.runners.map((r) => runnerMtu(r, job));
    if (all.every((m) => m)) return all.reduce((a, b) => (b!.mtu > a!.mtu ? b : a));
  }
  if (view.mtu) return { mtu: view.mtu, why: `the settings say the outer network's MTU is ${view.mtu} (dindDoctor.runner.mtu)` };
  if (tags(job).some((t) => /^saas-linux-[a-z0-9]+-arm64$/.test(t))) return { mtu: HOSTED_ARM_MTU, why: `GitLab's hosted Linux Arm runners need --mtu=${HOSTED_ARM_MTU} for Docker-in-Docker (GitLab docs, "Hosted runners on Linux")` };
  return undefined;
}
