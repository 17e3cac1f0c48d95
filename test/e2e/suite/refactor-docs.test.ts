// Session "main" (continued): the "Convert '<job>' to Buildah" rewrite (fixtures/workspace/convert) and
// dindDoctor.showRuleDocs opening a bundled rule page in the Markdown preview.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { BUILDAH_TAG } from '../../../common/pins';
import { log, test } from './framework';
import { ext, rangeIn, readText, waitFor, waitForDiag, waitNoDiag, wsUri } from './util';

const S = 'main';

type Action = vscode.CodeAction | vscode.Command;
const isCodeAction = (a: Action): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string';

test(S, "refactor: \"Convert 'build-image' to Buildah\" on a dind job rewrites image, services and build/push lines, keeps the rest", async () => {
  const uri = wsUri('convert/.gitlab-ci.yml');
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  const original = doc.getText();
  const before = parse(original) as Record<string, Record<string, unknown>>;
  // the server has analysed the file (the dind service is reported) before the code actions are asked for
  await waitForDiag(uri, 'dind-registry-rate-limits');
  const at = rangeIn(original, 'build-image', 'build-image:');
  const title = "Convert 'build-image' to Buildah";
  let actions: vscode.CodeAction[] = [];
  await waitFor(async () => {
    const all = await vscode.commands.executeCommand<Action[]>('vscode.executeCodeActionProvider', uri, at, vscode.CodeActionKind.RefactorRewrite.value, 50);
    actions = (all ?? []).filter(isCodeAction);
    return actions.some((a) => a.title === title);
  }, `code action "${title}" on the job name line`);
  const titles = actions.map((a) => a.title);
  log(`rewrite actions: ${JSON.stringify(titles)}`);
  for (const t of ["Convert 'build-image' to BuildKit rootless", "Convert 'build-image' to Kaniko"]) {
    assert.ok(titles.includes(t), `"${t}" offered too (got ${JSON.stringify(titles)})`);
  }
  const action = actions.find((a) => a.title === title)!;
  assert.ok(action.kind && vscode.CodeActionKind.RefactorRewrite.contains(action.kind), `kind refactor.rewrite (got ${action.kind?.value})`);
  assert.strictEqual(action.disabled, undefined, `not disabled (reason: ${action.disabled?.reason})`);
  assert.ok(action.edit, 'the conversion carries a WorkspaceEdit');
  assert.ok(await vscode.workspace.applyEdit(action.edit), 'workspace.applyEdit succeeded');
  assert.ok(await doc.save(), 'saved');

  const disk = await readText(uri);
  log(`converted:\n${disk}`);
  let after: Record<string, Record<string, unknown>>;
  try { after = parse(disk) as typeof after; } catch (e) { throw new Error(`the converted file is not valid YAML (${(e as Error).message}):\n${disk}`); }
  const job = after['build-image'];
  assert.ok(job && typeof job === 'object', `job build-image still there:\n${disk}`);
  assert.strictEqual(job.image, `quay.io/buildah/stable:${BUILDAH_TAG}`, 'image');
  assert.ok(!('services' in job), `no services: left in the job:\n${disk}`);
  assert.doesNotMatch(disk, /^\s*services:/m, 'no services: anywhere in the file');
  assert.deepStrictEqual(job.script, [
    'buildah build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .',
    'buildah push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"',
  ], 'script: buildah build / buildah push');
  assert.match(disk, /^ {4}- buildah build -t "\$CI_REGISTRY_IMAGE:\$CI_COMMIT_SHA" \.$/m, 'buildah build line, indented like the original');
  assert.match(disk, /^ {4}- buildah push "\$CI_REGISTRY_IMAGE:\$CI_COMMIT_SHA"$/m, 'buildah push line, indented like the original');
  assert.doesNotMatch(disk, /\bdocker (build|push|login)\b/, 'no docker build/push/login left');
  const vars = (job.variables ?? {}) as Record<string, unknown>;
  assert.deepStrictEqual(Object.keys(vars).filter((k) => k.startsWith('DOCKER_')), [], `no DOCKER_* variables left (got ${JSON.stringify(vars)})`);
  // every other key of the job, and the other job and the stages, unchanged — as data and as written
  for (const k of ['stage', 'rules', 'tags']) assert.deepStrictEqual(job[k], before['build-image'][k], `build-image.${k} unchanged`);
  const block = (text: string, key: string) => { const m = new RegExp(`^  ${key}:.*\\n(?: {4}.*\\n)*`, 'm').exec(text); return m?.[0]; };
  for (const k of ['stage', 'rules', 'tags']) assert.strictEqual(block(disk, k), block(original, k), `build-image.${k} text unchanged`);
  assert.deepStrictEqual(after['unit-tests'], before['unit-tests'], 'the other job unchanged');
  assert.ok(disk.endsWith(original.slice(original.indexOf('\nunit-tests:'))), 'the other job unchanged as written');
  assert.deepStrictEqual(after.stages, before.stages, 'stages unchanged');
  // the engine no longer sees a dind service in this pipeline
  await waitNoDiag(uri, 'dind-registry-rate-limits');
}, 40_000);

test(S, 'rule docs: dindDoctor.showRuleDocs("dind-tls-port-mismatch") opens the bundled page in the Markdown preview', async () => {
  const page = vscode.Uri.joinPath(ext().extensionUri, 'docs', 'rules', 'dind-tls-port-mismatch.md');
  const isPreview = (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('markdown.preview');
  const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
  const describeTabs = () => tabs().map((t) => `${t.label} [${t.input instanceof vscode.TabInputWebview ? `webview ${t.input.viewType}` : t.input instanceof vscode.TabInputText ? `text ${t.input.uri}` : typeof t.input}]`).join(', ');
  assert.ok(!tabs().some(isPreview), `no Markdown preview open yet (tabs: ${describeTabs()})`);
  await vscode.commands.executeCommand('dindDoctor.showRuleDocs', 'dind-tls-port-mismatch');
  let tab: vscode.Tab | undefined;
  try {
    tab = await waitFor(() => tabs().find((t) => isPreview(t) && t.label.includes('dind-tls-port-mismatch.md')), 'a Markdown preview tab of dind-tls-port-mismatch.md');
  } catch (e) {
    throw new Error(`${(e as Error).message}; tabs: ${describeTabs()}`);
  }
  log(`rule docs tab: "${tab.label}" (${(tab.input as vscode.TabInputWebview).viewType}), active ${tab.isActive}`);
  assert.ok(tab.isActive, 'the preview is the active tab');
  // the preview renders the page from the extension folder (the Markdown extension opens that very document)
  await waitFor(() => vscode.workspace.textDocuments.some((d) => d.uri.toString() === page.toString()), `the previewed document to be ${page.toString()}`);
  const text = await readText(page);
  assert.match(text, /^# dind-tls-port-mismatch$/m, 'the bundled page has the rule as its heading');
  assert.ok(!tabs().some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === page.toString()), 'the page is not opened as text');
  await vscode.window.tabGroups.close(tab);
});
