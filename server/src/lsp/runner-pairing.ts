/** `dindDoctor/runnerPairing`: which runner configs a CI file is judged against (the status bar shows it). */
import type { PairedRunnerConfig, RunnerPairing } from '../../../common/runner-pairing';
import { executorOf } from '../edits/runner-needs';
import type { Workspace } from '../engine/workspace';

export interface RunnerPairingEnv {
  ws: Workspace;
  root: string;
  readFile(path: string): string | undefined;
  uriOf(path: string): string;
}

export function runnerPairing(path: string, env: RunnerPairingEnv): RunnerPairing {
  const p = env.ws.runnerPairing(path);
  if (!p) return { ci: false, source: 'none', configs: [], executor: 'unknown' };
  const configs: PairedRunnerConfig[] = p.configs.map((file) => {
    const text = env.readFile(file);
    const executor = text === undefined ? undefined : executorOf(file, text);
    return {
      uri: env.uriOf(file),
      relativePath: file.startsWith(env.root + '/') ? file.slice(env.root.length + 1) : file,
      helm: /\.ya?ml$/i.test(file),
      ...(executor ? { executor } : {}),
    };
  });
  // the executor the rules see; `mixed` when the runners in view differ
  const executor = p.executor !== 'unknown' ? p.executor : new Set(configs.map((c) => c.executor)).size > 1 ? 'mixed' : 'unknown';
  const source: RunnerPairing['source'] = configs.length ? (p.fromOptions ? 'setting' : 'nearest') : p.profile ? 'profile' : p.assumedExecutor ? 'executor' : 'none';
  return { ci: true, source, configs, executor, ...(p.profile ? { profile: p.profile } : {}) };
}
