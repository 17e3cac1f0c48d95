import { ciRule, clip } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { dockerCallsWithoutCli, imageWithoutDockerCli, inheritedHookCall } from '../model/docker-cli';
import { jobIncomplete } from '../model/daemon';
import { valueSpan } from '../model/pipeline';
import { DOCKER_MAJOR } from '../../../common/pins';

/** Images where `docker:<v>-cli` loses nothing (docker:cli is Alpine based). */
const SWAPPABLE = new Set(['alpine', 'busybox']);

export const rule = ciRule({
  id: 'job-image-lacks-docker-cli',
  severity: 'warning',
  summary: 'The job runs docker in an image without the Docker CLI',
  check(ctx) {
    if (ctx.runners.executor === 'shell') return;
    for (const job of ctx.jobs) {
      const img = job.image;
      if (!img) continue;
      const base = imageWithoutDockerCli(img.ref);
      if (!base) continue;
      const cmds = dockerCallsWithoutCli(job);
      // only inherited before_script/after_script calls: inherited-docker-script-in-non-docker-image says why
      if (cmds.length === 0 || (cmds.every(inheritedHookCall) && !jobIncomplete(job, ctx.pipeline))) continue;
      const first = cmds[0];
      const text = ctx.textOf(img.nameNode.file);
      const to = `docker:${DOCKER_MAJOR}-cli`;
      ctx.report({
        at: valueSpan(img.nameNode),
        message: `\`${clip(first.words[0].text, 16)}\` is not in image '${clip(img.ref.raw, 30)}': command not found. The job runs \`${first.words[0].text}\` but its image '${img.ref.raw}' has no Docker CLI, and services do not add binaries to the job container: \`${first.words[0].text}: command not found\`. Use ${to} as the job image, or install the CLI in before_script.`,
        related: [{ at: { file: first.line.node.file, start: first.words[0].start, end: first.words[0].end }, message: 'docker is called here' }],
        fixes: text !== undefined && SWAPPABLE.has(base) ? [{ title: `Use ${to} as the job image`, preferred: true, kind: 'suggestion' as const, edits: [new YamlEditor(img.nameNode.file, text).replaceScalar(img.nameNode, to)] }] : [],
      });
    }
  },
});
