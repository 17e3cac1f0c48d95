/**
 * The status bar item: while a CI file or runner config is active, the number of dind-doctor findings in the
 * workspace (diagnostics whose source is `dind-doctor`); a click opens the Problems view.
 */
import * as vscode from 'vscode';

export const SOURCE = 'dind-doctor';
const CI_FILE = /(^|\/)([^/]*\.)?gitlab-ci\.ya?ml$/;

export interface Counts { error: number; warning: number; info: number; files: number }

export function countFindings(all: readonly [vscode.Uri, readonly vscode.Diagnostic[]][]): Counts {
  const c: Counts = { error: 0, warning: 0, info: 0, files: 0 };
  for (const [, diags] of all) {
    let any = false;
    for (const d of diags) {
      if (d.source !== SOURCE) continue;
      any = true;
      if (d.severity === vscode.DiagnosticSeverity.Error) c.error++;
      else if (d.severity === vscode.DiagnosticSeverity.Warning) c.warning++;
      else c.info++;
    }
    if (any) c.files++;
  }
  return c;
}

/** Whether the document is one dind-doctor serves: a CI file, a TOML file, Helm values, or a file with our findings. */
export function isServedDocument(doc: vscode.TextDocument): boolean {
  if (doc.languageId === 'toml') return true;
  if (doc.languageId !== 'yaml') return false;
  if (CI_FILE.test(doc.uri.path)) return true;
  if (vscode.languages.getDiagnostics(doc.uri).some((d) => d.source === SOURCE)) return true;
  const head = doc.getText(new vscode.Range(0, 0, 2000, 0));
  return /^runners:/m.test(head) && /^[ \t]+config:/m.test(head);
}

export function createStatusItem(): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('dindDoctor.findings', vscode.StatusBarAlignment.Left, 50);
  item.name = 'dind-doctor findings';
  item.command = 'workbench.actions.view.problems';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const update = () => {
    timer = undefined;
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isServedDocument(editor.document)) { item.hide(); return; }
    const c = countFindings(vscode.languages.getDiagnostics());
    const total = c.error + c.warning + c.info;
    item.text = total === 0 ? '$(check) dind-doctor' : `${c.error ? '$(error)' : c.warning ? '$(warning)' : '$(info)'} dind-doctor: ${total}`;
    item.tooltip = total === 0
      ? 'dind-doctor: no findings in the workspace'
      : `dind-doctor: ${c.error} error(s), ${c.warning} warning(s), ${c.info} info in ${c.files} file(s) — click to open the Problems view`;
    item.backgroundColor = c.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : c.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  const schedule = () => { if (!timer) timer = setTimeout(update, 150); };
  const subs = [
    item,
    vscode.languages.onDidChangeDiagnostics(schedule),
    vscode.window.onDidChangeActiveTextEditor(schedule),
    { dispose: () => { if (timer) clearTimeout(timer); } },
  ];
  schedule();
  return vscode.Disposable.from(...subs);
}
