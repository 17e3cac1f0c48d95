import { ciRule, type ReportFix } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { dindStart, hostFlags } from '../model/dind-command';
import { isDockerLibraryImage } from '../model/docker';
import { dindTls } from '../model/dind-runner';
import { dindServices } from '../model/facts';
import { valueSpan } from '../model/pipeline';

export const rule = ciRule({
  id: 'healthcheck-port-mismatch',
  severity: 'error',
  summary: "The dind service's HEALTHCHECK_TCP_PORT is a port the daemon never opens",
  check(ctx) {
    const exec = ctx.runners.executor;
    if (exec !== 'kubernetes' && exec !== 'docker' && exec !== 'unknown') return;
    for (const job of ctx.jobs) {
      for (const svc of dindServices(job)) {
        const hc = svc.variables.get('HEALTHCHECK_TCP_PORT');
        if (!isDockerLibraryImage(svc.ref)) continue; // a custom image may listen elsewhere
        if (!hc || hc.value === undefined || !/^\d+$/.test(hc.value.trim()) || hc.valueNode.kind !== 'scalar') continue;
        const tls = dindTls(job, svc, ctx.runners.runners);
        const start = dindStart(svc);
        if (tls.on === undefined || start.kind !== 'entrypoint') continue;
        const expected = tls.on ? 2376 : 2375;
        const open = new Set([expected]);
        for (const h of hostFlags(start.flags)) {
          if (h.scheme !== 'tcp') continue;
          if (h.port === undefined) { open.add(2375); open.add(2376); } else open.add(h.port);
        }
        const port = +hc.value.trim();
        if (open.has(port)) continue;
        const why = tls.on ? `TLS is on (DOCKER_TLS_CERTDIR ${tls.variable ? `is "${tls.variable.value}"` : 'defaults to /certs'}), so dind listens on 2376` : 'TLS is off (DOCKER_TLS_CERTDIR is ""), so dind listens on 2375';
        const effect = exec === 'kubernetes'
          ? 'The Kubernetes executor dials it until it answers, so the job hangs until it times out.'
          : exec === 'docker'
            ? "The Docker executor waits wait_for_services_timeout (30 s) and then prints `*** WARNING: Service … probably didn't start properly`."
            : "On the Kubernetes executor the job hangs until it times out; on the Docker executor it waits 30 s and prints `*** WARNING: Service … probably didn't start properly`.";
        const message = `HEALTHCHECK_TCP_PORT is ${port} but dind listens on ${expected}: the health check never passes. HEALTHCHECK_TCP_PORT is ${port}, but ${why}: the health check dials a port dind never opens. ${effect} Set it to "${expected}".`;
        const fixes: ReportFix[] = [];
        const t = ctx.textOf(hc.valueNode.file);
        if (t !== undefined) fixes.push({ title: `Set HEALTHCHECK_TCP_PORT to "${expected}"`, preferred: true, edits: [new YamlEditor(hc.valueNode.file, t).replaceScalar(hc.valueNode, String(expected))] });
        ctx.report({
          at: valueSpan(hc.valueNode), message, fixes, severity: exec === 'kubernetes' ? 'error' : 'warning',
          related: tls.variable ? [{ at: valueSpan(tls.variable.valueNode), message: 'TLS mode set here' }] : undefined,
        });
      }
    }
  },
});
