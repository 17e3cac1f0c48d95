/**
 * `dindDoctor.server.runnerSettings` (see common/runner-settings.ts): the runner configs the engines discovered, in
 * the order the picker offers them (shallowest path first), each with its executor and, when a strategy and an
 * executor are given, the planned runner edits as an LSP WorkspaceEdit with one confirmable annotation per change.
 */
import type { ChangeAnnotation, WorkspaceEdit } from 'vscode-languageserver/node';
import type { RunnerConfigSettings, RunnerSettingsParams, RunnerSettingsResult } from '../../../common/runner-settings';
import { runnerNeeds, STRATEGIES } from '../../../common/strategies';
import { executorOf, planRunnerEdits, type LabelledEdit } from '../edits/runner-needs';
import type { Workspace } from '../engine/workspace';
import { LineIndex } from '../formats/text';

export interface RunnerSettingsEnv {
  /** One engine per workspace folder, with the folder. */
  workspaces: { root: string; ws: Workspace }[];
  /** Open documents first, then disk. */
  readFile(path: string): string | undefined;
  uriOf(path: string): string;
}

export function runnerSettings(arg: unknown, env: RunnerSettingsEnv): RunnerSettingsResult {
  const params = readParams(arg);
  const found = new Map<string, string>(); // path → workspace folder
  for (const { root, ws } of env.workspaces) {
    const d = ws.discover();
    for (const p of [...d.runnerConfigs, ...d.helmValues]) if (!found.has(p)) found.set(p, root);
  }
  const paths = [...found.keys()].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  const files: RunnerConfigSettings[] = [];
  for (const path of paths) {
    const text = env.readFile(path);
    if (text === undefined) continue;
    const helm = /\.ya?ml$/i.test(path);
    const executor = executorOf(path, text);
    if (helm && !executor) continue;
    const root = found.get(path)!;
    const uri = env.uriOf(path);
    const file: RunnerConfigSettings = { uri, relativePath: path.startsWith(root + '/') ? path.slice(root.length + 1) : path, helm, executor };
    const want = params.executor;
    const needs = params.strategy && want ? runnerNeeds(params.strategy, want) : [];
    if (want && needs.length && executor === want) {
      const plan = planRunnerEdits(path, text, want, needs);
      file.runner = plan.runner;
      file.notes = plan.notes;
      if (plan.problem) file.problem = plan.problem;
      else {
        file.labels = plan.edits.map((e) => e.label);
        file.edit = workspaceEdit(uri, text, plan.edits, file.relativePath);
      }
    }
    files.push(file);
  }
  return { files };
}

/** The plan as a WorkspaceEdit: one text edit per change, each with its own label and `needsConfirmation`. */
export function workspaceEdit(uri: string, text: string, edits: LabelledEdit[], description: string): WorkspaceEdit {
  const lines = new LineIndex(text);
  const changeAnnotations: Record<string, ChangeAnnotation> = {};
  const textEdits = edits.map((e, i) => {
    const id = `dind-doctor.runner-settings.${i}`;
    changeAnnotations[id] = { label: e.label, needsConfirmation: true, description };
    return { range: lines.range(e.edit.start, e.edit.end), newText: e.edit.newText, annotationId: id };
  });
  return { documentChanges: textEdits.length ? [{ textDocument: { uri, version: null }, edits: textEdits }] : [], changeAnnotations };
}

function readParams(arg: unknown): RunnerSettingsParams {
  const a = (arg && typeof arg === 'object' ? arg : {}) as Record<string, unknown>;
  const strategy = STRATEGIES.find((s) => s.id === a.strategy)?.id;
  const executor = a.executor === 'docker' || a.executor === 'kubernetes' ? a.executor : undefined;
  return { strategy, executor };
}
