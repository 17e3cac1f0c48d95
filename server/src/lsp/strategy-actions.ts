/**
 * Code actions that are not fixes of a finding: the build-strategy picker offered on jobs that build or push
 * images with the Docker CLI. (The picker itself runs in the client.)
 */
import type { CodeAction, Range } from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver/node';
import type { Workspace } from '../engine/workspace';
import { isDockerBuildJob } from '../model/facts';
import { conversions } from '../edits/conversions';
import { modelViews } from './last-model';
import { kindOf } from './editor-intel';

/**
 * The actions for the jobs of `path` at `range`, from the last built pipeline where it is still right for the current
 * text (last-model.ts): a request never builds a pipeline, so none is offered before the file's first analysis.
 * `text`: the file's current text; `readFile`: current texts of the other files (the pipeline's includes).
 */
export function buildStrategyActions(ws: Workspace, path: string, uri: string, range: Range, text?: string, readFile?: (file: string) => string | undefined): CodeAction[] {
  if (kindOf({ ws, path }) !== 'gitlab-ci') return []; // remembered: asking the engine may rediscover the workspace
  const lines = ws.linesOf(path);
  if (!lines) return [];
  const out: CodeAction[] = [];
  const now = (f: string) => (f === path ? text ?? lines.text : readFile?.(f));
  for (const view of modelViews(ws, path, now)) for (const job of view.pipeline.jobs) {
    if (job.entry.file !== path) continue;
    const start = lines.position(view.at(path, job.entry.keyStart)).line;
    const end = lines.position(view.at(path, job.config.end)).line;
    if (range.start.line < start || range.start.line > end) continue;
    if (!view.holds(job) || !isDockerBuildJob(job)) continue;
    out.push({
      title: `Choose a build strategy for '${job.name}'…`,
      kind: CodeActionKind.RefactorRewrite,
      command: { title: 'Choose a build strategy…', command: 'dindDoctor.chooseBuildStrategy', arguments: [{ uri, jobName: job.name, line: start }] },
    });
    if (text === undefined) continue;
    // the conversion reads the text the pipeline was built from; its edits are moved to where they are now
    const built = view.textOf(path) ?? text;
    for (const c of conversions(job, built)) {
      if (c.disabled) { out.push({ title: c.title, kind: CodeActionKind.RefactorRewrite, disabled: { reason: `Not converted: ${c.disabled}.` } }); continue; }
      out.push({ title: c.title, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [uri]: c.edits!.map((e) => ({ range: lines.range(view.at(path, e.start), view.at(path, e.end)), newText: e.newText })) } } });
    }
  }
  return out;
}
