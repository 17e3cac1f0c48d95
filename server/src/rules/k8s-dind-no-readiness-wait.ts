import { ciRule, type ReportFix } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { get, items, str, type YMap } from '../formats/yaml';
import type { YamlEditor } from '../formats/yaml-edit';
import { YamlEditor as Editor } from '../formats/yaml-edit';
import { isLocalHost } from '../model/docker';
import { dindTls } from '../model/dind-runner';
import { dindServices, dockerCommands, dockerHost } from '../model/facts';
import { valueSpan, type Job } from '../model/pipeline';
import { setServiceVariable } from '../edits/service';

const WAIT_LOOP = 'until docker info >/dev/null 2>&1; do sleep 1; done';

/** A retry loop (or wait helper) on a script line up to the first docker command. */
function waitsForDaemon(job: Job): boolean | undefined {
  const first = dockerCommands(job)[0];
  if (!first) return undefined;
  for (const l of job.scripts) {
    if (l.section === 'after_script') continue;
    if (/\b(until|while|for|timeout|retry)\b[\s\S]*\bdocker\b/.test(l.text) || /wait-for|dockerize|wait_for|waitfor/i.test(l.text)) return true;
    if (l === first.line) return false;
  }
  return false;
}

/** Hints that a job runs on Kubernetes when no runner config says so. */
function k8sHint(job: Job): boolean {
  const tags = items(get(job.config, 'tags')).map((t) => str(t) ?? '');
  if (tags.some((t) => /k8s|kube/i.test(t))) return true;
  const h = dockerHost(job);
  if (h.state === 'set' && h.host.host && isLocalHost(h.host.host)) return true;
  return [...job.variables.keys()].some((k) => k.startsWith('KUBERNETES_'));
}

/** `- until docker info …` as the first before_script item, or a new `before_script:` before `script:`. */
function addWaitLoop(ed: YamlEditor, job: Job): SpanEdit | undefined {
  const own = job.entry.value.kind === 'map' ? job.entry.value : undefined;
  if (!own || own.file !== ed.file) return undefined;
  const item = ed.scalar(WAIT_LOOP);
  const bs = own.entries.get('before_script');
  if (bs) {
    const seq = bs.value;
    if (bs.file !== ed.file || seq.kind !== 'seq' || !seq.items.length || seq.items[0].file !== ed.file) return undefined;
    const firstItem = seq.items[0];
    if (seq.flow) return { file: ed.file, start: firstItem.start, end: firstItem.start, newText: `${item}, ` };
    const line = ed.lines.position(firstItem.start).line;
    const lineStart = ed.lines.lineStarts[line];
    const lead = ed.text.slice(lineStart, firstItem.start);
    if (!/^\s*-\s+$/.test(lead)) return undefined;
    return { file: ed.file, start: lineStart, end: lineStart, newText: `${lead}${item}${ed.eol}` };
  }
  if (job.keySource.has('before_script')) return undefined; // inherited: a job-level key would drop it
  const script = own.entries.get('script');
  if (!script || script.file !== ed.file || (own as YMap).flow) return undefined;
  const line = ed.lines.position(script.keyStart).line;
  const lineStart = ed.lines.lineStarts[line];
  const pad = ed.text.slice(lineStart, script.keyStart);
  if (!/^[ \t]*$/.test(pad)) return undefined;
  const sv = script.value;
  const dash = sv.kind === 'seq' && !sv.flow && sv.items[0] ? ed.text.slice(ed.lines.lineStarts[ed.lines.position(sv.items[0].start).line], sv.items[0].start).replace(/-\s+$/, '') : pad + ' '.repeat(ed.step);
  return { file: ed.file, start: lineStart, end: lineStart, newText: `${pad}before_script:${ed.eol}${dash}- ${item}${ed.eol}` };
}

export const rule = ciRule({
  id: 'k8s-dind-no-readiness-wait',
  severity: 'warning',
  summary: 'Kubernetes jobs with a dind service start without waiting for the daemon',
  check(ctx) {
    const exec = ctx.runners.executor;
    if (exec !== 'kubernetes' && exec !== 'unknown') return;
    for (const job of ctx.jobs) {
      const conditional = exec === 'unknown';
      if (conditional && (ctx.runners.runners.length || !k8sHint(job))) continue;
      if (waitsForDaemon(job) !== false) continue;
      const svc = dindServices(job)[0];
      if (!svc?.nameNode || svc.variables.has('HEALTHCHECK_TCP_PORT')) continue;
      const tls = dindTls(job, svc, ctx.runners.runners);
      const port = tls.on === undefined ? undefined : tls.on ? '2376' : '2375';
      const message = `The job does not wait for dind to be ready on Kubernetes: the first docker command can fail. ${conditional ? 'If this job runs on a Kubernetes executor (its tags/variables suggest so): the' : 'The'} Kubernetes executor starts the job without waiting for services, so early docker calls fail with \`Cannot connect to the Docker daemon at tcp://docker:${port ?? '237x'}. Is the docker daemon running?\` or \`open /certs/client/ca.pem: no such file or directory\` until dind '${svc.name}' is up. Set HEALTHCHECK_TCP_PORT${port ? ` "${port}"` : ''} under the service's own variables: (a job or global variable is ignored; needs GitLab Runner ≥ 16.9), or wait in before_script: ${WAIT_LOOP}.`;
      const fixes: ReportFix[] = [];
      const t = ctx.textOf(svc.node.file);
      if (t !== undefined && port) {
        const e = setServiceVariable(new Editor(svc.node.file, t), svc, 'HEALTHCHECK_TCP_PORT', port);
        if (e) fixes.push({ title: `Add HEALTHCHECK_TCP_PORT: "${port}" to the dind service`, preferred: true, edits: [e] });
      }
      const jt = ctx.textOf(job.entry.file);
      if (jt !== undefined) {
        const e = addWaitLoop(new Editor(job.entry.file, jt), job);
        if (e) fixes.push({ title: 'Wait for the daemon in before_script (until docker info …)', preferred: fixes.length ? undefined : true, edits: [e] });
      }
      ctx.report({ at: valueSpan(svc.nameNode), message, fixes, severity: 'warning' });
    }
  },
});
