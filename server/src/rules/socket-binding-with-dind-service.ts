import { ciRule, thenNote, type ReportFix } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { entry, type YMap, type YSeq, type YValue } from '../formats/yaml';
import { titems, tget, type TArray } from '../formats/toml';
import { dindServices } from '../model/facts';
import { allRunners, jobIncomplete, ownMap } from '../model/daemon';
import { valueSpan, type Job } from '../model/pipeline';
import { dockerVolumes, isDockerSocketPath, socketBound } from '../model/runner';
import { inFlow } from '../edits/service';
import { removeTomlArrayItem } from '../edits/runner';
import { dindTls, dockerSharesCerts } from '../model/dind-runner';

const DIND_VARS = ['DOCKER_HOST', 'DOCKER_TLS_CERTDIR', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH'];

/** Removes one item of a YAML sequence (its lines in block style, the text and a comma in flow style). */
function removeSeqItem(ed: YamlEditor, seq: YSeq, item: YValue): SpanEdit {
  if (seq.flow || inFlow(ed.text, item)) {
    const i = seq.items.indexOf(item);
    if (i < seq.items.length - 1) return { file: ed.file, start: item.start, end: seq.items[i + 1].start, newText: '' };
    return { file: ed.file, start: seq.items[i - 1].end, end: item.end, newText: '' };
  }
  let end = item.end;
  while (end > item.start && /[\r\n]/.test(ed.text[end - 1])) end--;
  const first = ed.lines.position(item.start).line;
  const last = ed.lines.position(end).line;
  const start = ed.lines.lineStarts[first];
  const stop = last + 1 < ed.lines.lineCount ? ed.lines.lineStarts[last + 1] : ed.text.length;
  return { file: ed.file, start, end: stop, newText: '' };
}

/** Edits that drop the dind service and the dind client variables the job writes itself; undefined when not possible. */
function removeDind(job: Job, ed: YamlEditor): SpanEdit[] | undefined {
  const map = ownMap(job);
  const svc = dindServices(job)[0];
  if (!map || map.file !== ed.file) return undefined;
  const se = entry(map, 'services');
  if (!se || se.value.kind !== 'seq' || se.file !== ed.file || !se.value.items.includes(svc.node)) return undefined;
  const edits: SpanEdit[] = [];
  const others = se.value.items.filter((i) => i !== svc.node);
  edits.push(others.length ? removeSeqItem(ed, se.value, svc.node) : ed.removeEntry(map, se));
  const ve = entry(map, 'variables');
  if (ve?.value.kind === 'map' && ve.file === ed.file) {
    const vars = ve.value as YMap;
    const drop = [...vars.entries.values()].filter((e) => DIND_VARS.includes(e.key) && e.file === ed.file);
    if (drop.length && drop.length === vars.entries.size) edits.push(ed.removeEntry(map, ve));
    else for (const e of drop) edits.push(ed.removeEntry(vars, e));
  }
  return edits;
}

export const rule = ciRule({
  id: 'socket-binding-with-dind-service',
  severity: 'error',
  summary: 'The runner binds the host Docker socket and the job also starts a dind service',
  check(ctx) {
    const view = ctx.runners;
    if (!allRunners(view, (r) => r.executor === 'docker' && socketBound(r))) return;
    for (const job of ctx.jobs) {
      const dind = dindServices(job);
      if (dind.length === 0 || jobIncomplete(job, ctx.pipeline)) continue;
      const svc = dind[0];
      const socks = view.runners.flatMap((r) => dockerVolumes(r).filter((v) => v.host !== undefined && isDockerSocketPath(v.host)).map((v) => ({ r, v })));
      const fixes: ReportFix[] = [];
      const runnerEdits = socks.map(({ r, v }) => {
        const arr = tget(r.docker, 'volumes') as TArray;
        return removeTomlArrayItem(r.doc, arr, v.node);
      });
      if (runnerEdits.length && socks.every(({ r }) => titems(tget(r.docker, 'volumes')).length > 0)) {
        // without the socket the job's dind serves it, with TLS unless the job turns it off: the runner must then share the certificates
        const certs = view.runners.every((r) => dockerSharesCerts(r, '/certs') === false) && dindTls(job, svc, view.runners).on !== false;
        fixes.push({ title: `Keep dind: remove the socket bind from the runner config${thenNote(certs && 'dind-tls-certs-not-shared-docker')}`, preferred: true, edits: runnerEdits });
      }
      const text = ctx.textOf(job.entry.file);
      const rm = text === undefined ? undefined : removeDind(job, new YamlEditor(job.entry.file, text));
      if (rm) fixes.push({ title: 'Use the host daemon: remove the dind service and its DOCKER_* variables from the job', edits: rm });
      ctx.report({
        at: valueSpan(svc.nameNode ?? svc.node),
        message: `The host socket is mounted into dind too: dind serves the host's daemon, not its own. The runner binds the host's Docker socket (${socks.map(({ v }) => `"${v.raw}"`).filter((x, i, a) => a.indexOf(x) === i).join(', ')}), and runner volumes are mounted into services too (GitLab Runner ≥ 11.11): the host's /var/run/docker.sock lands on dind's own socket path. GitLab documents the two setups as incompatible. Choose one: remove the dind service (and DOCKER_HOST/DOCKER_TLS_* variables) to use the host daemon, or remove the socket bind from the runner.`,
        related: socks.map(({ r, v }) => ({ at: { file: r.file, start: v.node.start, end: v.node.end }, message: 'the socket is bound here' })),
        fixes,
      });
    }
  },
});
