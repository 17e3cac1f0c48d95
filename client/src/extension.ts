/**
 * The extension's entry point: starts the dind-doctor language server (dist/server.js over IPC) and registers the
 * commands, the status bar item and the Output channel. Activation stays cheap: the server starts in the
 * background, and the picker and rule-docs modules load on first use.
 */
import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { RUNNER_SETTINGS_COMMAND, type RunnerSettingsResult } from '../../common/runner-settings';
import { CHOOSE_RUNNER_CONFIG, chooseRunnerConfig, createStatusItem } from './status';
import { RUNNER_PAIRING_REQUEST, type RunnerPairing } from '../../common/runner-pairing';
import { patchConfiguration, watchSchemaDecision } from './schemaDuplicates';
import { EFFECTIVE_CONFIG_REQUEST, EFFECTIVE_CONFIG_SCHEME, SHOW_EFFECTIVE_CONFIG_COMMAND, type EffectiveConfigParams, type EffectiveConfigResult } from '../../common/effective-config';
import { EffectiveConfigProvider, showEffectiveConfig } from './effectiveConfig';

let client: LanguageClient | undefined;
/** Settles once the language server has started (undefined when it failed to). */
let markStarted: (lc: LanguageClient | undefined) => void = () => undefined;
const started = new Promise<LanguageClient | undefined>((resolve) => { markStarted = resolve; });

/** Runs a command of the language server (LSP `workspace/executeCommand`) once it has started. */
async function serverCommand<T>(command: string, arg: unknown): Promise<T> {
  const lc = await started;
  if (!lc) throw new Error('the dind-doctor language server is not running');
  return lc.sendRequest<T>('workspace/executeCommand', { command, arguments: [arg] });
}

/** The server's effective configuration request, once it has started. */
async function effectiveRequest(params: EffectiveConfigParams): Promise<EffectiveConfigResult> {
  const lc = await started;
  if (!lc) throw new Error('the dind-doctor language server is not running');
  return lc.sendRequest<EffectiveConfigResult>(EFFECTIVE_CONFIG_REQUEST, params);
}

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('dind-doctor');
  context.subscriptions.push(output);
  const effective = new EffectiveConfigProvider(effectiveRequest);

  context.subscriptions.push(
    vscode.commands.registerCommand('dindDoctor.restartServer', async () => {
      output.appendLine('[client] restarting the language server');
      await client?.restart();
    }),
    vscode.commands.registerCommand('dindDoctor.chooseBuildStrategy', async (arg?: unknown) => {
      const m = await import('./buildStrategy');
      await m.chooseBuildStrategy(arg, (params) => serverCommand(RUNNER_SETTINGS_COMMAND, params));
    }),
    // "Fix all safe problems in this file": the server's source.fixAll.dindDoctor action (the engine's fixer), applied.
    vscode.commands.registerCommand('dindDoctor.fixAll', async () => {
      await vscode.commands.executeCommand('editor.action.sourceAction', { kind: 'source.fixAll.dindDoctor', apply: 'first' });
    }),
    vscode.commands.registerCommand('dindDoctor.showRuleDocs', async (arg?: unknown) => {
      const m = await import('./ruleDocs');
      await m.showRuleDocs(context.extensionUri, arg);
    }),
    vscode.commands.registerCommand(CHOOSE_RUNNER_CONFIG, () => chooseRunnerConfig(
      async () => (await serverCommand<RunnerSettingsResult>(RUNNER_SETTINGS_COMMAND, {})).files,
      output,
    )),
    createStatusItem(async (uri) => {
      const lc = await started;
      return lc?.sendRequest<RunnerPairing>(RUNNER_PAIRING_REQUEST, { uri });
    }),
    // "Show effective configuration": a read-only virtual document whose text the server renders
    vscode.workspace.registerTextDocumentContentProvider(EFFECTIVE_CONFIG_SCHEME, effective),
    effective,
    vscode.commands.registerCommand(SHOW_EFFECTIVE_CONFIG_COMMAND, (uri?: unknown, job?: unknown) => showEffectiveConfig(effectiveRequest, uri, job)),
    // A diagnostic's rule link (file:// URI of docs/rules/<id>.md) opens as text: show its preview instead.
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      const p = editor?.document.uri.path;
      if (p && p.endsWith('.md') && p.includes('/docs/rules/')) {
        void import('./ruleDocs').then((m) => {
          if (m.isRuleDoc(context.extensionUri, editor!.document.uri)) void m.showRuleDocAsPreview(editor!.document.uri);
        });
      }
    }),
  );
  // The language client library is loaded and the server started right after activation returns, so activating
  // costs only the registrations above.
  setImmediate(() => startClient(context, output));
}

function startClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LanguageClient, TransportKind } = require('vscode-languageclient/node') as typeof import('vscode-languageclient/node');
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'yaml', pattern: '**/*.gitlab-ci.{yml,yaml}' },
      { language: 'yaml', pattern: '**/.gitlab-ci.{yml,yaml}' },
      // Any YAML in the workspace: the server decides whether it is a local include or Helm values.
      { language: 'yaml', scheme: 'file' },
      { language: 'toml' },
    ],
    synchronize: {
      configurationSection: 'dindDoctor',
      // Changes of files that are not open (includes, runner configs, .dind-doctor.json) re-analyse dependents.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.{yml,yaml,toml}'),
        vscode.workspace.createFileSystemWatcher('**/.dind-doctor.json'),
      ],
    },
    // Server log and, with `dindDoctor.trace.server`, the LSP message trace, in one channel.
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: { extensionPath: context.extensionPath },
    middleware: {
      // CI schema errors left to Red Hat YAML when it validates the same files (dindDoctor.schemaValidation "auto").
      workspace: {
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          return Array.isArray(result) ? patchConfiguration(params.items, result) : result;
        },
      },
    },
  };
  const lc = new LanguageClient('dindDoctor', 'dind-doctor', serverOptions, clientOptions);
  client = lc;
  context.subscriptions.push(watchSchemaDecision(output, () => {
    // the server pulls the settings again on this notification (its settings payload is not used)
    if (lc.isRunning()) void lc.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }));
  lc.start().then(() => markStarted(lc), (e: unknown) => {
    output.appendLine(`[client] the language server failed to start: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    void vscode.window.showErrorMessage('dind-doctor: the language server failed to start. See the "dind-doctor" output channel.');
    markStarted(undefined);
  });
}

export function deactivate(): Thenable<void> | undefined {
  const c = client;
  client = undefined;
  return c?.stop();
}
