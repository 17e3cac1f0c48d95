import { ciRule, type ReportFix, thenNote } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { tlsClientVarsEdit } from '../edits/job';
import { shareCertsEdits, shareNote } from '../edits/runner';
import { dindServices, dockerHost, tlsOn } from '../model/facts';
import { valueSpan } from '../model/pipeline';

export const rule = ciRule({
  id: 'dind-tls-port-mismatch',
  severity: 'error',
  summary: 'DOCKER_HOST port does not match the TLS mode of the dind service',
  check(ctx) {
    for (const job of ctx.jobs) {
      const host = dockerHost(job);
      if (host.state !== 'set' || host.host.scheme !== 'tcp' || !host.host.host) continue;
      const port = host.host.port;
      if (port !== 2375 && port !== 2376) continue;
      const svc = dindServices(job).find((s) => s.aliases?.includes(host.host.host!));
      if (!svc) continue;
      const tls = tlsOn(job, svc);
      if (tls.on === undefined || tls.on === (port === 2376)) continue;
      const v = host.variable;
      const tlsVar = tls.variable;
      const text = ctx.textOf(v.valueNode.file);
      const ed = text === undefined ? undefined : new YamlEditor(v.valueNode.file, text);
      const fixes: ReportFix[] = [];
      let message: string;
      if (tls.on) {
        const why = tlsVar ? `DOCKER_TLS_CERTDIR is "${tlsVar.value}"` : 'DOCKER_TLS_CERTDIR is not set, so the docker image defaults it to /certs';
        message = `DOCKER_HOST uses 2375 but dind listens on 2376 (TLS on): the client cannot connect. DOCKER_HOST uses port 2375, but ${why}: the dind service '${svc.name}' starts with TLS and listens on 2376 only, so the client fails with \`Cannot connect to the Docker daemon at tcp://${host.host.host}:2375\`. Use 2376, or turn TLS off with DOCKER_TLS_CERTDIR: "".`;
        const toTls = ed?.replaceInScalar(v.valueNode, /:2375\b/, ':2376');
        const vars = ed && tlsClientVarsEdit(ed, job, v, ctx.runners.executor);
        // a runner that shares no certificate volume with the build container leaves the client without certificates
        // (dind-tls-certs-not-shared-docker / -k8s): the fix shares it too, or is not offered
        const share = shareCertsEdits(ctx.runners, tls.certDir ?? '/certs');
        if (toTls && share) fixes.push({ title: `Use TLS: set DOCKER_HOST to port 2376${vars ? ', with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH' : ''}${shareNote(share, tls.certDir)}`, preferred: true, edits: [toTls, ...(vars ? [vars] : []), ...share] });
        if (ed && tlsVar?.valueNode.kind === 'scalar' && tlsVar.valueNode.file === ed.file) fixes.push({ title: `Turn TLS off: set DOCKER_TLS_CERTDIR to ""${thenNote('dind-tls-disabled', 'dind-tls-off-startup-delay')}`, edits: [ed.replaceScalar(tlsVar.valueNode, '')] });
        else if (ed && !tlsVar) fixes.push({ title: `Turn TLS off: set DOCKER_TLS_CERTDIR to ""${thenNote('dind-tls-disabled', 'dind-tls-off-startup-delay')}`, edits: [ed.insertSibling(v.entry, 'DOCKER_TLS_CERTDIR', '')] });
      } else {
        message = `DOCKER_HOST uses 2376 but dind listens on 2375 (TLS off): the client cannot connect. DOCKER_HOST uses port 2376, but DOCKER_TLS_CERTDIR is "" (TLS off): the dind service '${svc.name}' listens on plain 2375 and port 2376 is closed, so the client fails with \`Cannot connect to the Docker daemon at tcp://${host.host.host}:2376\`. Set DOCKER_TLS_CERTDIR to "/certs", or use port 2375.`;
        const vars = ed && tlsClientVarsEdit(ed, job, v, ctx.runners.executor);
        const share = shareCertsEdits(ctx.runners, '/certs');
        if (ed && share && tlsVar?.valueNode.kind === 'scalar' && tlsVar.valueNode.file === ed.file) {
          fixes.push({ title: `Use TLS: set DOCKER_TLS_CERTDIR to "/certs"${vars ? ', with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH' : ''}${shareNote(share, '/certs')}`, preferred: true, edits: [ed.replaceScalar(tlsVar.valueNode, '/certs'), ...(vars ? [vars] : []), ...share] });
        }
        const toPlain = ed?.replaceInScalar(v.valueNode, /:2376\b/, ':2375');
        if (toPlain) fixes.push({ title: 'Keep TLS off: set DOCKER_HOST to port 2375', edits: [toPlain] });
      }
      ctx.report({
        at: valueSpan(v.valueNode), message, fixes,
        related: tlsVar ? [{ at: valueSpan(tlsVar.valueNode), message: 'TLS mode set here' }] : undefined,
      });
    }
  },
});
