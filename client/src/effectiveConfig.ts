/**
 * "dind-doctor: Show effective configuration": a read-only virtual document (scheme `dind-doctor-effective`) with
 * a job, or the whole pipeline, as GitLab reads it, each value commented with where it was written. The text comes
 * from the language server (`dindDoctor/effectiveConfig`); the client only shows it and refreshes it while the CI
 * files change.
 */
import * as vscode from 'vscode';
import {
  EFFECTIVE_CONFIG_SCHEME, type EffectiveConfigParams, type EffectiveConfigResult,
} from '../../common/effective-config';

export type EffectiveRequest = (params: EffectiveConfigParams) => Promise<EffectiveConfigResult>;

/** What a virtual document shows: the CI file and the job (none: the whole pipeline). */
interface Shown { uri: string; job?: string }

function shownOf(uri: vscode.Uri): Shown { return JSON.parse(uri.query) as Shown; }

export function effectiveUri(shown: Shown): vscode.Uri {
  const base = shown.uri.split('/').pop() ?? 'pipeline';
  const name = shown.job !== undefined ? `${shown.job.replace(/[/\\]/g, '-')} (effective).yml` : `${decodeURIComponent(base)} pipeline (effective).yml`;
  return vscode.Uri.from({ scheme: EFFECTIVE_CONFIG_SCHEME, path: `/${name}`, query: JSON.stringify(shown) });
}

export class EffectiveConfigProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly request: EffectiveRequest) {
    // an edit of any YAML file may change what an open effective document shows: refresh them, debounced
    this.subscription = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.scheme !== 'file' || !/\.ya?ml$/.test(e.document.uri.path)) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === EFFECTIVE_CONFIG_SCHEME) this.changed.fire(doc.uri);
      }, 400);
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const shown = shownOf(uri);
    try {
      const r = await this.request({ uri: shown.uri, job: shown.job, render: true });
      return r.text ?? `# ${r.problem ?? 'Nothing to show.'}\n`;
    } catch (e) {
      return `# The effective configuration could not be computed: ${e instanceof Error ? e.message : String(e)}\n`;
    }
  }

  dispose(): void { if (this.timer) clearTimeout(this.timer); this.subscription.dispose(); this.changed.dispose(); }
}

/**
 * The command: `(uri, job)` from a code lens; from the palette, the job at the cursor of the active CI file, else a
 * pick of "Whole pipeline" and the pipeline's jobs.
 */
export async function showEffectiveConfig(request: EffectiveRequest, uriArg?: unknown, jobArg?: unknown): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const uri = typeof uriArg === 'string' ? uriArg : uriArg instanceof vscode.Uri ? uriArg.toString() : editor?.document.uri.toString();
  if (!uri || !uri.startsWith('file:')) {
    void vscode.window.showInformationMessage('dind-doctor: open a GitLab CI file to show its effective configuration.');
    return;
  }
  let job = typeof jobArg === 'string' ? jobArg : undefined;
  if (job === undefined) {
    const position = editor && editor.document.uri.toString() === uri ? editor.selection.active : undefined;
    const r = await request({ uri, position: position && { line: position.line, character: position.character } });
    if (r.problem) { void vscode.window.showWarningMessage(`dind-doctor: ${r.problem}`); return; }
    job = r.job;
    if (job === undefined) {
      const whole = '$(list-tree) Whole pipeline';
      const pick = await vscode.window.showQuickPick([whole, ...r.jobs], { placeHolder: 'Show the effective configuration of…' });
      if (pick === undefined) return;
      job = pick === whole ? undefined : pick;
    }
  }
  let doc = await vscode.workspace.openTextDocument(effectiveUri({ uri, job }));
  if (doc.languageId !== 'yaml') doc = await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: false });
}
