import { ciRule, type ReportFix, clip } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { dockerCommands } from '../model/facts';
import { defaultDaemon, dockerPath, hostDaemonOf, isRunOrCreate, runOptions } from '../model/host-daemon';
import { jobCommands, type Job, type JobCommand } from '../model/pipeline';

const PRUNE_GROUPS = new Set(['system', 'container', 'volume', 'network']);
const LABEL = 'ci-job=$CI_JOB_ID';

/** `docker ps` (or `docker container ls|ps|list`) that lists every container: no filter, or only a status filter. */
function listsAll(c: JobCommand): boolean {
  const { path, next } = dockerPath(c);
  const p = path[0] === 'container' ? path.slice(1) : path;
  if (!(p.length === 1 && (path[0] === 'container' ? ['ls', 'ps', 'list'] : ['ps']).includes(p[0]))) return false;
  const w = c.words.slice(next).map((x) => x.text);
  for (let i = 0; i < w.length; i++) {
    const t = w[i];
    let filter: string | undefined;
    if (t === '-f' || t === '--filter') filter = w[++i] ?? '';
    else if (t.startsWith('--filter=')) filter = t.slice(9);
    else if (/^-[aqsn]*f/.test(t) && !t.startsWith('--')) filter = t.slice(t.indexOf('f') + 1).replace(/^=/, '') || (w[++i] ?? '');
    if (filter !== undefined && !/^status=/.test(filter)) return false; // label/name/ancestor…: scoped
  }
  return true;
}

/** A `--filter label=…` that scopes a prune command. */
function scopedPrune(c: JobCommand, from: number): boolean {
  const w = c.words.slice(from).map((x) => x.text);
  return w.some((t, i) => /^--filter=label=/.test(t) || (t === '--filter' && /^label=/.test(w[i + 1] ?? '')));
}

/** Whether a run/create command carries the job label already. */
function labelled(c: JobCommand, from: number): boolean {
  return runOptions(c, from).some((o) => (o.flag === '--label' || o.flag === '-l') && (o.value?.text ?? o.inline) === LABEL);
}

/**
 * The labelled-cleanup fix, where it is a faithful replacement: the cleanup runs after containers this job starts
 * itself with visible `docker run`/`create` lines (no compose, no Testcontainers), every such line is written in the
 * job itself in the same file; those get `--label ci-job=$CI_JOB_ID`, the `docker ps` gets the matching filter.
 */
function labelFix(job: Job, cmd: JobCommand, ps: JobCommand, verb: string): ReportFix | undefined {
  const file = job.entry.file;
  if (cmd.line.source !== 'own' || cmd.line.node.file !== file) return undefined;
  const all = jobCommands(job);
  const at = all.indexOf(cmd);
  const runs: { c: JobCommand; next: number; words: { end: number }[] }[] = [];
  for (const c of all) {
    const argv0 = c.words[0]?.text ?? '';
    if (/(^|\/)docker-compose$/.test(argv0) || c.words.some((w) => /testcontainers/i.test(w.text))) return undefined;
    if (!/(^|\/)docker$/.test(argv0)) continue;
    const { path, next, words } = dockerPath(c);
    if (path[0] === 'compose' || path[0] === 'start' || (path[0] === 'container' && path[1] === 'start')) return undefined;
    if (!isRunOrCreate(path)) continue;
    if (c.line.source !== 'own' || c.line.node.file !== file || !defaultDaemon(c)) return undefined;
    runs.push({ c, next, words });
  }
  if (runs.length === 0 || all.indexOf(runs[0].c) > at) return undefined;
  const edits: SpanEdit[] = [];
  for (const r of runs) {
    if (labelled(r.c, r.next)) continue;
    const verbEnd = r.words[r.words.length - 1].end;
    edits.push({ file, start: verbEnd, end: verbEnd, newText: ` --label ${LABEL}` });
  }
  const last = ps.words[ps.words.length - 1];
  edits.push({ file, start: last.end, end: last.end, newText: ` --filter label=${LABEL}` });
  return { title: `Label the containers this job starts (--label ${LABEL}) and ${verb} only those`, preferred: true, kind: 'suggestion', edits };
}

export const rule = ciRule({
  id: 'socket-binding-destructive-commands',
  severity: 'warning',
  summary: 'A cleanup command that removes every container, volume or network of a shared host daemon',
  check(ctx) {
    for (const job of ctx.jobs) {
      const cmds = dockerCommands(job).filter((c) => defaultDaemon(c) && !c.substituted);
      if (cmds.length === 0) continue;
      const host = hostDaemonOf(job, ctx, { shell: true });
      if (!host) continue;
      const daemon = host.kind === 'shell' ? 'the host\'s Docker daemon (shell executor)' : 'the host\'s Docker daemon (socket binding)';
      const all = jobCommands(job);
      const victims = host.kind === 'shell' ? 'other jobs\' containers (and any other container on the host)' : 'other jobs\' containers and the runner\'s own (the build, service and cache containers of this and concurrent jobs)';
      for (const c of cmds) {
        const { path, next, words } = dockerPath(c);
        const file = c.line.node.file;
        const p = path[0] === 'container' ? path.slice(1) : path;
        if (p.length === 1 && (p[0] === 'rm' || p[0] === 'kill' || p[0] === 'stop')) {
          for (const w of c.words.slice(next)) {
            const ps = all.find((x) => x.substituted && x.start >= w.start && x.end <= w.end && /(^|\/)docker$/.test(x.words[0]?.text ?? '') && listsAll(x));
            if (!ps) continue;
            const fix = labelFix(job, c, ps, p[0] === 'rm' ? 'remove' : p[0]);
            const src = ctx.textOf(file);
            const shown = src?.slice(w.start, w.end) ?? w.text;
            const head = (src?.slice(c.words[0].start, w.start) ?? `docker ${path.join(' ')} `).replace(/\s+/g, ' ');
            ctx.report({
              at: { file, start: w.start, end: w.end },
              message: `\`${clip(head + shown, 30)}\` acts on the shared host daemon: it hits other jobs' containers. \`${head}${shown}\` acts on every container of ${daemon}: that daemon is shared, so this also ${p[0] === 'rm' ? 'removes' : p[0] === 'kill' ? 'kills' : 'stops'} ${victims}, which then fail. Label what the job starts (\`docker run --label ${LABEL} …\`) and clean up only that (\`${head}$(docker ps ${p[0] === 'rm' ? '-aq' : '-q'} --filter label=${LABEL})\`), or use dind.`,
              related: host.related,
              fixes: fix ? [fix] : undefined,
            });
            break;
          }
          continue;
        }
        if (path.length === 2 && PRUNE_GROUPS.has(path[0]) && path[1] === 'prune' && !scopedPrune(c, next)) {
          const what = { system: 'stopped containers, unused networks, dangling images and build cache', container: 'stopped containers', volume: 'unused volumes', network: 'unused networks' }[path[0]]!;
          ctx.report({
            at: { file, start: words[0].start, end: words[1].end },
            message: `\`docker ${clip(path.join(' '), 20)}\` prunes the shared host daemon: it removes other jobs' data. \`docker ${path.join(' ')}\` removes all ${what} of ${daemon}: that daemon is shared, so this also removes ${host.kind === 'shell' ? 'what other jobs and other users of the host left for later' : 'other jobs\' and the runner\'s own (cache containers and volumes, networks of running jobs)'}, and concurrent jobs fail. Label what the job creates (\`--label ${LABEL}\`) and prune only that (\`docker ${path.join(' ')} --filter label=${LABEL}\`), or use dind.`,
            related: host.related,
          });
        }
      }
    }
  },
});
