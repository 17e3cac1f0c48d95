// Session "main" (continued): navigation, outline and "Show effective configuration" in fixtures/workspace/nav
// (a CI file whose job extends a template of an included file).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { log, test } from './framework';
import { fmt, rangeIn, waitFor, wsUri } from './util';

const S = 'main';

async function openCi(): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(wsUri('nav/.gitlab-ci.yml'));
  return vscode.window.showTextDocument(doc, { preview: false });
}

test(S, 'F12 on extends: lands on the template in the included file', async () => {
  const editor = await openCi();
  const at = rangeIn(editor.document.getText(), '.docker', 'extends:').start.translate(0, 2);
  const base = wsUri('nav/.gitlab/ci/base.yml');
  const defs = await waitFor(async () => {
    const r = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', editor.document.uri, at);
    return r?.length ? r : undefined;
  }, 'a definition for .docker', 20_000);
  const uriOf = (l: vscode.Location | vscode.LocationLink) => ('targetUri' in l ? l.targetUri : l.uri).toString();
  const rangeOf = (l: vscode.Location | vscode.LocationLink) => ('targetUri' in l ? l.targetSelectionRange ?? l.targetRange : l.range);
  assert.deepStrictEqual(defs.map((d) => `${vscode.workspace.asRelativePath(vscode.Uri.parse(uriOf(d)))}@${fmt(rangeOf(d))}`), ['nav/.gitlab/ci/base.yml@1:0-1:7']);
  // the real key press: the cursor on `.docker`, then Go to Definition opens base.yml at the template
  editor.selection = new vscode.Selection(at, at);
  await vscode.commands.executeCommand('editor.action.revealDefinition');
  const landed = await waitFor(() => {
    const e = vscode.window.activeTextEditor;
    return e && e.document.uri.toString() === base.toString() ? e : undefined;
  }, 'base.yml to become the active editor', 10_000);
  assert.strictEqual(landed.selection.active.line, 1, 'the cursor is on the .docker line');
  assert.strictEqual(landed.document.lineAt(1).text, '.docker:');
  log(`definition: ${vscode.workspace.asRelativePath(landed.document.uri)}:${landed.selection.active.line + 1}`);
});

test(S, 'Outline: the CI file lists its stages, jobs and include; the include path is a link', async () => {
  const editor = await openCi();
  const symbols = await waitFor(async () => {
    const r = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri);
    return r?.length ? r : undefined;
  }, 'document symbols', 20_000);
  assert.deepStrictEqual(symbols.map((s) => `${s.name}:${vscode.SymbolKind[s.kind]}`), ['include:Module', 'stages:Array', 'build:Function', 'test:Function']);
  const build = symbols.find((s) => s.name === 'build')!;
  assert.strictEqual(build.detail, 'stage build · extends .docker');
  assert.strictEqual(build.selectionRange.start.line, 5);
  const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', editor.document.uri);
  const ours = links.filter((l) => l.target?.path.endsWith('/nav/.gitlab/ci/base.yml'));
  assert.strictEqual(ours.length, 1, `one link to base.yml (got ${JSON.stringify(links.map((l) => l.target?.toString()))})`);
  assert.strictEqual(ours[0].range.start.line, 1);
});

test(S, 'Show effective configuration: the code lens on a job opens a read-only YAML document with origins', async () => {
  const editor = await openCi();
  const lenses = await waitFor(async () => {
    const r = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 10);
    return r?.some((l) => l.command?.command === 'dindDoctor.showEffectiveConfig') ? r : undefined;
  }, 'the effective configuration code lenses', 20_000);
  const mine = lenses.filter((l) => l.command?.command === 'dindDoctor.showEffectiveConfig');
  assert.deepStrictEqual(mine.map((l) => [l.range.start.line, l.command!.title, l.command!.arguments?.[1]]), [
    [5, 'Show effective configuration', 'build'], [11, 'Show effective configuration', 'test'],
  ]);
  const lens = mine[0];
  await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
  const shown = await waitFor(() => {
    const e = vscode.window.visibleTextEditors.find((x) => x.document.uri.scheme === 'dind-doctor-effective');
    return e && e.document.getText().includes('build:') ? e : undefined;
  }, 'the effective configuration document', 20_000);
  const text = shown.document.getText();
  log(`effective configuration:\n${text}`);
  assert.strictEqual(shown.document.languageId, 'yaml');
  assert.match(text, /^ {2}image: docker:29-cli {2}# from nav\/\.gitlab\/ci\/base\.yml:3 \(extends \.docker\)$/m);
  assert.match(text, /^ {4}DOCKER_HOST: tcp:\/\/docker:2376 {2}# from nav\/\.gitlab\/ci\/base\.yml:8 \(extends \.docker\)$/m);
  assert.match(text, /^ {2}stage: build {2}# from nav\/\.gitlab-ci\.yml:8$/m);
  const doc = parse(text) as { build: { image: string; services: unknown[]; script: string[] } };
  assert.deepStrictEqual(doc.build.services, [{ name: 'docker:29-dind', alias: 'docker' }]);
  assert.deepStrictEqual(doc.build.script, ['docker build -t app .']);
  // nothing behind it can be written: no file system serves the scheme (the editor itself is read-only: UI suite)
  await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(shown.document.uri, new TextEncoder().encode('x'))), 'no file system behind dind-doctor-effective');
  assert.strictEqual(shown.document.isUntitled, false);
});
