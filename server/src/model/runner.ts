/**
 * Runner facts from a config.toml (or the TOML inside Helm `runners.config`): every `[[runners]]` with its
 * executor, privileges, allow-lists, Docker volumes (`host:container:mode`), Kubernetes volumes with mount paths
 * and read-only flags, security contexts, runner-level services and environment.
 */
import picomatch from 'picomatch';
import { TEMPLATE_FILL } from '../formats/helm';
import { tbool, tentry, tget, titems, tstr, ttable, type TEntry, type TomlDoc, type TScalar, type TTable, type TValue } from '../formats/toml';

export type ExecutorKind = 'docker' | 'kubernetes' | 'shell' | 'other';

export interface Runner {
  file: string;
  doc: TomlDoc;
  /** The `[[runners]]` table. */
  table: TTable;
  index: number;
  name?: string;
  executor: ExecutorKind;
  executorRaw?: string;
  docker?: TTable;
  kubernetes?: TTable;
  /** From a Helm values file (the chart always uses the Kubernetes executor). */
  helm: boolean;
}

export interface RunnerConfig { file: string; doc: TomlDoc; runners: Runner[]; helm: boolean }

export function readRunnerConfig(doc: TomlDoc, helm: boolean): RunnerConfig {
  const runners: Runner[] = [];
  titems(tget(doc.root, 'runners')).forEach((t, index) => {
    if (t.kind !== 'table') return;
    const executorRaw = known(tstr(tget(t, 'executor')));
    const docker = ttable(tget(t, 'docker'));
    const kubernetes = ttable(tget(t, 'kubernetes'));
    runners.push({ file: doc.file, doc, table: t, index, name: tstr(tget(t, 'name')), executorRaw, executor: executorKind(executorRaw, docker, kubernetes, helm), docker, kubernetes, helm });
  });
  return { file: doc.file, doc, runners, helm };
}

function known(s: string | undefined): string | undefined { return s === undefined || s.includes(TEMPLATE_FILL) ? undefined : s; }

function executorKind(raw: string | undefined, docker: TTable | undefined, k8s: TTable | undefined, helm: boolean): ExecutorKind {
  if (raw === undefined) return helm || (k8s && !docker) ? 'kubernetes' : docker ? 'docker' : helm ? 'kubernetes' : 'other';
  if (/^docker/.test(raw)) return 'docker';
  if (raw === 'kubernetes') return 'kubernetes';
  if (raw === 'shell') return 'shell';
  return 'other';
}

/** A boolean setting, or undefined when unset or templated. */
export function flag(t: TTable | undefined, key: string): boolean | undefined { return tbool(tget(t, key)); }

export function strings(t: TTable | undefined, key: string): { value: string; node: TScalar }[] {
  return titems(tget(t, key)).filter((v): v is TScalar => v.kind === 'scalar').map((node) => ({ value: String(node.value), node }));
}

/** Memoises a per-runner fact (runners are immutable once read; rules ask the same question for every job). */
function perRunner<T>(f: (r: Runner) => T): (r: Runner) => T {
  const memo = new WeakMap<Runner, T>();
  return (r) => {
    if (memo.has(r)) return memo.get(r)!;
    const v = f(r);
    memo.set(r, v);
    return v;
  };
}

export interface DockerVolume { raw: string; host?: string; container: string; mode?: string; node: TScalar }

/** `[runners.docker] volumes`: `"/path"` (a cache volume) or `"host:container[:mode]"`. */
export const dockerVolumes = perRunner((r: Runner): readonly DockerVolume[] => {
  return strings(r.docker, 'volumes').map(({ value, node }) => {
    const parts = value.split(':');
    if (parts.length === 1) return { raw: value, container: value, node };
    return { raw: value, host: parts[0], container: parts[1], mode: parts[2], node };
  });
});

export type K8sVolumeType = 'host_path' | 'pvc' | 'config_map' | 'secret' | 'empty_dir' | 'csi';
export interface K8sVolume { type: K8sVolumeType; name?: string; mountPath?: string; hostPath?: string; readOnly: boolean; table: TTable; mountPathEntry?: TEntry }

export const k8sVolumes = perRunner((r: Runner): readonly K8sVolume[] => {
  const vols = ttable(tget(r.kubernetes, 'volumes'));
  const out: K8sVolume[] = [];
  for (const type of ['host_path', 'pvc', 'config_map', 'secret', 'empty_dir', 'csi'] as const) {
    for (const t of titems(tget(vols, type))) {
      if (t.kind !== 'table') continue;
      out.push({ type, name: tstr(tget(t, 'name')), mountPath: known(tstr(tget(t, 'mount_path'))), hostPath: known(tstr(tget(t, 'host_path'))), readOnly: tbool(tget(t, 'read_only')) === true, table: t, mountPathEntry: tentry(t, 'mount_path') });
    }
  }
  return out;
});

const SOCKETS = new Set(['/var/run/docker.sock', '/run/docker.sock']);
export function isDockerSocketPath(p: string | undefined): boolean { return p !== undefined && SOCKETS.has(p); }

/** The runner binds the host's Docker socket into jobs. */
export const socketBound = perRunner((r: Runner): boolean => {
  if (r.executor === 'docker') return dockerVolumes(r).some((v) => v.host !== undefined && isDockerSocketPath(v.host));
  if (r.executor === 'kubernetes') return k8sVolumes(r).some((v) => v.type === 'host_path' && (isDockerSocketPath(v.hostPath) || isDockerSocketPath(v.mountPath)));
  return false;
});

/**
 * Whether a service with this image name runs privileged on the runner; undefined when the answer depends on templated values.
 */
export function privilegedForService(r: Runner, serviceName: string): boolean | undefined {
  if (r.executor === 'docker') {
    const sp = tget(r.docker, 'services_privileged');
    const p = tget(r.docker, 'privileged');
    const value = sp !== undefined ? tbool(sp) : p !== undefined ? tbool(p) : false;
    if (value === undefined) return undefined;
    if (!value) return false;
    const allowed = strings(r.docker, 'allowed_privileged_services');
    if (allowed.length === 0) return true;
    return allowed.some((a) => matchImage(a.value, serviceName));
  }
  if (r.executor === 'kubernetes') {
    const sc = ttable(tget(r.kubernetes, 'service_container_security_context'));
    const scp = tget(sc, 'privileged');
    if (scp !== undefined) return tbool(scp);
    const p = tget(r.kubernetes, 'privileged');
    return p !== undefined ? tbool(p) : false;
  }
  return undefined;
}

/** The runner's doublestar image patterns (`docker:*-dind`, `**\/docker:*`). */
export function matchImage(pattern: string, name: string): boolean {
  if (pattern.includes(TEMPLATE_FILL)) return true;
  return picomatch.isMatch(name, pattern, { dot: true }) || pattern === name;
}

/** Services the runner adds to every job (`[[runners.docker.services]]`, `[[runners.kubernetes.services]]`). */
export const runnerServices = perRunner((r: Runner): readonly { name: string; alias?: string; table: TTable }[] => {
  const out: { name: string; alias?: string; table: TTable }[] = [];
  for (const exec of [r.docker, r.kubernetes]) {
    for (const t of titems(tget(exec, 'services'))) {
      if (t.kind === 'table') { const name = tstr(tget(t, 'name')); if (name) out.push({ name, alias: tstr(tget(t, 'alias')), table: t }); }
      else if (t.kind === 'scalar') out.push({ name: String(t.value), table: exec! });
    }
  }
  return out;
});

/** `environment = ["NAME=value", …]` of a runner. */
const environments = new WeakMap<Runner, Map<string, { value: string; node: TScalar }>>();
export function runnerEnvironment(r: Runner): Map<string, { value: string; node: TScalar }> {
  const hit = environments.get(r);
  if (hit) return hit;
  const out = new Map<string, { value: string; node: TScalar }>();
  environments.set(r, out);
  for (const { value, node } of strings(r.table, 'environment')) {
    const i = value.indexOf('=');
    if (i > 0) out.set(value.slice(0, i), { value: value.slice(i + 1), node });
  }
  return out;
}

/** The table a key lives in, for fixes: `[runners.docker]` / `[runners.kubernetes]`, or the runner itself. */
export function executorTable(r: Runner): TTable | undefined { return r.executor === 'kubernetes' ? r.kubernetes : r.docker; }

export type { TValue };

/** The runners a CI file's jobs run on, as far as the workspace tells. */
export interface RunnerView {
  /** Runners found in the workspace for this CI file (config.toml / Helm values), possibly none. */
  runners: Runner[];
  /** `dindDoctor.runner.executor` / `--executor`, used when no runner is known. */
  assumedExecutor?: ExecutorKind;
  /** The executor every runner in view shares; the assumed one when none is known; 'unknown' otherwise. */
  executor: ExecutorKind | 'unknown';
  /** The runner profile whose runners stand in `runners` (no runner config serves the file, the setting names one). */
  profile?: 'gitlab-hosted-linux';
  /** The outer network MTU from the settings (`dindDoctor.runner.mtu`), when given. */
  mtu?: number;
}
