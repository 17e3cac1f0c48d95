import { ciRule, type CiContext, type ReportFix } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { mergeSameOffset } from '../edits/merge';
import { afterGlobalFlags, dockerCommands, dockerSubcommand, effVar } from '../model/facts';
import { jobIncomplete, ownMap, runnerSetsVar } from '../model/daemon';
import type { Job, JobCommand } from '../model/pipeline';
import { shellExecutorEntries } from '../model/shell-runner';

const JOB_CONFIG = '$CI_PROJECT_DIR/.docker';

/**
 * `DOCKER_CONFIG` for the job and a `docker logout` in its `after_script`, written in the job itself. Offered only
 * when the login line is the job's own, the job's map is in the same file, and adding `after_script` would not
 * replace one the job inherits.
 */
function loginFix(ctx: CiContext, job: Job, c: JobCommand, sub: number): ReportFix | undefined {
  const file = job.entry.file;
  const map = ownMap(job);
  const text = ctx.textOf(file);
  if (c.line.source !== 'own' || !map || map.flow || map.file !== file || c.line.node.file !== file || text === undefined) return undefined;
  const operands: string[] = [];
  const words = c.words.map((w) => w.text);
  for (let i = sub + 1; i < words.length; i++) {
    if (/^(-u|--username|-p|--password)$/.test(words[i]) || /^\d*[<>]/.test(words[i])) { i++; continue; } // a value, a redirection's target
    if (!words[i].startsWith('-')) operands.push(words[i]);
  }
  if (operands.length > 1 || operands.some((o) => !/^[\w.:/${}-]+$/.test(o))) return undefined;
  const logout = operands.length ? `docker logout "${operands[0]}" || true` : 'docker logout || true';
  const ed = new YamlEditor(file, text);
  const edits: SpanEdit[] = [];
  const vars = map.entries.get('variables');
  if (vars) {
    if (vars.file !== file || vars.value.kind !== 'map') return undefined;
    edits.push(ed.insertEntry(vars.value, 'DOCKER_CONFIG', JOB_CONFIG));
  } else edits.push(ed.insertEntry(map, 'variables', { DOCKER_CONFIG: JOB_CONFIG }));
  const after = map.entries.get('after_script');
  if (after) {
    if (after.file !== file || after.value.kind !== 'seq') return undefined;
    edits.push(ed.appendItem(after.value, logout));
  } else if (job.keySource.has('after_script') || ctx.pipeline.defaults.has('after_script')) return undefined;
  else {
    const e = ed.insertEntry(map, 'after_script', 'ITEM');
    const pad = /\n([ \t]*)after_script/.exec(e.newText)?.[1] ?? '';
    edits.push({ ...e, newText: e.newText.replace(/ ITEM$/, `${ed.eol}${pad}  - ${ed.scalar(logout)}`) });
  }
  return { kind: 'suggestion', title: `Keep the login to the job: DOCKER_CONFIG: ${JOB_CONFIG} and \`${logout}\` in after_script`, edits: mergeSameOffset(edits) };
}

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
          message: '`docker login` on a shell runner leaves the credentials on the host for later jobs. On the shell executor `docker login` writes the credentials, unencrypted, to ~/.docker/config.json of the gitlab-runner user: they stay there after the job, later jobs of any project on this runner push and pull with them, and parallel jobs overwrite each other\'s login. Set `DOCKER_CONFIG: $CI_PROJECT_DIR/.docker` in the job\'s variables and run `docker logout` in `after_script`.',
          related: shellExecutorEntries(view),
          fixes: (() => { const f = loginFix(ctx, job, c, sub); return f ? [f] : []; })(),
        });
      }
    }
  },
});
