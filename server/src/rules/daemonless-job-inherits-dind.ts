import { ciRule, type ReportFix, clip } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { entry } from '../formats/yaml';
import { isDaemonlessBuilderImage } from '../model/buildkit';
import { jobIncomplete, ownMap } from '../model/daemon';
import { dindServices, dockerCommands } from '../model/facts';
import { keySpan, valueSpan } from '../model/pipeline';
import { mergeSameOffset } from '../edits/merge';
import { insertFlowValueEntry } from '../edits/job';

export const rule = ciRule({
  id: 'daemonless-job-inherits-dind',
  severity: 'error',
  summary: 'A daemonless build job (kaniko, BuildKit, Buildah, Podman) inherits a dind service or docker commands from default:',
  check(ctx) {
    for (const job of ctx.jobs) {
      const img = job.image;
      if (!img || img.ref.name.includes('$') || !isDaemonlessBuilderImage(img.ref)) continue;
      if (jobIncomplete(job, ctx.pipeline)) continue;
      const inheritedDind = job.keySource.get('services') === 'default' ? dindServices(job) : [];
      const dockerCmds = dockerCommands(job).filter((c) => c.line.source === 'default' && (c.line.section === 'before_script' || c.line.section === 'after_script'));
      if (!inheritedDind.length && !dockerCmds.length) continue;
      const offending = [...(inheritedDind.length ? ['services'] : []), ...new Set(dockerCmds.map((c) => c.line.section))];
      const related = [
        ...inheritedDind.filter((s) => s.nameNode).map((s) => ({ at: valueSpan(s.nameNode!), message: 'dind service inherited from default:' })),
        ...dockerCmds.map((c) => ({ at: { file: c.line.node.file, start: c.words[0].start, end: c.words[0].end }, message: `docker command inherited through ${c.line.section}` })),
      ];
      const fixes: ReportFix[] = [];
      const map = ownMap(job);
      const text = ctx.textOf(job.entry.file);
      if (map && text !== undefined && !map.flow) {
        const ed = new YamlEditor(job.entry.file, text);
        const edits: SpanEdit[] = offending.filter((k) => !entry(map, k)).map((k) => insertFlowValueEntry(ed, map, k, '[]'));
        if (edits.length) fixes.push({ title: `Drop the inherited ${offending.join(', ')}: ${offending.map((k) => `${k}: []`).join(', ')}`, preferred: true, edits: mergeSameOffset(edits) });
        if (!entry(map, 'inherit')) {
          const keep = [...job.keySource].filter(([k, s]) => s === 'default' && !offending.includes(k)).map(([k]) => k).sort();
          fixes.push({ title: keep.length ? `Inherit only ${keep.join(', ')} from default: (inherit: default: [${keep.join(', ')}])` : 'Inherit nothing from default: (inherit: default: false)', edits: [ed.insertEntry(map, 'inherit', { default: keep.length ? keep : false })] });
        }
      }
      const parts: string[] = [];
      if (inheritedDind.length) parts.push(`still starts the privileged dind service '${inheritedDind[0].name}' from \`default:\` (a wasted sidecar that needs a privileged runner)`);
      if (dockerCmds.length) parts.push(`runs the inherited ${[...new Set(dockerCmds.map((c) => c.line.section))].join('/')} command \`${dockerCmds[0].words.map((w) => w.text).slice(0, 3).join(' ')}\` in an image without the docker CLI (\`docker: not found\`)`);
      ctx.report({
        at: keySpan(job.entry), related, fixes, severity: dockerCmds.length ? 'error' : 'info',
        message: `Daemonless job '${clip(job.name, 24)}' inherits ${dockerCmds.length ? 'docker commands that fail' : 'a dind service it never uses'}. Job '${job.name}' builds with the daemonless image '${img.ref.raw}' but ${parts.join(', and ')}. Override the inherited keys in the job (\`${offending.map((k) => `${k}: []`).join('`, `')}\`) or restrict \`inherit: default:\`.`,
      });
    }
  },
});
