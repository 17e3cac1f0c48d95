/**
 * BuildKit, Buildx and Buildah facts: which jobs run rootless BuildKit / Buildah, build commands and their flags with
 * exact spans, and the runner facts these builders depend on (is the build container privileged, Kubernetes
 * security contexts).
 */
import type { Span } from '../engine/types';
import type { RunnerView } from './runner';
import { tbool, tget, tstr, ttable, type TTable } from '../formats/toml';
import { isBuildahImage, isBuildkitImage, isKanikoImage, isPodmanImage, type ImageRef } from './docker';
import { afterGlobalFlags, effVar } from './facts';
import { jobCommands, type Job, type JobCommand, type Variable } from './pipeline';
import { runnerEnvironment, type Runner } from './runner';
import { structurallyTemplated } from './dind-runner';
import { progName, type Word } from './shell';

/** `moby/buildkit:*rootless*` (any registry prefix). */
export function isRootlessBuildkitImage(ref: ImageRef): boolean {
  return isBuildkitImage(ref) && !ref.name.includes('$') && (ref.tag ?? '').includes('rootless');
}

/** Commands whose program is `name` (path ignored). */
export function commandsOf(job: Job, ...names: string[]): JobCommand[] {
  return jobCommands(job).filter((c) => names.includes(progName(c.words[0]?.text)));
}

/** A flag of a command: its value word(s) and where the flag is written. */
export interface FlagUse { flag: Word; value: string | undefined; /** the word holding the value (the flag itself for `--x=v`) */ valueWord?: Word; valueOffset: number }

/** Every use of the long flags `names` (`--x v` or `--x=v`) in a command, from word `from` on. */
export function flagUses(c: JobCommand, names: string[], from = 1): FlagUse[] {
  const out: FlagUse[] = [];
  for (let i = from; i < c.words.length; i++) {
    const w = c.words[i];
    for (const n of names) {
      if (w.text === n) { const v = c.words[i + 1]; out.push({ flag: w, value: v?.text, valueWord: v, valueOffset: 0 }); }
      else if (w.text.startsWith(n + '=')) out.push({ flag: w, value: w.text.slice(n.length + 1), valueWord: w, valueOffset: n.length + 1 });
    }
  }
  return out;
}

export function wordSpanOf(c: JobCommand, w: Word): Span { return { file: c.line.node.file, start: w.start, end: w.end }; }

/** The docker build invocations: `docker build`, `docker image build`, `docker buildx build`, `docker builder build`. Index of the first argument after the subcommand. */
export function dockerBuilds(job: Job): { cmd: JobCommand; args: number; buildx: boolean }[] {
  const out: { cmd: JobCommand; args: number; buildx: boolean }[] = [];
  for (const c of jobCommands(job)) {
    if (progName(c.words[0]?.text) !== 'docker') continue;
    const ws = c.words.map((w) => w.text);
    const i = afterGlobalFlags(ws);
    if (ws[i] === 'build') out.push({ cmd: c, args: i + 1, buildx: false });
    else if ((ws[i] === 'image' || ws[i] === 'builder') && ws[i + 1] === 'build') out.push({ cmd: c, args: i + 2, buildx: false });
    else if (ws[i] === 'buildx') {
      let j = i + 1;
      while (j < ws.length && ws[j].startsWith('-')) j += /^(--builder)$/.test(ws[j]) ? 2 : 1;
      if (ws[j] === 'build' || ws[j] === 'b') out.push({ cmd: c, args: j + 1, buildx: true });
    }
  }
  return out;
}

/** The job's image is a daemonless builder (kaniko, BuildKit, Buildah, Podman). */
export function isDaemonlessBuilderImage(ref: ImageRef): boolean {
  return isKanikoImage(ref) || isBuildkitImage(ref) || isBuildahImage(ref) || isPodmanImage(ref);
}

/**
 * Whether a variable's value is decided (and contains `needle`) by the YAML, by the runner environment or by the
 * script: 'yes' / 'no' / 'unknown'. Scripts that mention the variable make it unknown.
 */
export function varHas(job: Job, view: RunnerView, name: string, needle: RegExp): { state: 'yes' | 'no' | 'unknown'; variable?: Variable } {
  const v = effVar(job, name);
  if (v.state === 'unknown') return { state: 'unknown' };
  if (job.scripts.some((l) => l.text.includes(name))) return { state: 'unknown' };
  if (v.state === 'set') {
    if (v.value === undefined || v.value.includes('$')) return { state: 'unknown' };
    return { state: needle.test(v.value) ? 'yes' : 'no', variable: v.variable };
  }
  if (view.runners.some((r) => runnerEnvironment(r).has(name))) return { state: 'unknown' };
  return { state: 'no' };
}

/** The build container runs privileged on this runner (true/false), undefined when templated. */
export function buildPrivileged(r: Runner): boolean | undefined {
  if (r.executor === 'docker') {
    const p = tget(r.docker, 'privileged');
    return p === undefined ? false : tbool(p);
  }
  if (r.executor === 'kubernetes') {
    const sc = ttable(tget(r.kubernetes, 'build_container_security_context'));
    const scp = tget(sc, 'privileged');
    if (scp !== undefined) return tbool(scp);
    const p = tget(r.kubernetes, 'privileged');
    return p === undefined ? false : tbool(p);
  }
  return undefined;
}

/** `[runners.kubernetes.build_container_security_context.<kind>] type`, as written (undefined when absent). */
export function buildProfileType(r: Runner, kind: 'seccomp_profile' | 'app_armor_profile'): string | undefined {
  const sc = ttable(tget(r.kubernetes, 'build_container_security_context'));
  return tstr(tget(ttable(tget(sc, kind)), 'type'));
}

/** The AppArmor pod annotation for the build container, as written. */
export const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/build';
export function buildAppArmorAnnotation(r: Runner): string | undefined {
  return tstr(tget(ttable(tget(r.kubernetes, 'pod_annotations')), APPARMOR_ANNOTATION));
}

export type { TTable };

/**
 * The Docker/Kubernetes runners a daemonless build job may land on, when every one of them runs the build container
 * unprivileged (`known`: runner configs are in view); undefined when a runner may be privileged, is templated, or
 * is not a container executor — the rules about unprivileged builders stay quiet then.
 */
export function unprivilegedBuildRunners(view: RunnerView): { runners: Runner[]; known: boolean } | undefined {
  const runners = view.runners.filter((r) => r.executor === 'docker' || r.executor === 'kubernetes');
  if (view.runners.length) {
    if (!runners.length || runners.some((r) => structurallyTemplated(r.doc))) return undefined;
    if (runners.some((r) => buildPrivileged(r) !== false)) return undefined;
  } else if (view.executor === 'shell' || view.executor === 'other') return undefined;
  return { runners, known: runners.length > 0 };
}
