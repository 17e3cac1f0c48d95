/**
 * The status bar item of a CI file: which runner configuration dind-doctor judges its jobs against (a runner config,
 * several, GitLab's hosted runners, an assumed executor, or none) — something VS Code cannot show — from the
 * language server's `dindDoctor/runnerPairing` request. A click chooses the runner configuration
 * (`dindDoctor.chooseRunnerConfig`), kept in the `dindDoctor.runnerConfigs` setting.
 */
import * as vscode from 'vscode';
import { pairingLabel, runnerConfigChoices, type RunnerConfigOption, type RunnerPairing } from '../../common/runner-pairing';

export const CHOOSE_RUNNER_CONFIG = 'dindDoctor.chooseRunnerConfig';

export function createStatusItem(requestPairing: (uri: string) => Promise<RunnerPairing | undefined>): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('dindDoctor.runnerPairing', vscode.StatusBarAlignment.Left, 50);
  item.name = 'dind-doctor runner configuration';
  item.command = CHOOSE_RUNNER_CONFIG;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  const update = async () => {
    timer = undefined;
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== 'yaml' || doc.uri.scheme !== 'file') { item.hide(); return; }
    const mine = ++generation;
    let pairing: RunnerPairing | undefined;
    try { pairing = await requestPairing(doc.uri.toString()); } catch { pairing = undefined; }
    if (mine !== generation) return; // a newer update is under way
    if (!pairing?.ci) { item.hide(); return; }
    const { text, tooltip } = pairingLabel(pairing);
    item.text = text;
    item.tooltip = tooltip;
    item.show();
  };
  const schedule = () => { if (timer) clearTimeout(timer); timer = setTimeout(() => void update(), 150); };
  const subs = [
    item,
    vscode.window.onDidChangeActiveTextEditor(schedule),
    // the server re-analyses after edits, saves and setting changes, and publishes diagnostics for the active file
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some((u) => u.toString() === active)) schedule();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('dindDoctor')) schedule(); }),
    vscode.workspace.onDidSaveTextDocument(schedule),
    { dispose: () => { if (timer) clearTimeout(timer); } },
  ];
  schedule();
  return vscode.Disposable.from(...subs);
}

/**
 * Quick pick of the runner configs the workspace holds (as the language server found them), kept in
 * `dindDoctor.runnerConfigs` for the workspace, or automatic pairing by folder.
 */
export async function chooseRunnerConfig(found: () => Promise<RunnerConfigOption[]>, output: vscode.OutputChannel): Promise<void> {
  const files = await found();
  const config = vscode.workspace.getConfiguration('dindDoctor');
  const current = config.inspect<string[]>('runnerConfigs')?.workspaceValue;
  if (!files.length) {
    const open = 'Open Settings';
    const pick = await vscode.window.showInformationMessage('dind-doctor found no runner config (config.toml or gitlab-runner Helm values) in the workspace. Without one, set the executor your runners use or a runner profile.', open);
    if (pick === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'dindDoctor.runner');
    return;
  }
  const choices = runnerConfigChoices(files, current);
  const picked = await vscode.window.showQuickPick(choices.map((c) => ({ ...c, picked: c.current })), {
    title: 'dind-doctor: runner configuration for the CI files',
    placeHolder: 'Which runner configuration do the jobs of this workspace run on?',
  });
  if (!picked) return;
  await config.update('runnerConfigs', picked.setting, vscode.ConfigurationTarget.Workspace);
  output.appendLine(`[client] runner configuration: ${picked.setting ? `CI files are judged against ${picked.setting.join(', ')} (dindDoctor.runnerConfigs)` : 'automatic (the nearest runner configs to each CI file)'}`);
}
