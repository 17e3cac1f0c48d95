import { ciRule, type ReportFix } from '../engine/rule';
import type { Span, SpanEdit } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { insertKeys, tentry, type TArray } from '../formats/toml';
import { hostDaemonOf } from '../model/host-daemon';
import { jobCommands, keySpan } from '../model/pipeline';
import { runnerEnvironment, strings, type Runner } from '../model/runner';
import { addJobVariables } from '../edits/job';
import { appendTomlArray, tomlStringLike } from '../edits/runner';

const OVERRIDE = 'TESTCONTAINERS_HOST_OVERRIDE';
const HOST = 'host.docker.internal';

/** `extra_hosts` edit that maps host.docker.internal to the host gateway; null when the runner maps it already, undefined when it cannot be edited. */
function extraHostsEdit(r: Runner): SpanEdit | null | undefined {
  const hosts = strings(r.docker, 'extra_hosts');
  if (hosts.some((h) => h.value.startsWith(`${HOST}:`))) return null;
  if (!r.docker || r.docker.style !== 'header' || r.helm) return undefined;
  const e = tentry(r.docker, 'extra_hosts');
  if (e) return e.value.kind === 'array' ? appendTomlArray(r.doc, e.value as TArray, tomlStringLike(r.doc, hosts[0]?.node, `${HOST}:host-gateway`)) : undefined;
  return insertKeys(r.doc, r.docker, [`extra_hosts = ["${HOST}:host-gateway"]`]);
}

export const rule = ciRule({
  id: 'socket-binding-testcontainers-host',
  severity: 'info',
  summary: 'Testcontainers on a socket-binding runner without TESTCONTAINERS_HOST_OVERRIDE',
  check(ctx) {
    for (const job of ctx.jobs) {
      const tcVars = [...job.variables.values()].filter((v) => v.name.startsWith('TESTCONTAINERS_'));
      const tcWords = jobCommands(job).flatMap((c) => [...c.assignments, ...c.words].map((w) => ({ w, c }))).filter(({ w }) => /testcontainers/i.test(w.text));
      if (tcVars.length === 0 && tcWords.length === 0) continue;
      if (job.variables.has(OVERRIDE) || job.scripts.some((l) => /HOST_OVERRIDE|host\.override/i.test(l.text))) continue;
      const host = hostDaemonOf(job, ctx, { shell: false }); // shell executor: containers' ports are on the job's own host
      if (!host || host.runners.some((r) => runnerEnvironment(r).has(OVERRIDE))) continue;
      const own = tcVars.find((v) => v.scope === 'job');
      const word = tcWords[0];
      let at: Span;
      let what: string;
      if (own) { at = keySpan(own.entry); what = `This job sets ${own.name}`; }
      else if (word) { at = { file: word.c.line.node.file, start: word.w.start, end: word.w.end }; what = `This job mentions Testcontainers (\`${word.w.text}\`)`; }
      else { at = keySpan(job.entry); what = `Job \`${job.name}\` inherits ${tcVars[0].name}`; }
      const fixes: ReportFix[] = [];
      const text = ctx.textOf(job.entry.file);
      const varEdits = text === undefined ? undefined : addJobVariables(new YamlEditor(job.entry.file, text), job, [[OVERRIDE, HOST]]);
      if (varEdits) {
        const runnerEdits = host.runners.map(extraHostsEdit);
        const extra = runnerEdits.filter((e): e is SpanEdit => !!e);
        if (extra.length && !runnerEdits.includes(undefined)) {
          fixes.push({ title: `Set ${OVERRIDE}: ${HOST} and map ${HOST} to the host gateway in config.toml (extra_hosts)`, preferred: true, edits: [...varEdits, ...extra] });
          fixes.push({ title: `Set ${OVERRIDE}: ${HOST} in the job`, edits: varEdits });
        } else fixes.push({ title: `Set ${OVERRIDE}: ${HOST} in the job`, preferred: true, edits: varEdits });
      }
      ctx.report({
        at,
        message: `Testcontainers on a bound socket needs ${OVERRIDE}: it resolves the wrong host. ${what} but uses the host's Docker daemon (socket binding) without ${OVERRIDE}: Testcontainers then resolves the wrong host for the containers' mapped ports (they are published on the Docker host, not in the job container), and tests fail to connect. Set ${OVERRIDE}: "${HOST}" as the Testcontainers docs advise; on Linux hosts that name only resolves when the runner maps it (\`extra_hosts = ["${HOST}:host-gateway"]\`, unverified).`,
        related: host.related,
        fixes,
      });
    }
  },
});
