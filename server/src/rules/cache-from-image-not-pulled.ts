import { ciRule, type ReportFix } from '../engine/rule';
import { dockerBuilds, flagUses } from '../model/buildkit';
import { dockerVersion, isDockerLibraryImage } from '../model/docker';
import { effVar } from '../model/facts';
import { wordSpan } from '../model/images';
import { jobCommands, type Job, type JobCommand } from '../model/pipeline';
import { lineBefore } from '../edits/script';
import { progName } from '../model/shell';

/** The build uses the classic builder: DOCKER_BUILDKIT=0, or a docker CLI older than 23 without DOCKER_BUILDKIT=1. */
function classic(job: Job, cmd: JobCommand): boolean {
  const assign = cmd.assignments.find((a) => a.text.startsWith('DOCKER_BUILDKIT='));
  const v = assign ? { state: 'set' as const, value: assign.text.slice('DOCKER_BUILDKIT='.length) } : effVar(job, 'DOCKER_BUILDKIT');
  if (v.state === 'unknown') return false;
  if (job.scripts.some((l) => /DOCKER_BUILDKIT=/.test(l.text)) && !assign) return false;
  if (v.state === 'set') {
    if (v.value === undefined || v.value.includes('$')) return false;
    if (/^(0|false)$/i.test(v.value)) return true;
    if (/^(1|true)$/i.test(v.value)) return false;
  }
  const img = job.image?.ref;
  if (!img || !isDockerLibraryImage(img)) return false;
  const ver = dockerVersion(img);
  return ver !== undefined && ver.major < 23;
}

function pulls(job: Job, before: JobCommand): string[] {
  const out: string[] = [];
  for (const c of jobCommands(job)) {
    if (c === before) break;
    const ws = c.words.map((w) => w.text);
    if (progName(ws[0]) !== 'docker') continue;
    const i = ws[1] === 'image' ? 2 : 1;
    if (ws[i] === 'pull') out.push(...ws.slice(i + 1).filter((w) => !w.startsWith('-')));
    if (ws[i] === 'load' || ws[i] === 'import') out.push('$*'); // images loaded from a file: unknown
  }
  return out;
}

export const rule = ciRule({
  id: 'cache-from-image-not-pulled',
  severity: 'info',
  summary: 'Classic builder `--cache-from` image is never pulled, so the cache is not used',
  check(ctx) {
    for (const job of ctx.jobs) {
      for (const { cmd, args, buildx } of dockerBuilds(job)) {
        if (buildx || !classic(job, cmd)) continue;
        const pulled = pulls(job, cmd);
        for (const u of flagUses(cmd, ['--cache-from'], args)) {
          const ref = u.value;
          if (!ref || !u.valueWord || ref.includes('=') || pulled.some((p) => p === ref || p.includes('$'))) continue;
          const text = ctx.textOf(cmd.line.node.file);
          if (text === undefined) continue;
          const at = wordSpan(text, cmd.line, u.valueWord.start, u.valueWord.end, ref);
          if (!at) continue;
          const fixes: ReportFix[] = [];
          const refText = /^[\w$:/.{}@-]+$/.test(ref) ? ref : JSON.stringify(ref);
          const edit = lineBefore(text, cmd, `docker pull ${refText} || true`);
          if (edit) fixes.push({ title: `Pull the cache image first: docker pull ${ref} || true`, preferred: true, edits: [edit] });
          ctx.report({
            at, fixes,
            message: `\`--cache-from\` finds nothing: the classic builder needs the image pulled into the empty dind. This build uses the classic builder, which only takes \`--cache-from\` layers from images already in the local daemon — and a dind daemon starts empty in every job. Without \`docker pull ${ref} || true\` before the build the cache is never used and every layer is rebuilt.`,
          });
        }
      }
    }
  },
});
