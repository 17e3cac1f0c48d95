import { ciRule, stepDue, type ReportFix, clip } from '../engine/rule';
import type { Span, SpanEdit } from '../engine/types';
import { dockerCommands } from '../model/facts';
import { defaultDaemon, dockerPath, hostDaemonOf, isRunOrCreate, optionText, optionValueSpan, runOptions } from '../model/host-daemon';
import type { Job, JobCommand, Pipeline, ScriptLine } from '../model/pipeline';

/** Subcommands whose plain arguments are all container names. */
const ALL_ARGS = new Set(['rm', 'stop', 'kill', 'logs', 'inspect', 'wait', 'start', 'restart', 'pause', 'unpause', 'port', 'top']);
const EXEC_VALUE = /^(-e|--env|--env-file|-w|--workdir|-u|--user|--detach-keys)$/;

function escapeRe(s: string): string { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }
function tokenRe(name: string): RegExp { return new RegExp(`(?<![A-Za-z0-9_.\\-/])${escapeRe(name)}(?![A-Za-z0-9_.\\-])`, 'g'); }

/** Places where the job names the container (`docker logs app`, `docker exec app …`, `docker cp app:/x .`): spans to rewrite. */
function references(cmds: JobCommand[], name: string, text: string): Span[] {
  const out: Span[] = [];
  for (const c of cmds) {
    const { path, next } = dockerPath(c);
    const verb = path[0] === 'container' ? path[1] : path[0];
    const file = c.line.node.file;
    const args = c.words.slice(next);
    const plain = (w: { start: number; end: number; text: string }) => text.slice(w.start, w.end) === w.text;
    if (verb !== undefined && ALL_ARGS.has(verb)) {
      for (const w of args) if (w.text === name) out.push({ file, start: w.start, end: w.end });
    } else if (verb === 'exec') {
      for (let i = 0; i < args.length; i++) {
        const t = args[i].text;
        if (t.startsWith('-')) { if (EXEC_VALUE.test(t)) i++; continue; }
        if (t === name) out.push({ file, start: args[i].start, end: args[i].end });
        break;
      }
    } else if (verb === 'cp') {
      for (const w of args) if (w.text.startsWith(name + ':') && plain(w)) out.push({ file, start: w.start, end: w.start + name.length });
    }
  }
  return out;
}

/** Every place the name appears in a job's scripts, in file offsets. */
function occurrences(lines: ScriptLine[], name: string): { line: ScriptLine; at: number }[] {
  const out: { line: ScriptLine; at: number }[] = [];
  let re: RegExp | undefined;
  // most lines do not contain the name at all: skip them before building and running the regex (every job's
  // scripts are searched for each fixed name of the pipeline)
  for (const line of lines) if (line.text.includes(name)) for (const m of line.text.matchAll((re ??= tokenRe(name)))) out.push({ line, at: line.toFile(m.index!) });
  return out;
}

function quoted(line: ScriptLine, s: string): string { return line.node.style === 'double' ? `\\"${s}\\"` : `"${s}"`; }

/**
 * Replaces the name with `"<name>-$CI_JOB_ID"` at `--name` and wherever the job refers to the container, when every
 * mention of the name in the pipeline's scripts is one of those and written in this job itself.
 */
function uniqueNameFix(pipeline: Pipeline, job: Job, cmd: JobCommand, valueSpan: Span, name: string, text: string): ReportFix | undefined {
  const file = job.entry.file;
  if (cmd.line.source !== 'own' || cmd.line.node.file !== file) return undefined;
  for (const other of pipeline.jobs) if (other !== job && occurrences(other.scripts, name).length) return undefined;
  const refs = [valueSpan, ...references(dockerCommands(job), name, text)];
  const occ = occurrences(job.scripts, name);
  for (const o of occ) {
    if (o.line.source !== 'own' || o.line.node.file !== file) return undefined;
    if (!refs.some((r) => r.file === file && r.start <= o.at && o.at < r.end)) return undefined;
  }
  const newName = `${name}-$CI_JOB_ID`;
  const edits: SpanEdit[] = [];
  for (const r of refs) {
    const o = occ.find((x) => r.start <= x.at && x.at < r.end);
    if (o || r === valueSpan) edits.push({ ...r, newText: quoted(o?.line ?? cmd.line, newName) });
  }
  return { title: `Name the container "${newName}" (unique per job)`, preferred: true, edits };
}

export const rule = ciRule({
  id: 'socket-binding-fixed-container-name',
  severity: 'info',
  summary: 'A fixed container name on a Docker daemon that concurrent jobs share',
  *check(ctx) {
    let i = 0;
    for (const job of ctx.jobs) {
      if (stepDue(i++)) yield; // in steps: every job's docker commands are read
      const cmds = dockerCommands(job).filter(defaultDaemon);
      if (cmds.length === 0) continue;
      const host = hostDaemonOf(job, ctx, { shell: true });
      if (!host) continue;
      for (const c of cmds) {
        const { path, next } = dockerPath(c);
        if (!isRunOrCreate(path)) continue;
        const file = c.line.node.file;
        const text = ctx.textOf(file);
        for (const o of runOptions(c, next)) {
          if (o.flag !== '--name') continue;
          const name = optionText(o);
          if (name === undefined || name === '' || name.includes('$') || name.includes('`')) continue;
          const at = optionValueSpan(o, file, text);
          const fix = text === undefined || o.value?.text.includes('\\') ? undefined : uniqueNameFix(ctx.pipeline, job, c, at, name, text);
          ctx.report({
            at,
            message: `Fixed container name '${clip(name, 30)}' on a shared daemon: concurrent jobs collide. \`docker ${path.join(' ')} --name ${name}\` uses a fixed container name on ${host.kind === 'shell' ? 'the host\'s Docker daemon (shell executor)' : 'the host\'s Docker daemon (socket binding)'}, which concurrent jobs share: while one job's "${name}" exists, another fails with \`Conflict. The container name "/${name}" is already in use\`. Make the name unique per job, e.g. --name "${name}-$CI_JOB_ID".`,
            related: host.related,
            fixes: fix ? [fix] : undefined,
          });
        }
      }
    }
  },
});
