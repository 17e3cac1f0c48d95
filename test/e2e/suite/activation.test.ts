// Session "activation": fixtures/activation has no GitLab CI file, only a README, a plain YAML file and a runner
// runner.toml (a TOML file that is not named config.toml). dind-doctor must stay inactive until the runner file (language `toml`) is opened.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { log, test } from './framework';
import { ext, waitFor, wsUri } from './util';

const S = 'activation';

test(S, 'not active at startup in a workspace without CI files', async () => {
  // precondition of this session: no file that a workspaceContains event names, found with the same search service
  const events: string[] = (ext().packageJSON as { activationEvents?: string[] }).activationEvents ?? [];
  const globs = events.filter((e) => e.startsWith('workspaceContains:')).map((e) => e.slice('workspaceContains:'.length));
  assert.ok(globs.length >= 5, JSON.stringify(events));
  const ci = await vscode.workspace.findFiles(`{${globs.join(',')}}`);
  assert.deepStrictEqual(ci.map((u) => u.path), [], 'the activation fixture holds no CI file, no config.toml and no Helm values');
  // no eager activation event that would make the later negative checks meaningless
  for (const e of ['*', 'onStartupFinished', 'onLanguage:yaml', 'onLanguage:markdown']) {
    assert.ok(!events.includes(e), `activationEvents must not include ${e} (got ${JSON.stringify(events)})`);
  }
  // a workspace holding only a runner config or Helm values activates it (no CI file needed)
  for (const e of ['workspaceContains:**/config.toml', 'workspaceContains:**/values*.yaml']) {
    assert.ok(events.includes(e), `activationEvents must include ${e} (got ${JSON.stringify(events)})`);
  }
  assert.strictEqual(ext().isActive, false, 'dind-doctor is active although the workspace has no CI/runner file open');
});

test(S, 'opening a Markdown file and a plain YAML file does not activate it', async () => {
  for (const rel of ['README.md', 'notes.yaml']) {
    const doc = await vscode.workspace.openTextDocument(wsUri(rel));
    await vscode.window.showTextDocument(doc);
    // the language of the document is resolved, so any onLanguage activation for it has been triggered
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === doc.uri.toString(), `${rel} in the active editor`);
    assert.strictEqual(ext().isActive, false, `dind-doctor became active after opening ${rel} (language ${doc.languageId})`);
  }
  log(`still inactive after README.md (markdown) and notes.yaml (yaml)`);
});

test(S, 'opening runner/runner.toml activates it (language toml contributed by dind-doctor)', async () => {
  const doc = await vscode.workspace.openTextDocument(wsUri('runner/runner.toml'));
  await vscode.window.showTextDocument(doc);
  assert.strictEqual(doc.languageId, 'toml', 'runner.toml gets the language id `toml`');
  await waitFor(() => ext().isActive, 'dind-doctor to become active');
  const cmds = await vscode.commands.getCommands(true);
  assert.ok(cmds.includes('dindDoctor.chooseBuildStrategy'), 'dindDoctor.chooseBuildStrategy is registered once active');
});
