/**
 * The language server: LSP wiring only. Documents, settings, debounced analysis, diagnostics, code actions and
 * hovers; all judgement comes from the engine (one {@link Workspace} per workspace folder).
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { posix } from 'node:path';
import {
  CodeAction, CodeActionKind, DiagnosticSeverity, DidChangeConfigurationNotification, ProposedFeatures, TextDocumentSyncKind, TextDocuments,
  createConnection, type Diagnostic, type InitializeParams, type WorkspaceEdit, type Hover, type TextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Workspace } from './engine/workspace';
import { NodeFileSystem } from './engine/nodefs';
import { findProjectConfig } from './engine/config-file';
import { disableLineEdit } from './engine/suppress';
import type { AnalyzeOptions, FileSystem, Finding, SeverityOverride } from './engine/types';
import { ruleById } from './rules';
import { KEY_DOCS } from './hover-docs';
import { LineIndex } from './formats/text';
import { buildStrategyActions } from './code-actions';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const disk = new NodeFileSystem();

interface Settings { enable: boolean; rules: Record<string, SeverityOverride>; runner: { executor: string }; runnerConfigFiles: string[]; ciFiles: string[]; schemaValidation: boolean }
const DEFAULTS: Settings = { enable: true, rules: {}, runner: { executor: '' }, runnerConfigFiles: [], ciFiles: [], schemaValidation: true };
let settings: Settings = DEFAULTS;
let roots: string[] = [];
let extensionPath: string | undefined;
let hasConfigurationCapability = false;
let workspaceFoldersSupported = false;
/**
 * Debounce of edits: proportional to what the last analysis of the file cost (a 20-line file is analysed on the next
 * tick of typing, a 20k-line one waits for a pause), between 30 and 150 ms; DIND_DOCTOR_DEBOUNCE_MS fixes it.
 */
const FIXED_DEBOUNCE = process.env.DIND_DOCTOR_DEBOUNCE_MS !== undefined ? Number(process.env.DIND_DOCTOR_DEBOUNCE_MS) : undefined;
const lastCost = new Map<string, number>();
function debounceFor(uri: string): number {
  return FIXED_DEBOUNCE ?? Math.min(150, Math.max(30, Math.round(lastCost.get(uri) ?? 120)));
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
  const project = findProjectConfig(disk, root, { stopAt: root });
  if (project?.errors.length) connection.console.warn(`${project.file}: ${project.errors.join('; ')}`);
  const p = project?.config ?? {};
  const analyze: AnalyzeOptions = {
    rules: { ...(p.rules ?? {}), ...settings.rules },
    runner: { executor: settings.runner.executor || p.runner?.executor || undefined },
    schemaValidation: settings.schemaValidation && p.schemaValidation !== false,
  };
  ws.setOptions({ roots: [root], analyze, ciFiles: [...(p.ciFiles ?? []), ...settings.ciFiles], runnerConfigFiles: [...(p.runnerConfigFiles ?? []), ...settings.runnerConfigFiles] });
}

connection.onInitialize((params: InitializeParams) => {
  hasConfigurationCapability = !!params.capabilities.workspace?.configuration;
  workspaceFoldersSupported = !!params.capabilities.workspace?.workspaceFolders;
  extensionPath = (params.initializationOptions as { extensionPath?: string } | undefined)?.extensionPath;
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  roots = folders.map(pathOf).filter((p): p is string => !!p).map((p) => p.replace(/\/+$/, ''));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
      hoverProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'dind-doctor', version: '0.1.0' },
  };
});

connection.onInitialized(async () => {
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
});

async function loadSettings() {
  try {
    const s = (await connection.workspace.getConfiguration('dindDoctor')) as Partial<Settings> | null;
    settings = { ...DEFAULTS, ...(s ?? {}), runner: { ...DEFAULTS.runner, ...(s?.runner ?? {}) } };
  } catch { settings = DEFAULTS; }
  for (const [root, ws] of engines) configure(ws, root);
}

connection.onDidChangeConfiguration(async () => { await loadSettings(); reanalyzeAll(); });

// ---- analysis ----

const timers = new Map<string, NodeJS.Timeout>();
/** Files whose dependents must be re-analysed once their own (debounced) analysis has run. */
const dependentsDue = new Set<string>();

function schedule(uri: string, delay = debounceFor(uri)) {
  const t = timers.get(uri);
  if (t) clearTimeout(t);
  timers.set(uri, setTimeout(() => {
    timers.delete(uri);
    analyzeAndPublish(uri);
    const p = pathOf(uri);
    if (p && dependentsDue.delete(p)) reanalyzeDependents(p);
  }, delay));
}

function analyzeAndPublish(uri: string) {
  const path = pathOf(uri);
  if (!path) return;
  const doc = documents.get(uri);
  if (!settings.enable) { connection.sendDiagnostics({ uri, diagnostics: [] }); return; }
  let findings: Finding[] = [];
  const t0 = performance.now();
  try {
    const ws = engineFor(path);
    findings = ws.kindOf(path) ? ws.analyze(path) : [];
    lastCost.set(uri, performance.now() - t0);
  } catch (e) {
    connection.console.error(`dind-doctor: analysis of ${path} failed: ${(e as Error).stack ?? e}`);
    findings = [{ ruleId: 'internal-error', severity: 'warning', file: path, message: `dind-doctor could not analyse this file: ${(e as Error).message}`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
  }
  if (!published.has(uri) && findings.length === 0 && !doc) return;
  published.set(uri, findings);
  connection.sendDiagnostics({ uri, version: doc?.version, diagnostics: findings.map(toDiagnostic) });
}

function toDiagnostic(f: Finding): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: f.severity === 'error' ? DiagnosticSeverity.Error : f.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
    code: f.ruleId,
    source: 'dind-doctor',
    message: f.message,
  };
  if (extensionPath && ruleById(f.ruleId)) d.codeDescription = { href: pathToFileURL(`${extensionPath}/docs/rules/${f.ruleId}.md`).href };
  if (f.related?.length) d.relatedInformation = f.related.map((r) => ({ location: { uri: uriOf(r.file), range: r.range }, message: r.message ?? '' }));
  return d;
}

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
  // keep cross-file findings of closed files out of the Problems panel: clear what we published
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
    reanalyzeDependents(p);
  }
});

// ---- code actions ----

connection.onCodeAction((params) => {
  const uri = params.textDocument.uri;
  const path = pathOf(uri);
  const findings = published.get(uri) ?? [];
  const actions: CodeAction[] = [];
  const wanted = new Set(params.context.diagnostics.map((d) => `${d.code}|${d.range.start.line}|${d.range.start.character}|${d.message}`));
  const inRange = (f: Finding) => wanted.size
    ? wanted.has(`${f.ruleId}|${f.range.start.line}|${f.range.start.character}|${f.message}`)
    : f.range.start.line <= params.range.end.line && f.range.end.line >= params.range.start.line;
  for (const f of findings.filter(inRange)) {
    const diag = toDiagnostic(f);
    for (const fix of f.fixes ?? []) {
      const edit: WorkspaceEdit = { changes: {} };
      for (const fe of fix.edits) edit.changes![uriOf(fe.file)] = fe.edits as TextEdit[];
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diag], isPreferred: !!fix.preferred, edit });
    }
    if (path && ruleById(f.ruleId)) {
      const lines = engineFor(path).linesOf(f.file) ?? new LineIndex(documents.get(uri)?.getText() ?? '');
      const e = disableLineEdit(f.file, lines, f.range.start.line, f.ruleId);
      actions.push({ title: `Disable ${f.ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diag], edit: { changes: { [uri]: [{ range: lines.range(e.start, e.end), newText: e.newText }] } } });
      actions.push({ title: `Show documentation for ${f.ruleId}`, kind: CodeActionKind.QuickFix, diagnostics: [diag], command: { title: `Show documentation for ${f.ruleId}`, command: 'dindDoctor.showRuleDocs', arguments: [f.ruleId] } });
    }
  }
  if (path) {
    try { actions.push(...buildStrategyActions(engineFor(path), path, uri, params.range, documents.get(uri)?.getText())); } catch (e) { connection.console.error(String(e)); }
  }
  return actions;
});

// ---- hover ----

connection.onHover((params): Hover | null => {
  const uri = params.textDocument.uri;
  const pos = params.position;
  const hits = (published.get(uri) ?? []).filter((f) => contains(f.range, pos));
  const parts: string[] = [];
  for (const f of hits) {
    const r = ruleById(f.ruleId);
    let s = `**${f.ruleId}**${r ? ` — ${r.summary}` : ''}\n\n${f.message}`;
    if (f.fixes?.length) s += `\n\nFixes: ${f.fixes.map((x) => `${x.preferred ? '★ ' : ''}${x.title}`).join(' · ')}`;
    parts.push(s);
  }
  const doc = documents.get(uri);
  if (doc) {
    const line = doc.getText({ start: { line: pos.line, character: 0 }, end: { line: pos.line + 1, character: 0 } });
    const m = /^\s*(?:-\s*)?["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*[:=]/.exec(line);
    if (m && KEY_DOCS[m[1]] && pos.character <= line.indexOf(m[1]) + m[1].length) parts.push(KEY_DOCS[m[1]]);
  }
  return parts.length ? { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') } } : null;
});

function contains(r: Finding['range'], p: { line: number; character: number }): boolean {
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.character < r.start.character) return false;
  if (p.line === r.end.line && p.character > r.end.character) return false;
  return true;
}

documents.listen(connection);
connection.listen();
