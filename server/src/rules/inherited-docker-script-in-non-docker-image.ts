import { ciRule, type CiContext, type ReportFix, clip } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { entry } from '../formats/yaml';
import { insertFlowValueEntry } from '../edits/job';
import { mergeSameOffset } from '../edits/merge';
import { jobIncomplete, ownMap } from '../model/daemon';
import { dockerCallsWithoutCli, imageWithoutDockerCli, inheritedHookCall } from '../model/docker-cli';
import { keySpan } from '../model/pipeline';

function check(ctx: CiContext): void {
  if (ctx.runners.executor === 'shell') return; // the image is ignored there
  for (const job of ctx.jobs) {
    const img = job.image;
    if (!img || !imageWithoutDockerCli(img.ref)) continue;
    const calls = dockerCallsWithoutCli(job);
    if (!calls.length || !calls.every(inheritedHookCall) || jobIncomplete(job, ctx.pipeline)) continue;
    const sections = [...new Set(calls.map((c) => c.line.section))];
    const from = calls.some((c) => c.line.source === 'default') ? 'default:' : 'extends';
    const first = calls[0];
    const fixes: ReportFix[] = [];
    const map = ownMap(job);
    const text = ctx.textOf(job.entry.file);
    if (map && !map.flow && text !== undefined && sections.every((k) => !entry(map, k))) {
      const ed = new YamlEditor(job.entry.file, text);
      fixes.push({ kind: 'suggestion', title: `Run no inherited ${sections.join('/')} in this job (${sections.map((k) => `${k}: []`).join(', ')})`, edits: mergeSameOffset(sections.map((k) => insertFlowValueEntry(ed, map, k, '[]'))) });
    }
    const before = sections.includes('before_script');
    ctx.report({
      at: keySpan(job.entry),
      severity: before ? 'error' : 'info',
      message: `Job '${clip(job.name, 24)}' inherits docker commands but '${clip(img.ref.raw, 24)}' has no Docker CLI. Job '${job.name}' uses the image '${img.ref.raw}', which has no Docker CLI, but inherits a ${sections.join(' and ')} from ${from} that runs \`${first.words.map((w) => w.text).slice(0, 3).join(' ')}\`: ${before ? 'the job fails with `docker: command not found` before its own script runs' : 'the after_script fails with `docker: command not found` (after_script failures do not fail the job, so this goes unnoticed)'}. Give the job its own ${sections.map((k) => `\`${k}\``).join('/')} (\`[]\` for none), or move the docker lines into the jobs that build images.`,
      related: calls.map((c) => ({ at: { file: c.line.node.file, start: c.words[0].start, end: c.words[0].end }, message: `docker call inherited through ${c.line.section}` })),
      fixes,
    });
  }
}

export const rule = ciRule({
  id: 'inherited-docker-script-in-non-docker-image',
  severity: 'error',
  summary: 'A job inherits a before_script/after_script with docker commands into an image without the Docker CLI',
  check,
});
