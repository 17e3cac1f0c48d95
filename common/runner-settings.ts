/**
 * The language-server command behind the build-strategy picker's runner step (LSP `workspace/executeCommand`): the
 * runner configs the workspace holds with their executor, and, for a strategy and an executor, the edits that give
 * each of them the runner settings the strategy needs, as a `WorkspaceEdit` whose every change needs confirmation
 * (VS Code shows it in the Refactor Preview). The client never reads runner configs itself.
 */
import type { WorkspaceEdit } from 'vscode-languageserver-types';
import type { Executor, StrategyId } from './strategies';

export const RUNNER_SETTINGS_COMMAND = 'dindDoctor.server.runnerSettings';

export interface RunnerSettingsParams {
  /** With `executor`: plan the edits this strategy needs on the configs that have a runner of that executor. */
  strategy?: StrategyId;
  executor?: Executor;
}

export interface RunnerConfigSettings {
  uri: string;
  /** The file's path relative to its workspace folder. */
  relativePath: string;
  /** A gitlab-runner Helm values file (its `runners.config`). */
  helm: boolean;
  /** The executor of the file's first Docker/Kubernetes runner (Helm values: kubernetes); absent when none. */
  executor?: Executor;
  /** The runner the edits are for: its `name`, or `#<index>` (only when edits were asked for). */
  runner?: string;
  /** Why no edit can be made (the TOML does not parse, no runner of the executor, an inline table). */
  problem?: string;
  /** What each change does, in order. */
  labels?: string[];
  /** What the user must still do by hand. */
  notes?: string[];
  /** The changes (empty when the file already has the settings); absent with a problem. */
  edit?: WorkspaceEdit;
}

export interface RunnerSettingsResult { files: RunnerConfigSettings[] }
