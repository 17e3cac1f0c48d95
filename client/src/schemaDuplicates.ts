/**
 * Leaves CI schema errors to Red Hat YAML when it validates the same files (see common/schema-duplicates.ts): reads
 * what the client can see of that extension and its settings, tells the language server through the `dindDoctor`
 * settings section it pulls (a `workspace/configuration` middleware), says so in the output channel, and has the
 * server pull the settings again when the picture changes.
 */
import * as vscode from 'vscode';
import { decideSchemaValidation, readSchemaSetting, withSchemaDecision, YAML_EXTENSION_ID, type SchemaDecision } from '../../common/schema-duplicates';

export function currentSchemaDecision(): SchemaDecision {
  const yaml = vscode.workspace.getConfiguration('yaml');
  return decideSchemaValidation(readSchemaSetting(vscode.workspace.getConfiguration('dindDoctor').get('schemaValidation')), {
    installed: vscode.extensions.getExtension(YAML_EXTENSION_ID) !== undefined,
    validate: yaml.get('validate'),
    schemaStoreEnable: yaml.get('schemaStore.enable'),
    schemas: yaml.get('schemas'),
  });
}

/** Rewrites the `dindDoctor` section of a `workspace/configuration` answer with the decision. */
export function patchConfiguration(items: readonly { section?: string }[], result: unknown[]): unknown[] {
  const decision = currentSchemaDecision();
  return result.map((r, i) => (items[i]?.section === 'dindDoctor' ? withSchemaDecision(r, decision) : r));
}

/**
 * Logs the decision now and whenever it changes (settings of either extension, an extension installed, enabled
 * or removed), and calls `refresh` so that the server pulls the settings again.
 */
export function watchSchemaDecision(output: vscode.OutputChannel, refresh: () => void): vscode.Disposable {
  let last = '';
  const check = (initial: boolean) => {
    const d = currentSchemaDecision();
    const key = `${d.ci}/${d.runner}/${d.reason}`;
    if (key === last) return;
    last = key;
    output.appendLine(`[client] schema validation: ${d.reason}`);
    if (!initial) refresh();
  };
  check(true);
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('yaml') || e.affectsConfiguration('dindDoctor.schemaValidation')) check(false);
    }),
    vscode.extensions.onDidChange(() => check(false)),
  );
}
