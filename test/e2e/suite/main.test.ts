// Session "main": fixtures/workspace, one folder per scenario (each with its own runner config, so the engine's
// "runner configs under the nearest folder that has any" association keeps scenarios apart).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { log, test } from './framework';
import {
  assertRange, codeOf, describe, ext, fmt, ours, rangeIn, readText, setRules, SOURCE, waitFor, waitForDiag, waitNoDiag, writeText, wsUri,
} from './util';

const S = 'main';

async function open(rel: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(wsUri(rel));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

test(S, 'activated by workspaceContains:**/.gitlab-ci.yml before any file is opened; commands registered', async () => {
  const opened = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => vscode.workspace.asRelativePath(d.uri));
  assert.deepStrictEqual(opened, [], 'no workspace file is open yet');
  await waitFor(() => ext().isActive, 'dind-doctor to activate without any file opened', 20_000);
  const cmds = await vscode.commands.getCommands(true);
  for (const c of ['dindDoctor.chooseBuildStrategy', 'dindDoctor.showRuleDocs', 'dindDoctor.restartServer']) {
    assert.ok(cmds.includes(c), `command ${c} is registered`);
  }
});

test(S, 'CI file: dind-tls-port-mismatch as an Error on the DOCKER_HOST value, code = rule id, source dind-doctor', async () => {
  const doc = await open('tls/.gitlab-ci.yml');
  assert.strictEqual(doc.languageId, 'yaml');
  const d = await waitForDiag(doc.uri, 'dind-tls-port-mismatch');
  assert.strictEqual(d.source, SOURCE);
  assert.strictEqual(codeOf(d), 'dind-tls-port-mismatch');
  assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error, 'severity');
  assertRange(d.range, rangeIn(doc.getText(), 'tcp://docker:2375', 'DOCKER_HOST:'), 'dind-tls-port-mismatch');
  assert.match(d.message, /2376/, 'the message names the TLS port');
  const rel = d.relatedInformation ?? [];
  assert.ok(rel.some((r) => r.location.uri.toString() === doc.uri.toString() && r.location.range.start.line === rangeIn(doc.getText(), '/certs', 'DOCKER_TLS_CERTDIR:').start.line),
    `related information points at DOCKER_TLS_CERTDIR (got ${rel.map((r) => `${vscode.workspace.asRelativePath(r.location.uri)}@${fmt(r.location.range)}`).join(', ') || 'none'})`);
  log(`tls: ${describe(doc.uri)}`);
});

test(S, 'runner config.toml: dind-certs-volume-readonly on the secret volume mounted at /certs/client', async () => {
  const doc = await open('k8s/config.toml');
  assert.strictEqual(doc.languageId, 'toml');
  const d = await waitForDiag(doc.uri, 'dind-certs-volume-readonly');
  assert.strictEqual(d.source, SOURCE);
  assertRange(d.range, rangeIn(doc.getText(), '"/certs/client"', 'mount_path'), 'dind-certs-volume-readonly (config.toml)');
  log(`k8s: ${describe(doc.uri)}`);
  // its quick fix keeps the secret (moved to the registry CA path) and adds an empty_dir at /certs/client; it edits
  // a runner config, so it is a suggestion: offered, never marked preferred (only safe fixes are)
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value, 20);
  const fixes = actions.filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string' && !!(a as vscode.CodeAction).edit);
  const titles = JSON.stringify(actions.map((a) => a.title));
  assert.ok(fixes.every((a) => !a.isPreferred), `a runner-config fix is a suggestion, not preferred (got ${titles})`);
  const fix = fixes.find((a) => a.title.startsWith("Move the secret volume 'docker-client-certs' to /etc/docker/certs.d/"));
  assert.ok(fix?.edit && await vscode.workspace.applyEdit(fix.edit), `the empty_dir fix is offered and applied (got ${titles})`);
  const text = doc.getText();
  assert.match(text, /\[\[runners\.kubernetes\.volumes\.empty_dir\]\]\s*\n\s*name = "docker-certs"\s*\n\s*mount_path = "\/certs\/client"\s*\n\s*medium = "Memory"/, `empty_dir block written:\n${text}`);
  assert.match(text, /\[\[runners\.kubernetes\.volumes\.secret\]\]\s*\n\s*name = "docker-client-certs"\s*\n\s*mount_path = "\/etc\/docker\/certs\.d\/<registry-host>"/, `the secret is kept, at the registry CA path:\n${text}`);
  await waitNoDiag(doc.uri, 'dind-certs-volume-readonly');
}, 40_000);

test(S, 'Helm values: dind-certs-volume-readonly inside runners.config, at the YAML line of the config_map mount', async () => {
  const doc = await open('helm/values.yaml');
  const d = await waitForDiag(doc.uri, 'dind-certs-volume-readonly');
  assert.strictEqual(d.source, SOURCE);
  assertRange(d.range, rangeIn(doc.getText(), '"/certs/client"', 'mount_path'), 'dind-certs-volume-readonly (Helm values)');
  log(`helm: ${describe(doc.uri)}`);
});

test(S, 'cross-file: editing the runner config on disk (not open) adds and removes dind-requires-privileged in the CI file', async () => {
  const ci = await open('crossfile/.gitlab-ci.yml');
  const runner = wsUri('crossfile/config.toml');
  assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === runner.toString()), 'the runner config is not open in an editor');
  assert.deepStrictEqual(ours(ci.uri, 'dind-requires-privileged'), [], 'no dind-requires-privileged while privileged = true');
  const original = await readText(runner);
  assert.match(original, /privileged = true/);
  await writeText(runner, original.replace('privileged = true', 'privileged = false'));
  const d = await waitForDiag(ci.uri, 'dind-requires-privileged');
  assertRange(d.range, rangeIn(ci.getText(), 'docker:29-dind', '- name:'), 'dind-requires-privileged');
  assert.strictEqual(d.source, SOURCE);
  assert.ok((d.relatedInformation ?? []).some((r) => r.location.uri.toString() === runner.toString()),
    'related information points into crossfile/config.toml');
  await writeText(runner, original);
  await waitNoDiag(ci.uri, 'dind-requires-privileged');
  assert.ok(!vscode.workspace.textDocuments.some((d2) => d2.uri.toString() === runner.toString()), 'the runner config was never opened');
});

test(S, 'settings: dindDoctor.rules "warning" changes the severity, "off" removes the finding, unset restores it', async () => {
  const doc = await open('tls/.gitlab-ci.yml');
  const rule = 'dind-tls-port-mismatch';
  await waitForDiag(doc.uri, rule, (d) => d.severity === vscode.DiagnosticSeverity.Error);
  try {
    await setRules({ [rule]: 'warning' });
    await waitForDiag(doc.uri, rule, (d) => d.severity === vscode.DiagnosticSeverity.Warning);
    await setRules({ [rule]: 'off' });
    await waitNoDiag(doc.uri, rule);
  } finally {
    await setRules(undefined);
  }
  await waitForDiag(doc.uri, rule, (d) => d.severity === vscode.DiagnosticSeverity.Error);
});

test(S, 'code actions: listed for the finding; applying the preferred one removes it', async () => {
  const doc = await open('fix/.gitlab-ci.yml');
  const rule = 'dind-tls-port-mismatch';
  const d = await waitForDiag(doc.uri, rule);
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value, 20);
  // CodeActions only (a bare Command has a string `command`), and only those for this diagnostic
  const fixes = actions.filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string')
    .filter((a) => !a.diagnostics || a.diagnostics.some((x) => codeOf(x) === rule));
  const titles = fixes.map((a) => a.title);
  log(`code actions: ${JSON.stringify(titles)}`);
  assert.ok(titles.includes('Use TLS: set DOCKER_HOST to port 2376'), `fix "Use TLS: set DOCKER_HOST to port 2376" offered (got ${JSON.stringify(titles)})`);
  // a suggestion's title announces what its rules then report (the TLS-off findings)
  assert.ok(titles.some((t) => t.startsWith('Turn TLS off: set DOCKER_TLS_CERTDIR to ""')), `fix "Turn TLS off…" offered (got ${JSON.stringify(titles)})`);
  const preferred = fixes.filter((a) => a.isPreferred);
  assert.strictEqual(preferred.length, 1, `exactly one preferred fix (got ${JSON.stringify(preferred.map((a) => a.title))})`);
  const fix = preferred[0];
  assert.strictEqual(fix.title, 'Use TLS: set DOCKER_HOST to port 2376');
  assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), 'kind quickfix');
  // (vscode.executeCodeActionProvider does not convert CodeAction.diagnostics back, so the association is not checkable here)
  assert.ok(fix.edit, 'the fix carries a WorkspaceEdit');
  assert.ok(await vscode.workspace.applyEdit(fix.edit), 'workspace.applyEdit succeeded');
  assert.match(doc.getText(), /DOCKER_HOST: tcp:\/\/docker:2376\n/);
  await waitNoDiag(doc.uri, rule);
  assert.ok(await doc.save(), 'saved');
  assert.match(await readText(doc.uri), /DOCKER_HOST: tcp:\/\/docker:2376\n/, 'the fix is on disk');
  await waitNoDiag(doc.uri, rule);
});

test(S, 'Fix All on save: editor.codeActionsOnSave {"source.fixAll.dindDoctor": "explicit"} fixes the file when it is saved', async () => {
  const doc = await open('fixall/.gitlab-ci.yml');
  const rule = 'dind-tls-port-mismatch';
  await waitForDiag(doc.uri, rule);
  const before = doc.getText();
  assert.match(before, /DOCKER_HOST: tcp:\/\/docker:2375\n/);
  const editor = vscode.workspace.getConfiguration('editor', doc);
  await editor.update('codeActionsOnSave', { 'source.fixAll.dindDoctor': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
  try {
    await waitFor(() => {
      const v = vscode.workspace.getConfiguration('editor', doc).get<Record<string, string>>('codeActionsOnSave');
      return v?.['source.fixAll.dindDoctor'] === 'explicit';
    }, 'the codeActionsOnSave setting to apply');
    // the user types something and saves (Ctrl+S): the save runs dind-doctor's fix all first
    const typed = new vscode.WorkspaceEdit();
    typed.insert(doc.uri, new vscode.Position(0, 0), '# build pipeline\n');
    assert.ok(await vscode.workspace.applyEdit(typed), 'typed a comment');
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.save');
    const disk = await waitFor(async () => { const t = await readText(doc.uri); return t.startsWith('# build pipeline\n') && t; }, 'the saved file on disk');
    assert.match(disk, /DOCKER_HOST: tcp:\/\/docker:2376\n/, `fix all ran on save:\n${disk}`);
    assert.strictEqual(disk, '# build pipeline\n' + before.replace('tcp://docker:2375', 'tcp://docker:2376'), 'only the safe fix and the typed line changed');
    assert.ok(!doc.isDirty, 'the fixed text is what was saved');
    await waitNoDiag(doc.uri, rule);
  } finally {
    await editor.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
  }
}, 40_000);

test(S, 'workspace analysis: a CI file never opened has diagnostics from start-up; one written later gets them from "dind-doctor: Analyse workspace"', async () => {
  const uri = wsUri('wsanalysis/.gitlab-ci.yml');
  const isOpen = (u: vscode.Uri) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === u.toString());
  assert.ok(!isOpen(uri), 'the file is not open');
  // dindDoctor.analyseWorkspace defaults to onStartup
  const d = await waitForDiag(uri, 'dind-tls-port-mismatch');
  assert.strictEqual(d.range.start.line, 10, 'on the DOCKER_HOST line');
  const cmds = await vscode.commands.getCommands(true);
  assert.ok(cmds.includes('dindDoctor.analyseWorkspace'), 'the command is registered');
  // a CI file that appears on disk after start-up and is never opened: nothing analyses it until the command runs
  const later = wsUri('wsanalysis/later.gitlab-ci.yml');
  await writeText(later, await readText(uri));
  assert.deepStrictEqual(ours(later), [], 'no diagnostics before the command');
  await vscode.commands.executeCommand('dindDoctor.analyseWorkspace');
  const d2 = await waitForDiag(later, 'dind-tls-port-mismatch');
  assert.strictEqual(d2.range.start.line, 10);
  assert.ok(!isOpen(uri) && !isOpen(later), 'still not open');
}, 60_000);
