/**
 * The language server: LSP wiring only. Documents, settings, debounced analysis, diagnostics, code actions and
 * hovers; all judgement comes from the engine (one {@link Workspace} per workspace folder).
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { posix } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import {
  CodeAction, CodeActionKind, DidChangeConfigurationNotification, ProposedFeatures, TextDocumentSyncKind, TextDocuments,
  FileChangeType, createConnection, type InitializeParams, type Hover, type CompletionItem,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Workspace } from './engine/workspace';
import { NodeFileSystem } from './engine/nodefs';
import { findProjectConfig, parseEditorSettings } from './engine/config-file';
import type { FileSystem, Finding } from './engine/types';
import { ruleById } from './rules';
import { LineIndex } from './formats/text';
import { VERSION } from './version';
import { toDiagnostic as findingToDiagnostic, type DiagnosticContext } from './lsp/diagnostics';
import { quickFixActions } from './lsp/code-actions';
import { FIX_ALL_KIND, fixAllAction, fixAllInFile, wantsKind } from './lsp/fix-all';
import { buildStrategyActions } from './lsp/strategy-actions';
import { hoverAt } from './lsp/hover';
import { ruleNotesReader } from './lsp/rule-notes';
import { DEFAULT_SETTINGS, workspaceOptions, type Settings } from './lsp/settings';
import { runnerSettings } from './lsp/runner-settings';
import { snippetCompletions, snippetTarget } from './lsp/snippets';
import { stdioTransport } from './lsp/transport';
import { definition, documentLinks, references, type NavContext } from './lsp/navigation';
import { documentSymbols, workspaceSymbols } from './lsp/symbols';
import { COMPLETION_TRIGGERS } from './lsp/completion';
import { completionIn, joinHovers, keyHoverIn, kindOf, type DocumentAt } from './lsp/editor-intel';
import { effectiveConfig, effectiveConfigLenses } from './lsp/effective-doc';
import { EFFECTIVE_CONFIG_REQUEST, type EffectiveConfigParams, type EffectiveConfigResult } from '../../common/effective-config';
import { RUNNER_SETTINGS_COMMAND } from '../../common/runner-settings';
import { RUNNER_PAIRING_REQUEST, type RunnerPairingParams } from '../../common/runner-pairing';
import { runnerPairing } from './lsp/runner-pairing';
import { ANALYSE_WORKSPACE_COMMAND, WorkspaceAnalysis, levelLogger } from './lsp/workspace-analysis';
import { runSliced, type SlicedRun } from './lsp/sliced';
import { warmUpSteps } from './lsp/warm-up';
import { applyHeapGrowing } from './heap';

applyHeapGrowing();

const transport = stdioTransport();
const connection = transport.length ? createConnection(ProposedFeatures.all, transport[0], transport[1]) : createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const disk = new NodeFileSystem({ onLimit: (dir, _max, note) => warnOnce(`dind-doctor: listing ${dir} ${note}`) });

let settings: Settings = DEFAULT_SETTINGS;
let roots: string[] = [];
let extensionPath: string | undefined;
let hasConfigurationCapability = false;
/** The client applies annotated workspace edits (VS Code does): cross-file fixes open the refactor preview. */
let changeAnnotations = false;
let workspaceFoldersSupported = false;
/**
 * Debounce of edits: half of what the last analysis of the file cost (a 20-line file is analysed on the next tick of
 * typing, a 20k-line one waits for a pause), between 20 and 150 ms; DIND_DOCTOR_DEBOUNCE_MS fixes it. Half, not the
 * whole cost: the wait is inside every edit → diagnostics latency, and keystrokes closer than it are still merged.
 */
const FIXED_DEBOUNCE = process.env.DIND_DOCTOR_DEBOUNCE_MS !== undefined ? Number(process.env.DIND_DOCTOR_DEBOUNCE_MS) : undefined;
const lastCost = new Map<string, number>();
function debounceFor(uri: string): number {
  return FIXED_DEBOUNCE ?? Math.min(150, Math.max(20, Math.round((lastCost.get(uri) ?? 120) / 2)));
}

/** Open documents first, then disk. */
const fs: FileSystem = {
  readFile(path) {
    const doc = documents.get(uriOf(path));
    return doc ? doc.getText() : disk.readFile(path);
  },
  listFiles: (dir) => disk.listFiles(dir),
};

const engines = new Map<string, Workspace>();
const published = new Map<string, Finding[]>(); // uri → findings last published

function pathOf(uri: string): string | undefined { return uri.startsWith('file:') ? fileURLToPath(uri).replace(/\\/g, '/') : undefined; }
const openUris = new Map<string, string>(); // path → uri as the client spells it
function uriOf(path: string): string { return openUris.get(path) ?? pathToFileURL(path).href; }

function rootFor(path: string): string {
  let best = '';
  for (const r of roots) if ((path === r || path.startsWith(r + '/')) && r.length > best.length) best = r;
  return best || posix.dirname(path);
}

function engineFor(path: string): Workspace {
  const root = rootFor(path);
  let ws = engines.get(root);
  if (!ws) {
    ws = new Workspace(fs, { roots: [root] });
    configure(ws, root);
    engines.set(root, ws);
  }
  return ws;
}

function configure(ws: Workspace, root: string) {
  ws.setOptions(optionsFor(root, true));
}

/** The engine options of a workspace folder (its `.dind-doctor.json` under the editor settings). */
function optionsFor(root: string, warn = false) {
  const project = findProjectConfig(disk, root, { stopAt: root });
  if (warn && project?.errors.length) warnOnce(`${project.file}: ${project.errors.join('; ')}`);
  const options = workspaceOptions(root, settings, project?.config);
  // dindDoctor.runnerConfigs names files relative to a folder: in a multi-root workspace, those of this folder.
  // Always set (undefined when none): setOptions keeps the previous value of a key left out.
  const here = options.runnerConfigs?.filter((p) => { try { return fs.readFile(p) !== undefined; } catch { return false; } });
  options.runnerConfigs = here?.length ? here : undefined;
  // a file outside every workspace folder: never list its folder (it may be /tmp or a home folder)
  return { ...options, scan: roots.includes(root) };
}

connection.onInitialize((params: InitializeParams) => {
  hasConfigurationCapability = !!params.capabilities.workspace?.configuration;
  const workspaceEdit = params.capabilities.workspace?.workspaceEdit;
  changeAnnotations = !!workspaceEdit?.documentChanges && !!workspaceEdit.changeAnnotationSupport;
  workspaceFoldersSupported = !!params.capabilities.workspace?.workspaceFolders;
  extensionPath = (params.initializationOptions as { extensionPath?: string } | undefined)?.extensionPath;
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  roots = folders.map(pathOf).filter((p): p is string => !!p).map((p) => p.replace(/\/+$/, ''));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND] },
      hoverProvider: true,
      completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
      definitionProvider: true,
      referencesProvider: true,
      documentLinkProvider: { resolveProvider: false },
      documentSymbolProvider: { label: 'dind-doctor' },
      workspaceSymbolProvider: true,
      codeLensProvider: { resolveProvider: false },
      executeCommandProvider: { commands: [RUNNER_SETTINGS_COMMAND, ANALYSE_WORKSPACE_COMMAND] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'dind-doctor', version: VERSION },
  };
});

connection.onInitialized(async () => {
  warmUp();
  if (hasConfigurationCapability) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'dindDoctor' });
    await loadSettings();
  }
  if (workspaceFoldersSupported) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      for (const f of e.removed) { const p = pathOf(f.uri); if (p) { roots = roots.filter((r) => r !== p); engines.delete(p); } }
      for (const f of e.added) { const p = pathOf(f.uri); if (p) roots.push(p.replace(/\/+$/, '')); }
      reanalyzeAll();
    });
  }
  if (settings.analyseWorkspace === 'onStartup') afterQuiet(() => void analyseWorkspace('start-up'));
});

/**
 * The start-up workspace analysis waits until the server has been quiet for this long: the editor sends the files
 * it shows right after start-up, and those are answered first (the workspace analysis gives way to them anyway,
 * but a step of it already begun, such as parsing a large runner config, would delay them).
 */
const STARTUP_QUIET_MS = 500;
let lastScheduled = 0;
function afterQuiet(then: () => void) {
  const wait = () => {
    const quietFor = performance.now() - lastScheduled;
    if (quietFor >= STARTUP_QUIET_MS && !foregroundBusy()) then();
    else setTimeout(wait, Math.max(IDLE_POLL_MS, STARTUP_QUIET_MS - quietFor));
  };
  setTimeout(wait, STARTUP_QUIET_MS);
}

async function loadSettings() {
  try {
    const parsed = parseEditorSettings(await connection.workspace.getConfiguration('dindDoctor'));
    settings = parsed.settings;
    if (parsed.errors.length) warnOnce(`dind-doctor settings: ${parsed.errors.join('; ')}`);
  } catch { settings = DEFAULT_SETTINGS; }
  for (const [root, ws] of engines) configure(ws, root);
}

/** A configuration problem is shown once per distinct text (settings are re-read on every change). */
const warned = new Set<string>();
function warnOnce(message: string) {
  connection.console.warn(message);
  if (!warned.has(message)) { warned.add(message); void connection.window.showWarningMessage(message); }
}

connection.onDidChangeConfiguration(async () => {
  await loadSettings();
  if (settings.analyseWorkspace === 'off') workspaceAnalysis.clearClosed();
  reanalyzeAll();
  // the code lens setting may have changed (a client without workspace/codeLens/refresh answers with an error)
  connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
});

// ---- analysis ----

const timers = new Map<string, NodeJS.Timeout>();
/** Files whose dependents must be re-analysed once their own (debounced) analysis has run. */
const dependentsDue = new Set<string>();

function schedule(uri: string, delay = debounceFor(uri)) {
  lastScheduled = performance.now();
  const t = timers.get(uri);
  if (t) clearTimeout(t);
  timers.set(uri, setTimeout(() => {
    timers.delete(uri);
    analyzeAndPublish(uri, () => {
      const p = pathOf(uri);
      if (p && dependentsDue.delete(p)) reanalyzeDependents(p);
    });
  }, delay));
}

/**
 * Analyses run in slices (lsp/sliced.ts) so that requests are answered while a large file is analysed; a run is
 * dropped when a file or setting of its engine changes meanwhile (its file is then analysed again).
 */
const SLICE_MS = 5;
/**
 * Runs by URI; `background`: a file of the workspace analysis (it gives way to the others), whose `then` must run
 * even when a newer analysis of the same file replaces it (the workspace analysis waits for it).
 */
const running = new Map<string, { run: SlicedRun; background: boolean; then?: () => void }>();
function stopRun(uri: string) {
  const r = running.get(uri);
  if (!r) return;
  running.delete(uri);
  r.run.cancel();
  if (r.background) r.then?.();
}

/** An open file's analysis is due (debounce) or running: background work waits. */
function foregroundBusy(): boolean {
  if (timers.size) return true;
  for (const r of running.values()) if (!r.background) return true;
  return false;
}
const IDLE_POLL_MS = 15;
/** Resolves once `done()` holds (checked every {@link IDLE_POLL_MS}), or after `limitMs` in any case. */
function pollUntil(done: () => boolean, limitMs = Infinity): Promise<void> {
  const until = performance.now() + limitMs;
  return new Promise((resolve) => {
    const t = setInterval(() => { if (done() || performance.now() > until) { clearInterval(t); resolve(); } }, IDLE_POLL_MS);
  });
}
/** Resolves once {@link foregroundBusy} is false; undefined when it already is. */
function whenIdle(): Promise<void> | undefined {
  return foregroundBusy() ? pollUntil(() => !foregroundBusy()) : undefined;
}

/** Analyses a built-in sample while nothing else is to be done (lsp/warm-up.ts); stops once a file is to be analysed. */
function warmUp() {
  if (foregroundBusy()) return;
  const t0 = performance.now();
  runSliced(warmUpSteps(), {
    sliceMs: SLICE_MS,
    stale: foregroundBusy,
    dropped: () => log.debug(`warm-up stopped after ${Math.round(performance.now() - t0)} ms: a file is to be analysed`),
    done: (_findings, busyMs) => log.debug(`warmed up in ${Math.round(busyMs)} ms`),
    failed: (e) => log.debug(`warm-up failed: ${(e as Error).message}`),
  });
}

/**
 * `background`: a closed file of the workspace analysis — its slices wait while an open file's analysis is due or
 * running, and `then` also runs when the run is dropped or fails.
 */
function analyzeAndPublish(uri: string, then?: () => void, background = false) {
  const path = pathOf(uri);
  if (!path) { then?.(); return; }
  stopRun(uri);
  const doc = documents.get(uri);
  if (!settings.enable) { connection.sendDiagnostics({ uri, diagnostics: [] }); then?.(); return; }
  const publish = (findings: Finding[]) => {
    if (!published.has(uri) && findings.length === 0 && !doc) return;
    published.set(uri, findings);
    connection.sendDiagnostics({ uri, version: doc?.version, diagnostics: findings.map(toDiagnostic) });
  };
  const failed = (e: unknown) => {
    connection.console.error(`dind-doctor: analysis of ${path} failed: ${(e as Error).stack ?? e}`);
    publish([{ ruleId: 'internal-error', severity: 'warning', file: path, message: `dind-doctor could not analyse this file: ${(e as Error).message}`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }]);
    then?.();
  };
  let ws: Workspace;
  try {
    ws = engineFor(path);
    if (!ws.kindOf(path)) { publish([]); then?.(); return; }
  } catch (e) { failed(e); return; }
  const generation = ws.generation;
  let finished = false;
  // a file opened with nothing shown yet gets the findings of the rules as soon as they are known, and those of
  // schema validation (its validators run cold on a first analysis) a moment later; an edit replaces the whole set
  let shownEarly: Finding[] | undefined;
  const early = doc && !background && !published.has(uri) ? (findings: Finding[]) => { shownEarly = findings; publish(findings); } : undefined;
  const run = runSliced(ws.analyzeSteps(path, { early }), {
    sliceMs: SLICE_MS,
    waitFor: background ? whenIdle : undefined,
    stale: () => ws.generation !== generation || engines.get(rootFor(path)) !== ws,
    dropped: () => {
      finished = true; running.delete(uri);
      // a file of the workspace analysis is analysed again in the background (once the edits that made its run
      // stale have been analysed); the workspace analysis waits for that run
      if (background) { analyzeAndPublish(uri, then, true); return; }
      if (!timers.has(uri) && (documents.get(uri) || published.has(uri))) schedule(uri);
    },
    done: (findings, busyMs) => {
      finished = true; running.delete(uri); lastCost.set(uri, busyMs);
      log.debug(`analysed ${path}: ${findings.length} findings in ${Math.round(busyMs)} ms`);
      // the whole set holds the early one: of the same length, it is the same (nothing to send again)
      if (shownEarly?.length !== findings.length || published.get(uri) !== shownEarly) publish(findings);
      then?.();
    },
    failed: (e) => { finished = true; running.delete(uri); failed(e); },
  });
  if (!finished) running.set(uri, { run, background, then });
}

// ---- the whole workspace (closed files too) and the output channel ----

const log = levelLogger(connection.console, () => settings.logLevel);
const workspaceAnalysis = new WorkspaceAnalysis({
  roots: () => roots,
  engineFor,
  publish: (path) => new Promise((resolve) => analyzeAndPublish(uriOf(path), () => resolve(published.get(uriOf(path))?.length ?? 0), true)),
  whenIdle,
  isOpen: (path) => !!documents.get(uriOf(path)),
  clear: (path) => { published.delete(uriOf(path)); connection.sendDiagnostics({ uri: uriOf(path), diagnostics: [] }); },
  createProgress: () => connection.window.createWorkDoneProgress(),
  log,
});
function analyseWorkspace(reason: 'start-up' | 'command') {
  if (!settings.enable) return undefined;
  if (settings.analyseWorkspace === 'off') { void connection.window.showInformationMessage('dind-doctor: workspace analysis is off (setting dindDoctor.analyseWorkspace); only open files are analysed.'); return undefined; }
  return workspaceAnalysis.run(reason, settings.analyseWorkspaceMaxFiles);
}

/** Where the rule pages are: the extension's folder, or (another LSP client) the package folder above dist/server.js. */
const packageRoot = posix.join(__dirname.replace(/\\/g, '/'), '..');
function docsRoot(): string | undefined {
  return extensionPath ?? (existsSync(`${packageRoot}/docs/rules`) ? packageRoot : undefined);
}
const diagnosticContext: DiagnosticContext = {
  uriOf,
  docsHref: (id) => { const root = docsRoot(); return root && ruleById(id) ? pathToFileURL(`${root}/docs/rules/${id}.md`).href : undefined; },
};
function toDiagnostic(f: Finding) { return findingToDiagnostic(f, diagnosticContext); }

function reanalyzeAll() {
  for (const doc of documents.all()) schedule(doc.uri, 0);
  for (const uri of published.keys()) if (!documents.get(uri)) schedule(uri, 0);
}

/** Re-analyses the open (or already published) files whose findings depend on `path`. */
function reanalyzeDependents(path: string) {
  const ws = engineFor(path);
  for (const dep of ws.dependentsOf(path)) {
    const uri = uriOf(dep);
    if (documents.get(uri) || published.has(uri)) schedule(uri);
  }
}

const opened = new Set<string>();
documents.onDidOpen((e) => {
  const p = pathOf(e.document.uri);
  if (p) { openUris.set(p, e.document.uri); engineFor(p).changed(p); }
  opened.add(e.document.uri);
  schedule(e.document.uri, 0);
});
documents.onDidChangeContent((e) => {
  // TextDocuments also reports the opening as a change: the open above already scheduled it.
  if (opened.delete(e.document.uri)) return;
  const p = pathOf(e.document.uri);
  if (!p) return;
  engineFor(p).changed(p);
  dependentsDue.add(p);
  schedule(e.document.uri);
});
documents.onDidClose((e) => {
  const p = pathOf(e.document.uri);
  if (p) { openUris.delete(p); engineFor(p).changed(p); }
  stopRun(e.document.uri);
  // a file of the analysed workspace keeps its diagnostics (now from disk); otherwise clear what we published
  if (p && workspaceAnalysis.covers(p)) { schedule(e.document.uri, 0); return; }
  published.delete(e.document.uri);
  connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onDidChangeWatchedFiles((e) => {
  for (const ch of e.changes) {
    const p = pathOf(ch.uri);
    if (!p) continue;
    if (posix.basename(p) === '.dind-doctor.json') { for (const [root, ws] of engines) configure(ws, root); reanalyzeAll(); continue; }
    const ws = engineFor(p);
    ws.changed(p);
    if (ch.type === FileChangeType.Deleted && !documents.get(uriOf(p))) { workspaceAnalysis.forget(p); if (published.delete(uriOf(p))) connection.sendDiagnostics({ uri: uriOf(p), diagnostics: [] }); }
    reanalyzeDependents(p);
  }
});

// ---- code actions ----

connection.onCodeAction((params) => {
  const uri = params.textDocument.uri;
  const path = pathOf(uri);
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (path && wantsKind(only, FIX_ALL_KIND) && settings.enable) {
    const root = rootFor(path);
    const fixAll = fixAllAction(uri, fixAllInFile(path, fs, (scratch) => new Workspace(scratch, optionsFor(root))));
    if (fixAll) actions.push(fixAll);
  }
  if (wantsKind(only, CodeActionKind.QuickFix)) {
    actions.push(...quickFixActions(params, {
      ...diagnosticContext,
      findings: published.get(uri) ?? [],
      isRule: (id) => !!path && !!ruleById(id),
      linesOf: (file) => (path && engineFor(path).linesOf(file)) || new LineIndex(documents.get(uri)?.getText() ?? ''),
      shownPath: (file) => (path && file.startsWith(rootFor(path) + '/') ? file.slice(rootFor(path).length + 1) : posix.basename(file)),
      changeAnnotations,
    }));
  }
  if (path && wantsKind(only, CodeActionKind.RefactorRewrite)) {
    try { actions.push(...buildStrategyActions(engineFor(path), path, uri, params.range, documents.get(uri)?.getText(), (f) => fs.readFile(f))); } catch (e) { connection.console.error(String(e)); }
  }
  return actions;
});

// ---- commands ----

connection.onExecuteCommand((params) => params.command === ANALYSE_WORKSPACE_COMMAND ? analyseWorkspace('command') : params.command === RUNNER_SETTINGS_COMMAND
  ? runnerSettings(params.arguments?.[0], { workspaces: roots.map((root) => ({ root, ws: engineFor(root) })), readFile: (p) => fs.readFile(p), uriOf })
  : undefined);

// ---- runner pairing (status bar) ----

connection.onRequest(RUNNER_PAIRING_REQUEST, (params: RunnerPairingParams) => {
  const path = pathOf(params?.uri ?? '');
  if (!path || !settings.enable) return { ci: false, source: 'none', configs: [], executor: 'unknown' };
  return runnerPairing(path, { ws: engineFor(path), root: rootFor(path), readFile: (p) => fs.readFile(p), uriOf });
});

// ---- hover (lsp/hover.ts; why/how to fix from the rule pages: lsp/rule-notes.ts) ----

const notesOf = ruleNotesReader((p) => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } });

connection.onHover(async (params): Promise<Hover | null> => {
  const uri = params.textDocument.uri;
  const now = hoverNow(params);
  // a job whose text an edit changed has no answer from the last analysis: wait for the one under way, then answer
  if (now.keys || !analysisDue(uri)) return joinHovers(now.findings, now.keys);
  await analysed(uri);
  const after = hoverNow(params);
  return joinHovers(after.findings, after.keys);
});

/** An analysis of this file is due (debounce) or under way. */
function analysisDue(uri: string): boolean { return timers.has(uri) || running.has(uri); }
/** Resolves once no analysis of this file is due or under way (at most {@link ANALYSED_WAIT_MS} later). */
const ANALYSED_WAIT_MS = 3000;
function analysed(uri: string): Promise<void> {
  return pollUntil(() => !analysisDue(uri), ANALYSED_WAIT_MS);
}

function hoverNow(params: { textDocument: { uri: string }; position: { line: number; character: number } }) {
  const uri = params.textDocument.uri;
  const pos = params.position;
  const doc = documents.get(uri);
  const lineText = doc?.getText({ start: { line: pos.line, character: 0 }, end: { line: pos.line + 1, character: 0 } });
  const findings = hoverAt(published.get(uri) ?? [], pos, {
    ruleSummary: (id) => ruleById(id)?.summary,
    ruleNotes: (id) => { const root = docsRoot(); return root && ruleById(id) ? notesOf(root, id) : undefined; },
    docsHref: diagnosticContext.docsHref,
    lineText,
  });
  const at = documentAt(uri);
  let keys = null;
  try { keys = at ? keyHoverIn(at, pos) : null; } catch (e) { connection.console.error(`dind-doctor: hover failed: ${(e as Error).stack ?? e}`); }
  return { findings, keys };
}

// ---- completion (lsp/completion.ts, and snippets: lsp/snippets.ts; key hovers above: lsp/hover-keys.ts) ----

/** The open document at `uri` with its engine: completion and key hovers read its text, never an analysis. */
function documentAt(uri: string): DocumentAt | undefined {
  const path = pathOf(uri);
  const doc = documents.get(uri);
  if (!path || !doc || !settings.enable) return undefined;
  return { ws: engineFor(path), path, text: doc.getText(), root: rootFor(path), readFile: (p) => fs.readFile(p) };
}

connection.onCompletion((params): CompletionItem[] => {
  const at = documentAt(params.textDocument.uri);
  if (!at) return [];
  let items: CompletionItem[] = [];
  try { items = completionIn(at, params.position)?.items ?? []; } catch (e) { connection.console.error(`dind-doctor: completion failed: ${(e as Error).stack ?? e}`); }
  // snippets that fit the file (lsp/snippets.ts)
  return [...items, ...snippetCompletions(snippetTarget(kindOf(at), at.path, at.text), at.text, params.position)];
});

// ---- navigation and outline (lsp/navigation.ts, lsp/symbols.ts): the engine's cached parses, no rule runs ----

function navContext(path: string): NavContext { return { engine: engineFor(path), uriOf }; }
function guarded<T>(what: string, empty: T, f: () => T): T {
  try { return f(); } catch (e) { connection.console.error(`dind-doctor: ${what} failed: ${(e as Error).stack ?? e}`); return empty; }
}
/**
 * Requests that read whole pipelines (navigation, links, code lenses, the effective configuration) wait for the
 * analysis of their file when one is due or under way, and then read the pipeline it built, instead of building one
 * in the handler: a build of a big pipeline would hold up every other request (VS Code asks for document links and
 * code lenses after each edit).
 */
function afterAnalysis(uri: string): Promise<void> { return analysisDue(uri) ? analysed(uri) : Promise.resolve(); }
connection.onDefinition(async (p) => { const path = pathOf(p.textDocument.uri); if (!path) return []; await afterAnalysis(p.textDocument.uri); return guarded('definition', [], () => definition(navContext(path), path, p.position)); });
connection.onReferences(async (p) => { const path = pathOf(p.textDocument.uri); if (!path) return []; await afterAnalysis(p.textDocument.uri); return guarded('references', [], () => references(navContext(path), path, p.position, p.context.includeDeclaration)); });
connection.onDocumentLinks(async (p) => { const path = pathOf(p.textDocument.uri); if (!path) return []; await afterAnalysis(p.textDocument.uri); return guarded('document links', [], () => documentLinks(navContext(path), path)); });
connection.onDocumentSymbol((p) => { const path = pathOf(p.textDocument.uri); return path ? guarded('document symbols', [], () => documentSymbols(engineFor(path), path)) : []; });
connection.onWorkspaceSymbol((p) => guarded('workspace symbols', [], () => roots.flatMap((root) => workspaceSymbols(engineFor(root), p.query, uriOf))));

// ---- effective configuration (lsp/effective-doc.ts): the request behind the virtual document, and its code lenses ----

connection.onRequest(EFFECTIVE_CONFIG_REQUEST, async (p: EffectiveConfigParams): Promise<EffectiveConfigResult> => {
  const path = p?.uri ? pathOf(p.uri) : undefined;
  if (!path) return { jobs: [], problem: 'Only CI files on disk have an effective configuration.' };
  await afterAnalysis(p.uri);
  return guarded('effective configuration', { jobs: [], problem: 'dind-doctor failed to compute it; see the "dind-doctor" output channel.' }, () => effectiveConfig(engineFor(path), path, p));
});
connection.onCodeLens(async (p) => {
  const path = pathOf(p.textDocument.uri);
  if (!path || !settings.enable || settings.effectiveConfigCodeLens === false) return [];
  await afterAnalysis(p.textDocument.uri);
  return guarded('code lenses', [], () => effectiveConfigLenses(engineFor(path), path, p.textDocument.uri));
});

documents.listen(connection);
connection.listen();
