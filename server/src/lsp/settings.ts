/** The extension's settings (`dindDoctor.*`) and the engine options they make, with a project's `.dind-doctor.json`. */
import { DEFAULT_EDITOR_SETTINGS, parseEditorSettings, type EditorSettings, type ProjectConfig } from '../engine/config-file';
import type { AnalyzeOptions } from '../engine/types';
import type { WorkspaceOptions } from '../engine/workspace-api';
import { posix } from 'node:path';

export type Settings = EditorSettings;

export const DEFAULT_SETTINGS: Settings = DEFAULT_EDITOR_SETTINGS;

/** Settings as the client sent them (any shape), validated over the defaults (see {@link parseEditorSettings}). */
export function readSettings(s: unknown): Settings {
  return parseEditorSettings(s).settings;
}

/** The engine options of a workspace folder: the project's `.dind-doctor.json`, with the editor settings winning. */
export function workspaceOptions(root: string, settings: Settings, project: ProjectConfig = {}): WorkspaceOptions {
  const analyze: AnalyzeOptions = {
    rules: { ...(project.rules ?? {}), ...settings.rules },
    runner: runnerSettings(settings, project),
    schemaValidation: settings.schemaValidation && project.schemaValidation !== false,
  };
  if (settings.ciSchemaValidation === false) analyze.ciSchemaValidation = false;
  const out: WorkspaceOptions = {
    roots: [root],
    analyze,
    ciFiles: [...(project.ciFiles ?? []), ...settings.ciFiles],
    runnerConfigFiles: [...(project.runnerConfigFiles ?? []), ...settings.runnerConfigFiles],
  };
  // dindDoctor.runnerConfigs: chosen runner configs replace the pairing by folder (paths relative to the folder)
  const chosen = (settings.runnerConfigs ?? []).map((p) => (posix.isAbsolute(p) ? p : posix.join(root, p)));
  if (chosen.length) out.runnerConfigs = chosen;
  return out;
}

/** `dindDoctor.runner.*` over the project's `runner`; keys that say nothing are left out. */
function runnerSettings(settings: Settings, project: ProjectConfig): NonNullable<AnalyzeOptions['runner']> {
  const r = settings.runner;
  const out: NonNullable<AnalyzeOptions['runner']> = { executor: r.executor || project.runner?.executor || undefined };
  const profile = r.profile || project.runner?.profile;
  if (profile) out.profile = profile;
  const mtu = typeof r.mtu === 'number' && Number.isInteger(r.mtu) && r.mtu > 0 ? r.mtu : project.runner?.mtu;
  if (mtu) out.mtu = mtu;
  return out;
}
