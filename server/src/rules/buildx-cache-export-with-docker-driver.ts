import { ciRule, type ReportFix, clip } from '../engine/rule';
import { dockerBuilds, flagUses } from '../model/buildkit';
import { dockerVersion, isDockerLibraryImage } from '../model/docker';
import { dindServices, effVar } from '../model/facts';
import { wordSpan } from '../model/images';
import { jobCommands } from '../model/pipeline';
import { lineBefore } from '../edits/script';
import { progName } from '../model/shell';

const CREATE = 'docker buildx create --use --driver docker-container --name builder';

export const rule = ciRule({
  id: 'buildx-cache-export-with-docker-driver',
  severity: 'warning',
  summary: '`--cache-to` with the default `docker` build driver of a dind daemon older than 29',
  check(ctx) {
    for (const job of ctx.jobs) {
      if (job.partial) continue;
      // a builder chosen anywhere in the job (buildx create defaults to the docker-container driver)
      if (jobCommands(job).some((c) => progName(c.words[0]?.text) === 'docker' && c.words.some((w, i) => w.text === 'buildx' && /^(create|use)$/.test(c.words[i + 1]?.text ?? '')))) continue;
      if (effVar(job, 'BUILDX_BUILDER').state !== 'unset' || job.scripts.some((l) => l.text.includes('BUILDX_BUILDER'))) continue;
      // the daemon: a dind service whose version is known and < 29 (from 29 a fresh daemon uses the containerd
      // image store, where the docker driver exports caches)
      const dind = dindServices(job);
      if (dind.length !== 1 || !isDockerLibraryImage(dind[0].ref)) continue;
      const ver = dockerVersion(dind[0].ref);
      if (!ver || ver.major >= 29) continue;
      if (effVar(job, 'DOCKER_DRIVER').state === 'unknown') continue;
      for (const { cmd, args } of dockerBuilds(job)) {
        if (flagUses(cmd, ['--builder'], 1).length) continue;
        for (const u of flagUses(cmd, ['--cache-to'], args)) {
          const v = u.value ?? '';
          const type = /(?:^|,)type=([\w-]+)/.exec(v)?.[1] ?? (v.includes('=') ? undefined : 'registry');
          if (!type || type === 'inline' || v.includes('$') && !/type=/.test(v)) continue;
          const text = ctx.textOf(cmd.line.node.file);
          if (text === undefined || !u.valueWord) continue;
          const at = wordSpan(text, cmd.line, u.valueWord.start, u.valueWord.end, v);
          if (!at) continue;
          const fixes: ReportFix[] = [];
          const edit = lineBefore(text, cmd, CREATE);
          if (edit) fixes.push({ title: `Create a docker-container builder first: ${CREATE}`, preferred: true, edits: [edit] });
          ctx.report({
            at, fixes,
            message: `\`--cache-to ${clip(v, 30)}\` fails: the default docker driver cannot export caches. \`--cache-to ${v}\` needs a BuildKit builder that can export caches, but this build uses the default \`docker\` driver of the dind service '${dind[0].name}' (Docker ${ver.major}), which supports cache export only with the containerd image store (default for fresh daemons from Docker 29): the build fails with \`ERROR: Cache export is not supported for the docker driver.\` Run \`${CREATE}\` before the build, or use dind 29.`,
          });
        }
      }
    }
  },
});
