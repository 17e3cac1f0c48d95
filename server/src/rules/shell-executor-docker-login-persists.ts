import { ciRule } from '../engine/rule';
import { afterGlobalFlags, dockerCommands, dockerSubcommand, effVar } from '../model/facts';
import { jobIncomplete, runnerSetsVar } from '../model/daemon';
import { shellExecutorEntries } from '../model/shell-runner';

export const rule = ciRule({
  id: 'shell-executor-docker-login-persists',
  severity: 'warning',
  summary: '`docker login` on a shell runner leaves the credentials in the gitlab-runner user\'s home for later jobs',
  check(ctx) {
    const view = ctx.runners;
    if (view.executor !== 'shell') return;
    if (view.runners.some((r) => runnerSetsVar(r, 'DOCKER_CONFIG'))) return;
    for (const job of ctx.jobs) {
      if (jobIncomplete(job, ctx.pipeline)) continue;
      if (effVar(job, 'DOCKER_CONFIG').state !== 'unset') continue; // a config directory chosen for the job (or unknown)
      if (job.scripts.some((l) => /\bDOCKER_CONFIG=/.test(l.text))) continue; // exported or set in the script
      const cmds = dockerCommands(job);
      if (cmds.some((c) => c.line.section === 'after_script' && dockerSubcommand(c) === 'logout')) continue;
      for (const c of cmds) {
        if (c.line.section === 'after_script' || dockerSubcommand(c) !== 'login') continue;
        const texts = c.words.map((w) => w.text);
        const sub = afterGlobalFlags(texts);
        if (texts.slice(1, sub).some((t) => t === '--config' || t.startsWith('--config='))) continue; // its own config directory
        if (c.assignments.some((a) => a.text.startsWith('DOCKER_CONFIG='))) continue;
        ctx.report({
          at: { file: c.line.node.file, start: c.words[0].start, end: c.words[sub].end },
          message: 'On the shell executor `docker login` writes the credentials, unencrypted, to ~/.docker/config.json of the gitlab-runner user: they stay there after the job, later jobs of any project on this runner push and pull with them, and parallel jobs overwrite each other\'s login. Set `DOCKER_CONFIG: $CI_PROJECT_DIR/.docker` in the job\'s variables and run `docker logout` in `after_script`.',
          related: shellExecutorEntries(view),
        });
      }
    }
  },
});
