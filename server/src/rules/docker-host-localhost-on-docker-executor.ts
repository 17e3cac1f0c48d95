import { ciRule, type ReportFix, clip } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { isDns1123, isLocalHost } from '../model/docker';
import { dindServices, dockerHost } from '../model/facts';
import { jobIncomplete, serviceAliases } from '../model/daemon';
import { valueSpan } from '../model/pipeline';
import { setServiceAlias } from '../edits/service';

export const rule = ciRule({
  id: 'docker-host-localhost-on-docker-executor',
  severity: 'error',
  summary: 'DOCKER_HOST uses localhost to reach dind on the Docker executor',
  check(ctx) {
    const view = ctx.runners;
    if (view.executor !== 'docker') return; // only the Kubernetes executor shares the network namespace
    for (const job of ctx.jobs) {
      const dh = dockerHost(job);
      if (dh.state !== 'set' || dh.host.scheme !== 'tcp' || !dh.host.host || !isLocalHost(dh.host.host)) continue;
      const dind = dindServices(job);
      if (dind.length === 0 || jobIncomplete(job, ctx.pipeline)) continue;
      const svc = dind[0];
      const aliases = svc.aliases ? serviceAliases(svc, false).filter(isDns1123) : [];
      const h = dh.host;
      // with TLS the dind certificate names only docker/localhost: keep 'docker' (dind-service-alias-not-docker adds the alias)
      const to = aliases.includes('docker') || aliases.length === 0 || h.port !== 2375 ? 'docker' : aliases[aliases.length - 1];
      const v = dh.variable;
      const message = `DOCKER_HOST points at ${clip(h.host, 24)}, the job container itself: no daemon answers there. On the Docker executor services are separate containers: ${h.host} is the build container itself, so the client fails with \`Cannot connect to the Docker daemon at ${h.raw}. Is the docker daemon running?\`. Only the Kubernetes executor shares the network namespace. Use the service's host name: tcp://${to}:${h.port ?? 2375}.`;
      const fixes: ReportFix[] = [];
      const text = ctx.textOf(v.valueNode.file);
      const ed = text === undefined ? undefined : new YamlEditor(v.valueNode.file, text);
      const edit = ed?.replaceInScalar(v.valueNode, `//${h.host}`, `//${to}`);
      // 'docker' must also name the service, or the fix only moves the error (dind-service-alias-not-docker)
      const own = svc.explicitAliases[0]?.node;
      const aliasEdit = !ed || svc.aliases?.includes(to) ? undefined
        : own?.kind === 'scalar' && own.file === ed.file ? ed.replaceScalar(own, `${own.value},${to}`) : setServiceAlias(ed, svc, to);
      const url = `tcp://${to}${h.port ? ':' + h.port : ''}`;
      if (edit && !(ed && !svc.aliases?.includes(to) && !aliasEdit)) {
        fixes.push(aliasEdit
          ? { title: `Use the service host name: ${url}, and add the alias ${to} to service '${svc.name}'`, preferred: true, edits: [edit, aliasEdit] }
          : { title: `Use the service host name: ${url}`, preferred: true, edits: [edit] });
      }
      const r = view.runners[0];
      const ex = r ? r.table.entries.get('executor') : undefined;
      ctx.report({
        at: valueSpan(v.valueNode), message, fixes,
        related: [{ at: valueSpan(svc.nameNode ?? svc.node), message: `dind service '${svc.name}'` }, ...(r && ex ? [{ at: { file: r.file, start: ex.start, end: ex.end }, message: 'the runner uses the Docker executor' }] : [])],
      });
    }
  },
});
