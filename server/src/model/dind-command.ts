/**
 * How a dind service starts: whether `dockerd-entrypoint.sh` runs with flags or is bypassed by a
 * `command`/`entrypoint` (the entrypoint starts dockerd when given no arguments or a first argument beginning with
 * `-`: https://github.com/docker-library/docker/blob/master/dockerd-entrypoint.sh), the `--host` and `--tls*` flags
 * given, the ports the daemon opens, and how the job's client reaches it.
 */
import type { YValue } from '../formats/yaml';
import { isLocalHost } from './docker';
import { dockerHost, jobImageIsOfficialDocker } from './facts';
import type { Job, Service } from './pipeline';
import { progName } from './shell';
import type { RunnerView } from './runner';

/** A command/entrypoint item: a YAML scalar of a service entry, or a TOML string of a runner-level service. */
export interface CmdItem { text: string; node: { file: string; start: number; end: number; kind: string }; index: number }

export type DindStart =
  /** dockerd-entrypoint.sh runs and adds its defaults; `flags` are appended after them. */
  | { kind: 'entrypoint'; flags: CmdItem[] }
  /** The entrypoint is skipped: `at` is the item that replaces it (`dockerd`, a shell script without it…). */
  | { kind: 'bypass'; at: CmdItem; via: 'command' | 'entrypoint'; items: CmdItem[] }
  /** A shell wrapper that calls the entrypoint, or variables: not known. */
  | { kind: 'unknown' };

const SHELLS = /^(\/usr)?(\/bin\/)?(sh|bash|ash|dash)$/;
export const isEntrypointScript = (s: string): boolean => progName(s) === 'dockerd-entrypoint.sh';

function itemsOf(v: YValue | undefined): CmdItem[] {
  if (!v) return [];
  const list = v.kind === 'seq' ? v.items : [v];
  return list.map((node, index) => ({ node, index, text: node.kind === 'scalar' && node.value !== null ? node.text : '' }));
}

/** A shell `-c` script among the items: the script text, or undefined when the items are not a shell call. */
function shellScript(items: CmdItem[]): string | undefined {
  if (!items.length || !SHELLS.test(items[0].text)) return undefined;
  const c = items.findIndex((i, k) => k > 0 && /^-\w*c$/.test(i.text));
  return c > 0 ? items.slice(c + 1).map((i) => i.text).join(' ') : undefined;
}

/** How the dind service's container starts: the entrypoint script runs with flags, is bypassed, or cannot be known. */
export function dindStart(svc: Service): DindStart {
  return dindStartOf(svc.entrypoint ? itemsOf(svc.entrypoint.node) : undefined, svc.command ? itemsOf(svc.command.node) : [], svc.entrypoint?.node);
}

/**
 * Programs that run the rest of their arguments as a command (`env`, `tini`, `dumb-init`): the index of the program
 * they start (`items.length` when none follows their options), or undefined when an option is not understood
 * (`env -S "…"` splits a string: we cannot tell what runs). -1 when `items[from]` is not such a wrapper.
 */
export function wrappedProgram(items: CmdItem[], from = 0): number | undefined {
  const name = progName(items[from]?.text);
  const opts = WRAPPERS[name];
  if (!opts) return -1;
  let i = from + 1;
  for (; i < items.length; i++) {
    const t = items[i].text;
    if (t === '--') { i++; break; }
    if (name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) continue;
    if (name === 'env' && t === '-') continue; // `env -` is `env -i`
    if (!t.startsWith('-')) break;
    const [flag] = t.split('=', 1);
    if (opts.bare.includes(t)) continue;
    if (opts.value.includes(flag) && t.includes('=')) continue;
    if (opts.value.includes(t)) { i++; continue; }
    if (opts.value.some((v) => v.length === 2 && t.startsWith(v) && t.length > 2)) continue; // `-uNAME`
    return undefined;
  }
  if (i >= items.length) return items.length;
  const inner = wrappedProgram(items, i);
  return inner === -1 ? i : inner;
}

const WRAPPERS: Record<string, { bare: string[]; value: string[] }> = {
  env: { bare: ['-i', '--ignore-environment', '-0', '--null'], value: ['-u', '--unset', '-C', '--chdir'] },
  tini: { bare: ['-s', '-v', '-vv', '-vvv', '-w', '-g', '-l'], value: ['-p', '-e'] },
  'dumb-init': { bare: ['-c', '--single-child', '-v', '--verbose'], value: ['-r', '--rewrite'] },
};

/** {@link dindStart} on plain items (also used for `[[runners.*.services]]` in TOML). */
export function dindStartOf(ep: CmdItem[] | undefined, cmd: CmdItem[], epNode?: CmdItem['node']): DindStart {
  const start = startOf(ep, cmd, epNode);
  if (start.kind !== 'bypass') return start;
  // a wrapper (`env -u DOCKER_HOST`, `tini --`, `dumb-init`) runs what follows it: judge that program instead
  const argv = ep && ep[0]?.text !== '' ? [...ep, ...cmd] : cmd;
  const from = argv.indexOf(start.at);
  if (from < 0) return start;
  const k = wrappedProgram(argv, from);
  if (k === -1) return start;
  if (k === undefined || argv.slice(from, k + 1).some((i) => i.text.includes('$'))) return { kind: 'unknown' };
  if (k >= argv.length) return { ...start, items: argv.slice(from) }; // nothing to run: the container exits
  const inner = startOf(argv.slice(k), [], epNode);
  if (inner.kind !== 'bypass') return inner;
  return { ...inner, via: ep?.includes(inner.at) ? 'entrypoint' : 'command' };
}

function startOf(ep: CmdItem[] | undefined, cmd: CmdItem[], epNode?: CmdItem['node']): DindStart {
  let args = cmd;
  if (ep) {
    if (ep.some((i) => i.node.kind !== 'scalar')) return { kind: 'unknown' };
    const first = ep[0];
    if (first?.text.includes('$')) return { kind: 'unknown' };
    if (first && isEntrypointScript(first.text)) args = [...ep.slice(1), ...cmd];
    else {
      const script = shellScript(ep);
      if (script !== undefined && /dockerd-entrypoint\.sh/.test(script)) return { kind: 'unknown' };
      if (first && first.text !== '') return { kind: 'bypass', at: first, via: 'entrypoint', items: ep };
      // `entrypoint: [""]`: the command runs as the program
      if (!cmd.length || cmd[0].text.startsWith('-')) return { kind: 'bypass', at: first ?? { text: '', node: epNode!, index: 0 }, via: 'entrypoint', items: ep };
    }
  }
  if (args.some((i) => i.node.kind !== 'scalar')) return { kind: 'unknown' };
  if (!args.length) return { kind: 'entrypoint', flags: [] };
  const first = args[0];
  if (first.text.startsWith('-')) return { kind: 'entrypoint', flags: args };
  if (first.text.includes('$') || first.text === '') return { kind: 'unknown' };
  if (isEntrypointScript(first.text)) {
    const rest = args.slice(1);
    return !rest.length || rest[0].text.startsWith('-') ? { kind: 'entrypoint', flags: rest } : { kind: 'unknown' };
  }
  const script = shellScript(args);
  if (script !== undefined && (/dockerd-entrypoint\.sh/.test(script) || script.includes('$'))) return { kind: 'unknown' };
  return { kind: 'bypass', at: first, via: ep ? 'entrypoint' : 'command', items: args };
}

export interface HostFlag { value: string; items: CmdItem[]; port?: number; scheme: string }

/** `--host=V`, `-H=V`, `-HV`, `--host V`, `-H V` among daemon arguments. */
export function hostFlags(items: CmdItem[]): HostFlag[] {
  const out: HostFlag[] = [];
  for (let i = 0; i < items.length; i++) {
    const t = items[i].text;
    let value: string | undefined;
    let used = [items[i]];
    const m = /^(?:--host|-H)=(.*)$/.exec(t) ?? /^-H([a-z].*)$/.exec(t);
    if (m) value = m[1];
    else if ((t === '--host' || t === '-H') && items[i + 1]) { value = items[i + 1].text; used = [items[i], items[i + 1]]; i++; }
    if (value === undefined) continue;
    const pm = /^tcp:\/\/(?:\[[^\]]*\]|[^:/]*)(?::(\d+))?/.exec(value);
    out.push({ value, items: used, scheme: /^(\w+):\/\//.exec(value)?.[1] ?? '', port: pm?.[1] ? +pm[1] : undefined });
  }
  return out;
}

/** `--tls=false` / `--tlsverify=false` items. */
export function tlsOffFlags(items: CmdItem[]): CmdItem[] { return items.filter((i) => /^--tls(verify)?=(false|0)$/i.test(i.text)); }

export type Client =
  | { kind: 'tcp'; port?: number; explicit: boolean }
  | { kind: 'unix' | 'other' | 'none' | 'unknown' };

/**
 * How the job's Docker client reaches this service: explicit `DOCKER_HOST` (alias of the service, or localhost on
 * Kubernetes), or the official image's entrypoint picking `tcp://docker:237x` on the Docker executor.
 */
export function clientOf(job: Job, svc: Service, view: RunnerView): Client {
  const h = dockerHost(job);
  if (h.state === 'unknown') return { kind: 'unknown' };
  if (h.state === 'set') {
    const host = h.host;
    if (host.scheme === 'unix') return { kind: 'unix' };
    if (host.scheme !== 'tcp' || !host.host) return { kind: 'other' };
    if (isLocalHost(host.host)) return view.executor === 'docker' ? { kind: 'other' } : view.executor === 'kubernetes' ? { kind: 'tcp', port: host.port, explicit: true } : { kind: 'unknown' };
    if (svc.aliases === undefined) return { kind: 'unknown' };
    return svc.aliases.includes(host.host) ? { kind: 'tcp', port: host.port, explicit: true } : { kind: 'other' };
  }
  if (!jobImageIsOfficialDocker(job) || !svc.aliases?.includes('docker')) return { kind: 'none' };
  if (view.executor === 'docker') return { kind: 'tcp', explicit: false };
  return view.executor === 'unknown' ? { kind: 'unknown' } : { kind: 'none' };
}

/** Host values written inside a shell script (`sh -c "dockerd --host=tcp://0.0.0.0:2375 &"`). */
export function scriptHosts(items: CmdItem[]): HostFlag[] {
  const script = shellScript(items);
  if (script === undefined) return [];
  return [...script.matchAll(/(?:--host|-H)[= ]?["']?(\w+:\/\/[^\s"']*)/g)].map((m) => {
    const pm = /^tcp:\/\/(?:\[[^\]]*\]|[^:/]*)(?::(\d+))?/.exec(m[1]);
    return { value: m[1], items: [], scheme: /^(\w+):\/\//.exec(m[1])![1], port: pm?.[1] ? +pm[1] : undefined };
  });
}
