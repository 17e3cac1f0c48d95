// Session "main", folder complete/: completion and key hovers from the language server, as VS Code asks for them.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { test } from './framework';
import { wsUri, waitFor } from './util';

const S = 'main';

async function open(rel: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument(wsUri(rel));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor };
}

/** Types `text` at the end of line `line` (as a user would, through an edit), then asks for completions there. */
async function completeAfter(editor: vscode.TextEditor, line: number, text: string, want: string): Promise<vscode.CompletionItem> {
  const end = editor.document.lineAt(line).range.end;
  await editor.edit((e) => e.insert(end, text));
  const pos = editor.document.lineAt(line).range.end;
  let labels: string[] = [];
  return waitFor(async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, pos);
    labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    return list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === want && i.documentation !== undefined);
  }, `completion item ${want} with documentation (got ${labels.slice(0, 30).join(', ')})`, 20_000);
}

function docOf(item: vscode.CompletionItem): string {
  const d = item.documentation;
  return typeof d === 'string' ? d : d?.value ?? '';
}

async function accept(editor: vscode.TextEditor, item: vscode.CompletionItem): Promise<void> {
  const range = item.range instanceof vscode.Range ? item.range : (item.range as { replacing: vscode.Range }).replacing;
  const text = typeof item.insertText === 'string' ? item.insertText : item.insertText?.value ?? String(item.label);
  await editor.edit((e) => e.replace(range, text));
}

test(S, 'completion: a CI keyword inside a job, with GitLab\'s description, inserted over the typed word; hover on the job', async () => {
  const { doc, editor } = await open('complete/.gitlab-ci.yml');
  const scriptLine = doc.getText().split('\n').indexOf('    - docker build -t app .');
  assert.ok(scriptLine > 0);
  await editor.edit((e) => e.insert(new vscode.Position(scriptLine + 1, 0), '  artif\n'));
  const item = await completeAfter(editor, scriptLine + 1, '', 'artifacts');
  assert.match(docOf(item), /docs\.gitlab\.com\/ci\/yaml\/#artifacts/, 'GitLab\'s description with its link');
  await accept(editor, item);
  assert.ok(doc.getText().includes('  script:\n    - docker build -t app .\n  artifacts:\n    \n'), `inserted as a map:\n${doc.getText()}`);
  const hover = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(doc.getText().split('\n').indexOf('build:'), 2));
  const text = hover.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  assert.match(text, /\*\*Job\*\* `build` — effective configuration/, `hover on the job: ${text}`);
  assert.match(text, /`docker:29-dind` — from `\.docker`/, `services with their origin: ${text}`);
}, 60_000);

test(S, 'completion: a runner key in config.toml, in its table, with type and a link to GitLab Runner\'s docs', async () => {
  const { doc, editor } = await open('complete/config.toml');
  const line = doc.getText().split('\n').indexOf('    privileged = true');
  assert.ok(line > 0);
  await editor.edit((e) => e.insert(new vscode.Position(line + 1, 0), '    tls_v\n'));
  const item = await completeAfter(editor, line + 1, '', 'tls_verify');
  assert.match(docOf(item), /Type: `boolean`/);
  assert.match(docOf(item), /https:\/\/docs\.gitlab\.com\/runner\/configuration\/advanced-configuration\/#the-runnersdocker-section/);
  await accept(editor, item);
  assert.ok(doc.getText().includes('    privileged = true\n    tls_verify = \n'), `inserted:\n${doc.getText()}`);
}, 60_000);
