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
 *            the Unix-socket variant: Docker only). Selected: the executor of the runner config found in the
 *            workspace (first `*.toml` with `[[runners]]` whose first docker/kubernetes runner decides, or a Helm
 *            values file with `runners.config` → Kubernetes), else the `dindDoctor.runner.executor` setting, else
 *            Docker (the first item).
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
 *            "Apply to …" opens VS Code's Refactor Preview (every edit has needsConfirmation); nothing changes until
 *            the user presses "Apply" there (command `refactorPreview.apply`). "Open in a new TOML document" opens
 *            an untitled TOML editor beside the CI file.
 *   Keyboard summary for a workspace with one `.gitlab-ci.yml` and no runner config: Enter ×4 writes the dind-TLS
 *   job for the Docker executor, then Enter on step 5 opens the runner settings in an untitled TOML document.
 */
import * as vscode from 'vscode';
import { chooseStage, detectIndent, freeJobName, jobNameProblem, placeJob } from './ciText';
import { executorOf, planRunnerEdits, type RunnerEditPlan } from '../../server/src/edits/runner-needs';
import {
  DEFAULT_DESTINATION, DEFAULT_JOB_NAME, STRATEGIES, generateJob, generateRunnerToml, runnerNeeds, strategyInfo,
  type Executor, type StrategyId,
} from '../../common/strategies';

export interface StrategyArgs { uri?: string | vscode.Uri; jobName?: string; line?: number }

const CI_FILE = /(^|[\\/])([^\\/]*\.)?gitlab-ci\.ya?ml$/;
const TOTAL = 4;

interface RunnerFile { uri: vscode.Uri; text: string; executor: Executor | undefined; helm: boolean }

class Cancelled extends Error {}

export async function chooseBuildStrategy(arg?: unknown): Promise<void> {
  try {
    await run(normaliseArgs(arg));
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

async function run(args: StrategyArgs): Promise<void> {
  const runnerFiles = findRunnerFiles().catch((): RunnerFile[] => []); // in parallel with the first steps
  const target = await resolveCiFile(args);
  const about = args.jobName ? ` for job "${args.jobName}"` : '';

  // Step 1: strategy
  const strategy = await pick(
    STRATEGIES.map((s) => ({ label: s.label, detail: s.detail, description: s.executors.length === 1 ? 'Docker executor only' : undefined, value: s.id })),
    0, `dind-doctor: Build strategy${about}`, 1, 'Pick how the job builds the image',
  );

  // Step 2: executor
  const found = await runnerFiles;
  const detected = found.find((f) => f.executor)?.executor;
  const setting = vscode.workspace.getConfiguration('dindDoctor').get<string>('runner.executor');
  const fromSetting: Executor | undefined = setting === 'kubernetes' ? 'kubernetes' : setting && /^docker/.test(setting) ? 'docker' : undefined;
  const info = strategyInfo(strategy);
  const execItems = info.executors.map((e) => {
    const src = found.find((f) => f.executor === e);
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
  await offerRunnerSettings(strategy, executor, found);
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

async function findRunnerFiles(): Promise<RunnerFile[]> {
  if (!vscode.workspace.workspaceFolders?.length) return [];
  const exclude = '**/{node_modules,.git}/**';
  const extra = vscode.workspace.getConfiguration('dindDoctor').get<string[]>('runnerConfigFiles') ?? [];
  const lists = await Promise.all([
    vscode.workspace.findFiles('**/*.toml', exclude, 200),
    vscode.workspace.findFiles('**/*.{yml,yaml}', exclude, 500),
    ...extra.map((g) => vscode.workspace.findFiles(g, exclude, 50)),
  ]);
  const seen = new Set<string>();
  const out: RunnerFile[] = [];
  const decoder = new TextDecoder();
  for (const uri of lists.flat()) {
    if (seen.has(uri.toString()) || CI_FILE.test(uri.path)) continue;
    seen.add(uri.toString());
    let text: string;
    try {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      text = open ? open.getText() : decoder.decode(await vscode.workspace.fs.readFile(uri));
    } catch { continue; }
    const yaml = /\.ya?ml$/i.test(uri.path);
    if (yaml ? !/^runners:/m.test(text) || !/^[ \t]+config:/m.test(text) : !/^[ \t]*\[\[[ \t]*runners[ \t]*\]\]/m.test(text)) continue;
    const executor = executorOf(uri.path, text);
    if (yaml && !executor) continue;
    out.push({ uri, text, executor, helm: yaml });
  }
  out.sort((a, b) => a.uri.path.split('/').length - b.uri.path.split('/').length || a.uri.path.localeCompare(b.uri.path));
  return out;
}

async function offerRunnerSettings(strategy: StrategyId, executor: Executor, files: RunnerFile[]) {
  const needs = runnerNeeds(strategy, executor);
  if (needs.length === 0) return;
  const plans: { file: RunnerFile; plan: RunnerEditPlan }[] = [];
  for (const f of files.filter((x) => x.executor === executor)) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === f.uri.toString());
    const text = doc ? doc.getText() : f.text;
    const plan = planRunnerEdits(f.uri.path, text, executor, needs);
    if (plan.problem) continue;
    if (plan.edits.length === 0 && plan.notes.length === 0) {
      vscode.window.setStatusBarMessage(`dind-doctor: ${vscode.workspace.asRelativePath(f.uri)} already has the runner settings this job needs`, 8000);
      return;
    }
    plans.push({ file: { ...f, text }, plan });
  }
  type Choice = { kind: 'apply'; i: number } | { kind: 'new' } | { kind: 'skip' };
  const items: { label: string; description?: string; detail?: string; value: Choice }[] = plans.map((p, i) => ({
    label: `$(edit) Apply to ${vscode.workspace.asRelativePath(p.file.uri)}`,
    description: `runner ${p.plan.runner ?? ''} — review before anything changes`,
    detail: p.plan.edits.map((e) => e.label).join(' · ') || p.plan.notes.join(' '),
    value: { kind: 'apply', i },
  }));
  items.push({ label: '$(new-file) Open in a new TOML document', description: plans.length ? undefined : 'no runner config for this executor in the workspace', detail: 'config.toml [[runners]] table to copy into your runner configuration', value: { kind: 'new' } });
  items.push({ label: '$(close) Skip', detail: 'The runner already has these settings, or someone else manages it', value: { kind: 'skip' } });
  const choice = await pick(items, 0, `dind-doctor: Runner settings for ${strategyInfo(strategy).label} (${executor})`, undefined, 'This strategy needs runner settings');
  if (choice.kind === 'skip') return;
  if (choice.kind === 'new') { await openRunnerDocument(strategy, executor); return; }
  const { file, plan } = plans[choice.i];
  const doc = await vscode.workspace.openTextDocument(file.uri);
  const edit = new vscode.WorkspaceEdit();
  const rel = vscode.workspace.asRelativePath(file.uri);
  for (const e of plan.edits) {
    const range = new vscode.Range(doc.positionAt(e.edit.start), doc.positionAt(e.edit.end));
    edit.replace(file.uri, range, e.edit.newText, { needsConfirmation: true, label: e.label, description: rel });
  }
  const ok = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
  if (ok && plan.notes.length) void vscode.window.showWarningMessage(`dind-doctor: ${plan.notes.join(' ')}`);
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
