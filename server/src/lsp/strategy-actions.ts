/**
 * Code actions that are not fixes of a finding: the build-strategy picker offered on jobs that build or push
 * images with the Docker CLI. (The picker itself runs in the client.)
 */
import type { CodeAction, Range } from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver/node';
import type { Workspace } from '../engine/workspace';
import { isDockerBuildJob } from '../model/facts';
import { conversions } from '../edits/conversions';

export function buildStrategyActions(ws: Workspace, path: string, uri: string, range: Range, text?: string): CodeAction[] {
  if (ws.kindOf(path) !== 'gitlab-ci') return [];
  const lines = ws.linesOf(path);
  if (!lines) return [];
  const out: CodeAction[] = [];
  for (const job of ws.jobsIn(path)) {
    const start = lines.position(job.entry.keyStart).line;
    const end = lines.position(job.config.end).line;
    if (range.start.line < start || range.start.line > end || job.entry.file !== path) continue;
    if (!isDockerBuildJob(job)) continue;
    out.push({
      title: `Choose a build strategy for '${job.name}'…`,
      kind: CodeActionKind.RefactorRewrite,
      command: { title: 'Choose a build strategy…', command: 'dindDoctor.chooseBuildStrategy', arguments: [{ uri, jobName: job.name, line: start }] },
    });
    if (text === undefined) continue;
    for (const c of conversions(job, text)) {
      if (c.disabled) { out.push({ title: c.title, kind: CodeActionKind.RefactorRewrite, disabled: { reason: `Not converted: ${c.disabled}.` } }); continue; }
      out.push({ title: c.title, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [uri]: c.edits!.map((e) => ({ range: lines.range(e.start, e.end), newText: e.newText })) } } });
    }
  }
  return out;
}
