import { ciRule, stepDue, type CiContext, type ReportFix, clip } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { wordSpan } from '../model/images';
import { exactCommand, exactWord } from '../model/script-words';
import { pushTargets, type PushTarget } from '../model/registry';
import { inScalar } from '../edits/script';

const SHA = '$CI_COMMIT_SHA';

export const rule = ciRule({
  id: 'push-mutable-tag-only',
  severity: 'info',
  summary: 'A job pushes only :latest (or no tag): no immutable, traceable tag',
  *check(ctx) {
    const all: { job: (typeof ctx.jobs)[number]; pushes: PushTarget[] }[] = [];
    for (const job of ctx.jobs) {
      if (stepDue(all.length)) yield; // in steps: reading every job's push commands is long on a big pipeline
      all.push({ job, pushes: pushTargets(job) });
    }
    // repositories that some job of the pipeline pushes with another (or an unknown) tag
    const tagged = new Set(all.flatMap((a) => a.pushes.filter((p) => p.cls !== 'mutable').map((p) => p.name)));
    const unknownPush = all.some((a) => a.pushes.some((p) => p.cls === 'unknown' && !p.name));
    for (const { pushes } of all) {
      if (!pushes.length || pushes.some((p) => p.cls !== 'mutable')) continue;
      if (unknownPush || pushes.some((p) => tagged.has(p.name))) continue;
      for (const p of pushes) report(ctx, p);
    }
  },
});

function report(ctx: CiContext, p: PushTarget) {
  const file = p.command.line.node.file;
  const text = ctx.textOf(file);
  if (text === undefined) return;
  const at = wordSpan(text, p.command.line, p.word.start, p.word.end, p.ref) ?? (exactWord(text, p.word) ? { file, start: p.word.start, end: p.word.end } : undefined);
  if (!at) return;
  const style = p.command.line.node.style;
  const newRef = `"${p.name}:${SHA}"`;
  const fixes: ReportFix[] = [];
  const edit = (offset: number, s: string): SpanEdit => ({ file, start: offset, end: offset, newText: inScalar(style, s) });
  if (p.tool === 'docker-push' && exactCommand(text, p.command)) {
    const src = text.slice(p.word.start, p.word.end);
    const end = p.command.words[p.command.words.length - 1].end;
    fixes.push({ title: `Also tag and push ${p.name}:${SHA}`, preferred: true, kind: 'suggestion', edits: [edit(end, ` && docker tag ${src} ${newRef} && docker push ${newRef}`)] });
  } else if ((p.tool === 'kaniko' || p.tool === 'buildx') && exactWord(text, p.word) && (!p.option || exactWord(text, p.option))) {
    const opt = p.option?.text ?? (p.tool === 'kaniko' ? '--destination' : '--tag');
    fixes.push({ title: `Also push ${p.name}:${SHA}`, preferred: true, kind: 'suggestion', edits: [edit(p.word.end, ` ${opt} ${newRef}`)] });
  }
  const what = /:latest$/.test(p.ref) ? `'${p.ref}'` : /:latest$/.test(p.expanded) ? `'${p.ref}' (${p.expanded})` : `'${p.ref}' (no tag, i.e. :latest)`;
  ctx.report({
    at, fixes,
    message: `The job pushes only the mutable tag ${clip(p.ref, 40)}: pipelines overwrite each other. This job pushes only the mutable tag ${what}: concurrent pipelines overwrite each other, and a deployment cannot be traced back to a commit. Also push an immutable tag, e.g. ${p.name}:${SHA} (or $CI_COMMIT_SHORT_SHA / $CI_COMMIT_TAG).`,
  });
}
