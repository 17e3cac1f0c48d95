/**
 * `dindDoctor.chooseBuildStrategy`: a multi-step QuickPick that writes a complete, working build job into a GitLab
 * CI file and offers the runner settings the strategy needs. Loaded lazily (first use of the command).
 *
 * Invocation: command palette ("dind-doctor: Choose a build strategy…"), the editor title / context menu of a CI
 * file (argument: the file's Uri), or the server's code action on a job running `docker build`/`docker push`
 * (argument `{ uri, jobName?, line? }`; `uri` selects the CI file, `jobName` only shows in the titles — the
 * existing job is left untouched).
 *
 * KEYBOARD FLOW (deterministic; every step opens with its default selected/filled, so Enter accepts it; Escape at
 * any step cancels without changing anything):
 *   Step 0 — only when the CI file is ambiguous: no Uri argument, the active editor is not a `*gitlab-ci.yml`/`.yaml`
 *            file, and the workspace holds more than one CI file. QuickPick of those files; the shortest path
 *            (normally `.gitlab-ci.yml` at the root) is selected. With no CI file at all, `.gitlab-ci.yml` is
 *            created in the first workspace folder (untitled YAML document without a folder).
 *   Step 1/4 — "Build strategy": QuickPick, items in this order, the first selected:
 *            Docker-in-Docker with TLS · BuildKit rootless · Buildah · Kaniko · Docker socket binding ·
 *            Docker-in-Docker without TLS · Docker-in-Docker over a Unix socket.  Enter → dind with TLS.
 *   Step 2/4 — "Executor": QuickPick of the executors the strategy supports (Docker, Kubernetes; socket binding and
 *            the Unix-socket variant: Docker only). Selected: the executor of the runner config the language
 *            server found in the workspace (shallowest runner config.toml / `*.toml` with `[[runners]]` whose first
 *            docker/kubernetes runner decides, or a Helm values file with `runners.config` → Kubernetes), else the
 *            `dindDoctor.runner.executor` setting, else Docker (the first item).
 *   Step 3/4 — "Image to push": InputBox prefilled with `$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA`.
 *   Step 4/4 — "Job name": InputBox prefilled with `build-image` (`build-image-2`, … when taken).
 *   The job is written: at the cursor when the CI file's editor is active and the cursor is on an empty line whose
 *   next non-blank line is top-level (or end of file); otherwise appended at the end after a blank line; indented
 *   like the file (2 or 4 spaces). The editor shows the file with the job's name line selected.
 *   Step 5 — only when the strategy needs runner settings (dind variants, socket binding, BuildKit rootless on
 *            Kubernetes) and no runner config in the workspace already satisfies them: QuickPick "Runner settings":
 *              "Apply to <file>" for each runner config / Helm values file with a runner of the chosen executor
 *              (the first selected), then "Open in a new TOML document" (selected when there is no such file),
 *              then "Skip".
 *            The language server computes these edits (command `dindDoctor.server.runnerSettings`, a WorkspaceEdit
 *            built by the same builders as the quick fixes); the client never reads runner configs itself.
 *            "Apply to …" opens VS Code's Refactor Preview (every edit has needsConfirmation); nothing changes until
 *            the user presses "Apply" there (command `refactorPreview.apply`). "Open in a new TOML document" opens
 *            an untitled TOML editor beside the CI file.
 *   Keyboard summary for a workspace with one `.gitlab-ci.yml` and no runner config: Enter ×4 writes the dind-TLS
 *   job for the Docker executor, then Enter on step 5 opens the runner settings in an untitled TOML document.
 */
import * as vscode from 'vscode';
import type { RunnerConfigSettings, RunnerSettingsParams, RunnerSettingsResult } from '../../common/runner-settings';
import { chooseStage, detectIndent, freeJobName, jobNameProblem, placeJob } from './ciText';
import {
  DEFAULT_DESTINATION, DEFAULT_JOB_NAME, STRATEGIES, generateJob, generateRunnerToml, runnerNeeds, strategyInfo,
  type Executor, type StrategyId,
} from '../../common/strategies';

export interface StrategyArgs { uri?: string | vscode.Uri; jobName?: string; line?: number }

const CI_FILE = /(^|[\\/])([^\\/]*\.)?gitlab-ci\.ya?ml$/;
const TOTAL = 4;

/** Asks the language server about the workspace's runner configs (it reads and edits them; the client does not). */
export type RunnerSettingsQuery = (params: RunnerSettingsParams) => Promise<RunnerSettingsResult>;

interface RunnerFile { uri: vscode.Uri; settings: RunnerConfigSettings }

class Cancelled extends Error {}

export async function chooseBuildStrategy(arg: unknown, query: RunnerSettingsQuery): Promise<void> {
  try {
    await run(normaliseArgs(arg), query);
  } catch (e) {
    if (e instanceof Cancelled) return;
    void vscode.window.showErrorMessage(`dind-doctor: ${(e as Error).message}`);
  }
}

function normaliseArgs(arg: unknown): StrategyArgs {
  if (arg instanceof vscode.Uri) return { uri: arg };
  if (typeof arg === 'string') return { uri: arg };
  if (arg && typeof arg === 'object') {
    const a = arg as Record<string, unknown>;
    return {
      uri: typeof a.uri === 'string' || a.uri instanceof vscode.Uri ? a.uri : undefined,
      jobName: typeof a.jobName === 'string' ? a.jobName : undefined,
      line: typeof a.line === 'number' ? a.line : undefined,
    };
  }
  return {};
}

async function run(args: StrategyArgs, query: RunnerSettingsQuery): Promise<void> {
  const runnerFiles = findRunnerFiles(query).catch((): RunnerFile[] => []); // in parallel with the first steps
  const target = await resolveCiFile(args);
  const about = args.jobName ? ` for job "${args.jobName}"` : '';

  // Step 1: strategy
  const strategy = await pick(
    STRATEGIES.map((s) => ({ label: s.label, detail: s.detail, description: s.executors.length === 1 ? 'Docker executor only' : undefined, value: s.id })),
    0, `dind-doctor: Build strategy${about}`, 1, 'Pick how the job builds the image',
  );

  // Step 2: executor
  const found = await runnerFiles;
  const detected = found.find((f) => f.settings.executor)?.settings.executor;
  const setting = vscode.workspace.getConfiguration('dindDoctor').get<string>('runner.executor');
  const fromSetting: Executor | undefined = setting === 'kubernetes' ? 'kubernetes' : setting && /^docker/.test(setting) ? 'docker' : undefined;
  const info = strategyInfo(strategy);
  const execItems = info.executors.map((e) => {
    const src = found.find((f) => f.settings.executor === e);
    return {
      label: e === 'docker' ? 'Docker executor' : 'Kubernetes executor',
      description: src ? `runner config: ${vscode.workspace.asRelativePath(src.uri)}` : fromSetting === e ? 'dindDoctor.runner.executor' : undefined,
      detail: e === 'docker'
        ? (info.executors.length === 1 && detected === 'kubernetes' ? `${info.label} needs a Docker-executor runner; your workspace's runner uses Kubernetes` : 'docker, docker+machine, docker-autoscaler')
        : 'Pods; services share the pod network; the image entrypoint does not run',
      value: e,
    };
  });
  const preferred = [detected, fromSetting].find((e) => e && info.executors.includes(e));
  const executor = await pick(execItems, Math.max(0, execItems.findIndex((i) => i.value === preferred)), `dind-doctor: Executor${about}`, 2, 'Which GitLab Runner executor runs this job?');

  // Step 3: image
  const destination = await input(`dind-doctor: Image to push${about}`, 3, DEFAULT_DESTINATION, 'Image reference the job builds and pushes', (v) => {
    if (!v.trim()) return 'Enter an image reference.';
    if (/\s/.test(v.trim())) return 'No spaces in an image reference.';
    return undefined;
  });

  // Step 4: job name
  const doc = target.doc;
  const text = doc ? doc.getText() : '';
  const jobName = await input(`dind-doctor: Job name${about}`, 4, freeJobName(text, DEFAULT_JOB_NAME), 'Name of the new job', (v) => jobNameProblem(text, v));

  await writeJob(target, strategy, executor, destination.trim(), jobName);
  await offerRunnerSettings(strategy, executor, query);
}

// ---- the CI file ----

interface Target { uri: vscode.Uri; doc: vscode.TextDocument | undefined; create: boolean }

async function resolveCiFile(args: StrategyArgs): Promise<Target> {
  if (args.uri) {
    const uri = typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri;
    return { uri, doc: await vscode.workspace.openTextDocument(uri), create: false };
  }
  const active = vscode.window.activeTextEditor?.document;
  if (active && CI_FILE.test(active.uri.path)) return { uri: active.uri, doc: active, create: false };
  const files = await vscode.workspace.findFiles('**/{.gitlab-ci.yml,.gitlab-ci.yaml,*.gitlab-ci.yml,*.gitlab-ci.yaml}', '**/node_modules/**', 50);
  files.sort((a, b) => a.path.split('/').length - b.path.split('/').length || a.path.length - b.path.length || a.path.localeCompare(b.path));
  if (files.length === 1) return { uri: files[0], doc: await vscode.workspace.openTextDocument(files[0]), create: false };
  if (files.length > 1) {
    const uri = await pick(files.map((f) => ({ label: vscode.workspace.asRelativePath(f), value: f })), 0, 'dind-doctor: CI file', undefined, 'Which CI file gets the new job?');
    return { uri, doc: await vscode.workspace.openTextDocument(uri), create: false };
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: '' });
    return { uri: doc.uri, doc, create: false };
  }
  return { uri: vscode.Uri.joinPath(folder.uri, '.gitlab-ci.yml'), doc: undefined, create: true };
}

async function writeJob(target: Target, strategy: StrategyId, executor: Executor, destination: string, jobName: string) {
  const text = target.doc?.getText() ?? '';
  const job = generateJob(strategy, executor, { jobName, destination, stage: chooseStage(text), indent: detectIndent(text) });
  const editor = vscode.window.activeTextEditor;
  const cursor = editor && target.doc && editor.document === target.doc && editor.selection.isEmpty ? editor.selection.active.line : undefined;
  const place = placeJob(text, job, cursor);
  const edit = new vscode.WorkspaceEdit();
  if (target.create) edit.createFile(target.uri, { ignoreIfExists: true });
  edit.replace(target.uri, new vscode.Range(place.line, place.startCharacter, place.line, place.endCharacter), place.text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${vscode.workspace.asRelativePath(target.uri)}`);
  const doc = await vscode.workspace.openTextDocument(target.uri);
  const shown = await vscode.window.showTextDocument(doc, { preview: false, viewColumn: editor?.document === doc ? editor.viewColumn : undefined });
  const nameRange = new vscode.Range(place.jobLine, 0, place.jobLine, jobName.length);
  shown.selection = new vscode.Selection(nameRange.start, nameRange.end);
  shown.revealRange(nameRange, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  vscode.window.setStatusBarMessage(`dind-doctor: added job "${jobName}" (${strategyInfo(strategy).label}, ${executor} executor)`, 8000);
}

// ---- runner settings ----

async function findRunnerFiles(query: RunnerSettingsQuery, params: RunnerSettingsParams = {}): Promise<RunnerFile[]> {
  const { files } = await query(params);
  return files.map((settings) => ({ uri: vscode.Uri.parse(settings.uri), settings }));
}

async function offerRunnerSettings(strategy: StrategyId, executor: Executor, query: RunnerSettingsQuery) {
  if (runnerNeeds(strategy, executor).length === 0) return;
  const found = await findRunnerFiles(query, { strategy, executor }).catch((): RunnerFile[] => []);
  const plans: RunnerFile[] = [];
  for (const f of found) {
    const s = f.settings;
    if (s.executor !== executor || s.problem || !s.edit) continue;
    if (!s.labels?.length && !s.notes?.length) {
      vscode.window.setStatusBarMessage(`dind-doctor: ${s.relativePath} already has the runner settings this job needs`, 8000);
      return;
    }
    plans.push(f);
  }
  type Choice = { kind: 'apply'; i: number } | { kind: 'new' } | { kind: 'skip' };
  const items: { label: string; description?: string; detail?: string; value: Choice }[] = plans.map((p, i) => ({
    label: `$(edit) Apply to ${vscode.workspace.asRelativePath(p.uri)}`,
    description: `runner ${p.settings.runner ?? ''} — review before anything changes`,
    detail: p.settings.labels?.join(' · ') || p.settings.notes?.join(' '),
    value: { kind: 'apply', i },
  }));
  items.push({ label: '$(new-file) Open in a new TOML document', description: plans.length ? undefined : 'no runner config for this executor in the workspace', detail: 'config.toml [[runners]] table to copy into your runner configuration', value: { kind: 'new' } });
  items.push({ label: '$(close) Skip', detail: 'The runner already has these settings, or someone else manages it', value: { kind: 'skip' } });
  const choice = await pick(items, 0, `dind-doctor: Runner settings for ${strategyInfo(strategy).label} (${executor})`, undefined, 'This strategy needs runner settings');
  if (choice.kind === 'skip') return;
  if (choice.kind === 'new') { await openRunnerDocument(strategy, executor); return; }
  const { uri, settings } = plans[choice.i];
  const ok = await vscode.workspace.applyEdit(toWorkspaceEdit(settings.edit!, vscode.workspace.asRelativePath(uri)), { isRefactoring: true });
  if (ok && settings.notes?.length) void vscode.window.showWarningMessage(`dind-doctor: ${settings.notes.join(' ')}`);
}

/** The server's LSP WorkspaceEdit as VS Code's, every change labelled and needing confirmation (Refactor Preview). */
function toWorkspaceEdit(lsp: NonNullable<RunnerConfigSettings['edit']>, description: string): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const change of lsp.documentChanges ?? []) {
    if (!('edits' in change)) continue;
    const uri = vscode.Uri.parse(change.textDocument.uri);
    for (const e of change.edits) {
      const note = 'annotationId' in e ? lsp.changeAnnotations?.[e.annotationId] : undefined;
      const range = new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character);
      edit.replace(uri, range, e.newText, { needsConfirmation: true, label: note?.label ?? 'dind-doctor runner settings', description });
    }
  }
  return edit;
}

async function openRunnerDocument(strategy: StrategyId, executor: Executor) {
  const toml = generateRunnerToml(strategy, executor);
  if (!toml) return;
  const header = [
    `# GitLab Runner settings for "${strategyInfo(strategy).label}" on the ${executor} executor (generated by dind-doctor).`,
    '# Merge this [[runners]] table into the runner\'s config.toml (replace url and token with your runner\'s).',
    ...(executor === 'kubernetes' ? ['# gitlab-runner Helm chart: put the [[runners]] table, without name/url/token/executor, under `runners.config: |`.'] : []),
    '',
  ];
  const doc = await vscode.workspace.openTextDocument({ language: 'toml', content: header.join('\n') + toml });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}

// ---- QuickPick / InputBox steps ----

async function pick<T>(items: { label: string; description?: string; detail?: string; value: T }[], active: number, title: string, step: number | undefined, placeholder: string): Promise<T> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { value: T }>();
  qp.title = title;
  if (step !== undefined) { qp.step = step; qp.totalSteps = TOTAL; }
  qp.placeholder = placeholder;
  qp.ignoreFocusOut = true;
  qp.matchOnDetail = true;
  qp.items = items;
  qp.activeItems = [qp.items[Math.min(active, items.length - 1)]];
  return new Promise<T>((resolve, reject) => {
    let done = false;
    qp.onDidAccept(() => {
      const sel = qp.selectedItems[0] ?? qp.activeItems[0];
      if (!sel) return;
      done = true;
      resolve(sel.value);
      qp.hide();
    });
    qp.onDidHide(() => { qp.dispose(); if (!done) reject(new Cancelled()); });
    qp.show();
  });
}

async function input(title: string, step: number, value: string, prompt: string, validate: (v: string) => string | undefined): Promise<string> {
  const box = vscode.window.createInputBox();
  box.title = title;
  box.step = step;
  box.totalSteps = TOTAL;
  box.value = value;
  box.valueSelection = [0, value.length];
  box.prompt = prompt;
  box.ignoreFocusOut = true;
  return new Promise<string>((resolve, reject) => {
    let done = false;
    box.onDidChangeValue((v) => { box.validationMessage = validate(v); });
    box.onDidAccept(() => {
      const problem = validate(box.value);
      if (problem) { box.validationMessage = problem; return; }
      done = true;
      resolve(box.value);
      box.hide();
    });
    box.onDidHide(() => { box.dispose(); if (!done) reject(new Cancelled()); });
    box.show();
  });
}
