import { ciRule, type ReportFix, clip } from '../engine/rule';
import type { Severity, SpanEdit } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { dns1123Name as dnsName, isDns1123 } from '../model/docker';
import { dockerHost } from '../model/facts';

export const rule = ciRule({
  id: 'service-alias-invalid-dns',
  severity: 'error',
  summary: 'A service alias is not a valid DNS-1123 name (fatal on the Kubernetes executor)',
  check(ctx) {
    const ex = ctx.runners.executor;
    if (ex === 'shell' || ex === 'other') return;
    const severity: Severity = ex === 'kubernetes' ? 'error' : ex === 'docker' ? 'info' : 'warning';
    for (const job of ctx.jobs) {
      for (const svc of job.services) {
        for (const { alias, node } of svc.explicitAliases) {
          if (alias.includes('$') || isDns1123(alias)) continue;
          const text = ctx.textOf(node.file);
          const src = text?.slice(node.start, node.end) ?? '';
          const i = src.indexOf(alias);
          const at = i >= 0 ? { file: node.file, start: node.start + i, end: node.start + i + alias.length } : { file: node.file, start: node.start, end: node.end };
          const lead = ex === 'kubernetes' ? '' : ex === 'docker' ? 'On this Docker runner it works, but ' : 'If this job runs on a Kubernetes executor: ';
          const message = `Alias '${clip(alias, 30)}' is not a valid DNS name: the Kubernetes executor fails the job. ${lead}Alias '${alias}' of service '${svc.name}' is not a valid DNS-1123 name (lower-case letters, digits, '-' and '.'); the Kubernetes executor fails the job with \`provided host alias ${alias} for service ${svc.name} is invalid DNS\`. Underscored names are also not valid host names for many clients.`;
          const fixes: ReportFix[] = [];
          const to = dnsName(alias);
          if (text !== undefined && i >= 0 && to && isDns1123(to)) {
            const edits: SpanEdit[] = [{ file: node.file, start: at.start, end: at.end, newText: to }];
            // update DOCKER_HOST when it names this alias
            const dh = dockerHost(job);
            if (dh.state === 'set' && dh.host.host === alias) {
              const vn = dh.variable.valueNode;
              const vtext = ctx.textOf(vn.file);
              const e = vtext === undefined ? undefined : new YamlEditor(vn.file, vtext).replaceInScalar(vn, `//${alias}`, `//${to}`);
              if (e) edits.push(e);
            }
            fixes.push({ title: `Rename the alias to '${to}'${edits.length > 1 ? ' (and DOCKER_HOST)' : ''}`, preferred: true, edits });
          }
          ctx.report({ at, message, severity, fixes });
        }
      }
    }
  },
});
