/** The extension's settings (`dindDoctor.*`) and the engine options they make, with a project's `.dind-doctor.json`. */
import type { ProjectConfig } from '../engine/config-file';
import type { AnalyzeOptions, SeverityOverride } from '../engine/types';
import type { WorkspaceOptions } from '../engine/workspace-api';

export interface Settings { enable: boolean; rules: Record<string, SeverityOverride>; runner: { executor: string }; runnerConfigFiles: string[]; ciFiles: string[]; schemaValidation: boolean }

export const DEFAULT_SETTINGS: Settings = { enable: true, rules: {}, runner: { executor: '' }, runnerConfigFiles: [], ciFiles: [], schemaValidation: true };

/** Settings as the client sent them (any part may be missing), over the defaults. */
export function readSettings(s: Partial<Settings> | null | undefined): Settings {
  return { ...DEFAULT_SETTINGS, ...(s ?? {}), runner: { ...DEFAULT_SETTINGS.runner, ...(s?.runner ?? {}) } };
}

/** The engine options of a workspace folder: the project's `.dind-doctor.json`, with the editor settings winning. */
export function workspaceOptions(root: string, settings: Settings, project: ProjectConfig = {}): WorkspaceOptions {
  const analyze: AnalyzeOptions = {
    rules: { ...(project.rules ?? {}), ...settings.rules },
    runner: { executor: settings.runner.executor || project.runner?.executor || undefined },
    schemaValidation: settings.schemaValidation && project.schemaValidation !== false,
  };
  return {
    roots: [root],
    analyze,
    ciFiles: [...(project.ciFiles ?? []), ...settings.ciFiles],
    runnerConfigFiles: [...(project.runnerConfigFiles ?? []), ...settings.runnerConfigFiles],
  };
}
