/**
 * The whole workspace: diagnostics for every CI file, runner config and Helm values file of the workspace folders,
 * open or not — at start-up (`dindDoctor.analyseWorkspace: "onStartup"`) and on the command
 * "dind-doctor: Analyse workspace". Files are analysed one at a time in slices, and only while no open file's
 * analysis is due or running, so that the files being edited, hovers and code actions are answered first; a progress
 * indicator (LSP work-done progress) appears when there are many files; the output channel says which files were
 * analysed, which runner configs each CI file was paired with, and how long it took.
 */
import { posix } from 'node:path';
import type { Workspace } from '../engine/workspace';
import type { FileKind } from '../engine/types';

export const ANALYSE_WORKSPACE_COMMAND = 'dindDoctor.analyseWorkspace';
export type AnalyseWorkspaceMode = 'onStartup' | 'onCommand' | 'off';
/** From this many files on, the analysis shows a progress indicator from its start. */
export const PROGRESS_MIN_FILES = 10;
/** A smaller analysis shows one once it has taken this long. */
export const PROGRESS_AFTER_MS = 500;

export type LogLevel = 'error' | 'warning' | 'info' | 'debug';
const LEVELS: LogLevel[] = ['error', 'warning', 'info', 'debug'];

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

/** A logger over the LSP console (window/logMessage), dropping what is below `level()`. */
export function levelLogger(console: { error(m: string): void; warn(m: string): void; info(m: string): void; log(m: string): void }, level: () => LogLevel): Logger {
  const on = (l: LogLevel) => LEVELS.indexOf(l) <= LEVELS.indexOf(level());
  return {
    error: (m) => { if (on('error')) console.error(m); },
    warn: (m) => { if (on('warning')) console.warn(m); },
    info: (m) => { if (on('info')) console.info(m); },
    debug: (m) => { if (on('debug')) console.log(m); },
  };
}

/** A work-done progress as the connection creates it (`connection.window.createWorkDoneProgress()`). */
export interface ProgressReporter {
  begin(title: string, percentage?: number, message?: string, cancellable?: boolean): void;
  report(percentage: number, message?: string): void;
  done(): void;
}

export interface WorkspaceAnalysisHost {
  /** Workspace folders (absolute paths). */
  roots(): string[];
  engineFor(root: string): Workspace;
  /**
   * Analyses one file in the background and publishes its diagnostics; resolves to the number of findings. The
   * analysis gives way to the files being edited (it waits while one of theirs is due or running).
   */
  publish(path: string): Promise<number>;
  /** Resolves when no analysis of an open file is due or running (undefined: none is, go on at once). */
  whenIdle(): Promise<void> | undefined;
  /** Open documents are analysed (and kept up to date) by the editor path, not here. */
  isOpen(path: string): boolean;
  /** Clears the diagnostics published for a file that is not open. */
  clear(path: string): void;
  createProgress(): Promise<ProgressReporter>;
  log: Logger;
}

export interface WorkspaceAnalysisSummary {
  files: number;
  found: number;
  skipped: number;
  findings: number;
  ms: number;
  cancelled?: boolean;
}

const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Listed { path: string; root: string; kind: FileKind }

export class WorkspaceAnalysis {
  /** Closed files whose diagnostics came from a workspace analysis. */
  private readonly analysed = new Set<string>();
  private generation = 0;

  constructor(private readonly host: WorkspaceAnalysisHost) {}

  /** Whether a closed file's diagnostics are kept by the workspace analysis (so closing its editor keeps them). */
  covers(path: string): boolean { return this.analysed.has(path); }

  /** A file was deleted (or left the workspace): its diagnostics go. */
  forget(path: string): void {
    if (this.analysed.delete(path) && !this.host.isOpen(path)) this.host.clear(path);
  }

  /** The setting says "off": the diagnostics of closed files it published go, and a running analysis stops. */
  clearClosed(): void {
    this.generation++;
    for (const p of this.analysed) if (!this.host.isOpen(p)) this.host.clear(p);
    this.analysed.clear();
  }

  /**
   * Analyses every CI file, runner config and Helm values file of the workspace folders (at most `maxFiles`): first
   * the files found by name and a cheap look at their text, then the CI files their local includes name (known once
   * their pipelines are built). Nothing starts while an open file's analysis is due or running, and each file is
   * analysed in slices that give way to them, so the files being edited are answered first.
   */
  async run(reason: 'start-up' | 'command', maxFiles: number): Promise<WorkspaceAnalysisSummary> {
    const generation = ++this.generation;
    const { log } = this.host;
    await this.idle();
    if (generation !== this.generation) return { files: 0, found: 0, skipped: 0, findings: 0, ms: 0, cancelled: true };
    const t0 = performance.now();
    const files: Listed[] = [];
    const seen = new Set<string>();
    const add = (path: string, root: string, kind: FileKind) => { if (!seen.has(path)) { seen.add(path); files.push({ path, root, kind }); } };
    for (const root of this.host.roots()) {
      // on the command, files written since the last listing count too, with or without a watcher event
      try {
        const ws = this.host.engineFor(root);
        if (reason === 'command') ws.relist();
        const d = ws.listedByKind();
        for (const p of d.ciFiles) add(p, root, 'gitlab-ci');
        for (const p of d.runnerConfigs) add(p, root, 'runner-config');
        for (const p of d.helmValues) add(p, root, 'helm-values');
      } catch (e) { log.error(`dind-doctor: listing ${root} failed: ${(e as Error).message}`); continue; }
    }
    const listed = files.length;
    log.info(`Analysing the workspace (${reason}): ${listed} file${listed === 1 ? '' : 's'} found (${count(files, 'gitlab-ci')} CI, ${count(files, 'runner-config')} runner config, ${count(files, 'helm-values')} Helm values) in ${ms(t0)} ms`);

    let progress: ProgressReporter | undefined;
    const startProgress = async () => {
      progress = await this.host.createProgress();
      progress.begin('dind-doctor: analysing the workspace', 0, `${Math.min(files.length, maxFiles)} files`);
    };
    if (Math.min(files.length, maxFiles) >= PROGRESS_MIN_FILES) await startProgress();
    let findings = 0, done = 0, cancelled = false, included = false;
    try {
      for (let i = 0; ; i++) {
        if (i === files.length && !included) {
          // the CI files that local includes name: their mains' pipelines are built by now
          included = true;
          const before = files.length;
          for (const root of new Set(files.map((f) => f.root))) {
            try { for (const p of this.host.engineFor(root).discover().ciFiles) add(p, root, 'gitlab-ci'); } catch (e) { log.error(`dind-doctor: listing the includes under ${root} failed: ${(e as Error).message}`); }
          }
          if (files.length > before) log.info(`  and ${files.length - before} CI file${files.length - before === 1 ? '' : 's'} that local includes name`);
        }
        if (i >= files.length || i >= maxFiles) break;
        const f = files[i];
        await yieldToRequests();
        await this.idle();
        if (generation !== this.generation) { cancelled = true; break; }
        if (!progress && performance.now() - t0 > PROGRESS_AFTER_MS) await startProgress();
        const rel = relative(f.root, f.path);
        if (this.host.isOpen(f.path)) { log.debug(`  ${rel}: open in the editor, analysed there`); done++; continue; }
        const t = performance.now();
        let n: number;
        try { n = await this.host.publish(f.path); } catch (e) { log.error(`dind-doctor: analysis of ${f.path} failed: ${(e as Error).message}`); done++; continue; }
        if (generation !== this.generation) { cancelled = true; break; }
        this.analysed.add(f.path);
        findings += n;
        done++;
        log.info(`  analysed ${rel} (${KIND_NAMES[f.kind]}): ${n} finding${n === 1 ? '' : 's'} in ${ms(t)} ms`);
        if (f.kind === 'gitlab-ci') this.logPairing(f.root, f.path);
        progress?.report(Math.round((done / Math.min(files.length, maxFiles)) * 100), rel);
      }
    } finally {
      progress?.done();
    }
    const found = files.length;
    if (found > maxFiles) log.warn(`dind-doctor: the workspace holds ${found} files to analyse; only the first ${maxFiles} are (setting dindDoctor.analyseWorkspaceMaxFiles)`);
    const summary: WorkspaceAnalysisSummary = { files: done, found, skipped: Math.max(0, found - maxFiles), findings, ms: ms(t0) };
    if (cancelled) { summary.cancelled = true; log.info(`Workspace analysis stopped after ${done} files (a newer one started or it was turned off)`); }
    else log.info(`Workspace analysed: ${done} file${done === 1 ? '' : 's'}, ${findings} finding${findings === 1 ? '' : 's'}, in ${summary.ms} ms`);
    return summary;
  }

  /** Waits until no analysis of an open file is due or running. */
  private async idle(): Promise<void> {
    for (let w = this.host.whenIdle(); w; w = this.host.whenIdle()) await w;
  }

  private logPairing(root: string, ciFile: string): void {
    let configs: string[];
    try { configs = this.host.engineFor(root).runnerConfigFilesFor(ciFile); } catch { return; }
    this.host.log.info(configs.length
      ? `    ${relative(root, ciFile)} is judged with the runner config${configs.length === 1 ? '' : 's'} ${names(configs.map((c) => relative(root, c)))}`
      : `    ${relative(root, ciFile)}: no runner config in its folder or above (runner settings: dindDoctor.runner.*)`);
  }
}

/** At most PAIRING_NAMES names, then how many more (a folder of many configs must not make a line of kilobytes). */
export const PAIRING_NAMES = 5;
function names(list: string[]): string {
  return list.length <= PAIRING_NAMES ? list.join(', ') : `${list.slice(0, PAIRING_NAMES).join(', ')} and ${list.length - PAIRING_NAMES} more`;
}

const KIND_NAMES: Record<FileKind, string> = { 'gitlab-ci': 'CI file', 'runner-config': 'runner config', 'helm-values': 'Helm values' };
function count(files: { kind: FileKind }[], kind: FileKind): number { return files.filter((f) => f.kind === kind).length; }
function ms(t0: number): number { return Math.round(performance.now() - t0); }
function relative(root: string, path: string): string { return path.startsWith(root + '/') ? path.slice(root.length + 1) : posix.basename(path); }
