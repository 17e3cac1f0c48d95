/**
 * `dindDoctor.showRuleDocs`: opens `docs/rules/<id>.md` from the extension folder in the Markdown preview. Argument:
 * a rule id (string), `{ ruleId }` / `{ id }`, a one-element array of those, or nothing (QuickPick of the bundled
 * pages). Diagnostics link to the same pages by `file://` URI (`codeDescription.href`, built by the server from the
 * `extensionPath` initialization option); {@link showRuleDocAsPreview} turns such a page, once opened as text,
 * into its preview.
 */
import * as vscode from 'vscode';

const ID = /^[a-z0-9][a-z0-9-]*$/;

export function ruleDocsFolder(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules');
}

export function ruleIdOf(arg: unknown): string | undefined {
  if (Array.isArray(arg)) return ruleIdOf(arg[0]);
  if (typeof arg === 'string') return arg.trim() || undefined;
  if (arg && typeof arg === 'object') {
    const a = arg as Record<string, unknown>;
    const v = a.ruleId ?? a.id ?? a.code;
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'string') return (v as { value: string }).value;
  }
  return undefined;
}

export async function listRuleIds(extensionUri: vscode.Uri): Promise<string[]> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(ruleDocsFolder(extensionUri));
    return entries.filter(([n, t]) => t === vscode.FileType.File && n.endsWith('.md')).map(([n]) => n.slice(0, -3)).filter((n) => ID.test(n)).sort();
  } catch {
    return [];
  }
}

/** The first sentence of the page's "What it checks" section, as the QuickPick detail. */
async function summaryOf(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    // the first sentence under "## What it checks" (every page has that section; its title is only the id)
    const body = /^## What it checks\s*\n+((?:[^\n]+\n?)+)/m.exec(text)?.[1];
    if (!body) return undefined;
    const plain = body.replace(/\s*\n\s*/g, ' ').replace(/\*\*|`/g, '').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').replace(/^[-|]\s*/, '').trim();
    const sentence = /^.*?\.(?=\s|$)/.exec(plain)?.[0] ?? plain;
    return sentence.length > 140 ? sentence.slice(0, 139) + '…' : sentence;
  } catch {
    return undefined;
  }
}

export async function showRuleDocs(extensionUri: vscode.Uri, arg?: unknown): Promise<void> {
  let id = ruleIdOf(arg);
  const ids = await listRuleIds(extensionUri);
  if (id !== undefined && (!ID.test(id) || !ids.includes(id))) {
    void vscode.window.showWarningMessage(`dind-doctor: no documentation page for rule "${id}".`);
    id = undefined;
  }
  if (id === undefined) {
    if (ids.length === 0) { void vscode.window.showErrorMessage('dind-doctor: no rule documentation is bundled with this extension.'); return; }
    const items = await Promise.all(ids.map(async (r) => ({ label: r, detail: await summaryOf(vscode.Uri.joinPath(ruleDocsFolder(extensionUri), `${r}.md`)) })));
    const chosen = await vscode.window.showQuickPick(items, { title: 'dind-doctor: Rule documentation', placeHolder: 'Pick a rule', matchOnDetail: true });
    if (!chosen) return;
    id = chosen.label;
  }
  await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(ruleDocsFolder(extensionUri), `${id}.md`));
}

/** Whether a Uri is one of the bundled rule pages. */
export function isRuleDoc(extensionUri: vscode.Uri, uri: vscode.Uri): boolean {
  const folder = ruleDocsFolder(extensionUri);
  return uri.scheme === folder.scheme && uri.path.endsWith('.md') && uri.path.startsWith(folder.path + '/');
}

const busy = new Set<string>();

/**
 * A rule page opened as text (a diagnostic's `codeDescription` link) is shown as its Markdown preview instead, and
 * the text tab is closed.
 */
export async function showRuleDocAsPreview(uri: vscode.Uri): Promise<void> {
  const key = uri.toString();
  if (busy.has(key)) return;
  busy.add(key);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key);
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
  } finally {
    busy.delete(key);
  }
}
