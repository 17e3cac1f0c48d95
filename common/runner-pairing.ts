/**
 * Which runner configuration a CI file is judged against — what the status bar shows. The client asks the language
 * server with {@link RUNNER_PAIRING_REQUEST} for the active document; the choice it offers on a click is kept in
 * the `dindDoctor.runnerConfigs` setting, which the server honours.
 */
export const RUNNER_PAIRING_REQUEST = 'dindDoctor/runnerPairing';

export interface RunnerPairingParams { uri: string }

export interface PairedRunnerConfig {
  uri: string;
  /** Relative to the workspace folder. */
  relativePath: string;
  /** A gitlab-runner Helm values file. */
  helm: boolean;
  /** The executor of its first Docker/Kubernetes/shell runner, when known. */
  executor?: string;
}

export interface RunnerPairing {
  /** The document is a CI file (or a local include of one); other documents get no pairing. */
  ci: boolean;
  /**
   * How the runner side was found: `setting` (dindDoctor.runnerConfigs), `nearest` (the runner configs in the nearest
   * folder up from the CI file), `profile` (dindDoctor.runner.profile stands in for a runner config), `executor`
   * (no runner config; dindDoctor.runner.executor is assumed), `none` (nothing known: runner-dependent rules say less).
   */
  source: 'setting' | 'nearest' | 'profile' | 'executor' | 'none';
  configs: PairedRunnerConfig[];
  /** The executor every runner in view shares (`mixed` when they differ, `unknown` when none is known). */
  executor: string;
  profile?: string;
}

/** The status bar text and tooltip for a pairing (plain functions, so that they are tested without VS Code). */
export function pairingLabel(p: RunnerPairing): { text: string; tooltip: string } {
  const cfg = p.configs;
  const name = (c: PairedRunnerConfig) => c.relativePath.split('/').pop() ?? c.relativePath;
  const exec = p.executor !== 'unknown' && p.executor !== 'mixed' ? ` (${p.executor})` : '';
  const click = 'Click to choose the runner configuration.';
  switch (p.source) {
    case 'setting':
    case 'nearest': {
      const text = `$(server-process) ${cfg.length === 1 ? name(cfg[0]) : `${cfg.length} runner configs`}${exec}`;
      const how = p.source === 'setting' ? 'chosen in dindDoctor.runnerConfigs' : 'the nearest runner configs to this file';
      return { text, tooltip: `dind-doctor judges this CI file's jobs against ${cfg.map((c) => `${c.relativePath}${c.executor ? ` (${c.executor})` : ''}`).join(', ')} — ${how}. ${click}` };
    }
    case 'profile':
      return { text: '$(cloud) GitLab-hosted runners', tooltip: `No runner config in the workspace: dind-doctor judges this CI file's jobs as running on GitLab's hosted Linux runners (dindDoctor.runner.profile). ${click}` };
    case 'executor':
      return { text: `$(server-process) no runner config${exec}`, tooltip: `No runner config in the workspace: dind-doctor assumes the ${p.executor} executor (dindDoctor.runner.executor). ${click}` };
    default:
      return { text: '$(server-process) no runner config', tooltip: `No runner config (config.toml or Helm values) is paired with this CI file, so rules that depend on the runner say less. ${click}` };
  }
}

/** A runner config the workspace holds, as the quick pick offers it. */
export interface RunnerConfigOption { relativePath: string; helm: boolean; executor?: string }

export interface RunnerConfigChoice {
  label: string;
  description?: string;
  detail?: string;
  /** The value of `dindDoctor.runnerConfigs` this choice sets (undefined: remove the setting, pair by folder). */
  setting: string[] | undefined;
  current: boolean;
}

/** The quick pick behind a click on the status bar item: automatic pairing first, then every runner config found. */
export function runnerConfigChoices(found: readonly RunnerConfigOption[], current: readonly string[] | undefined): RunnerConfigChoice[] {
  const chosen = new Set((current ?? []).map((p) => p.replace(/^\.\//, '')));
  const auto: RunnerConfigChoice = {
    label: '$(sync) Nearest runner configs (automatic)',
    detail: 'Each CI file is judged against the runner configs in the nearest folder up from it.',
    setting: undefined,
    current: chosen.size === 0,
  };
  const files = found.map((f): RunnerConfigChoice => ({
    label: `$(server-process) ${f.relativePath}`,
    description: [f.helm ? 'Helm values' : 'config.toml', f.executor ? `${f.executor} executor` : undefined, chosen.has(f.relativePath) ? 'current' : undefined].filter(Boolean).join(' · '),
    setting: [f.relativePath],
    current: chosen.size === 1 && chosen.has(f.relativePath),
  }));
  if (auto.current) auto.description = 'current';
  return [auto, ...files];
}
