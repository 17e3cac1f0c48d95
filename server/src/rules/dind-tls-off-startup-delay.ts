import { ciRule, type ReportFix, clip } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { dockerVersion, isDockerLibraryImage, versionLess } from '../model/docker';
import { dindStart, tlsOffFlags } from '../model/dind-command';
import { dindTls } from '../model/dind-runner';
import { dindServices } from '../model/facts';
import { valueSpan } from '../model/pipeline';
import { addCommandFlag } from '../edits/service';

export const rule = ciRule({
  id: 'dind-tls-off-startup-delay',
  severity: 'info',
  summary: 'dind with TLS off but without --tls=false waits ~15 s before listening',
  check(ctx) {
    const k8s = ctx.runners.executor === 'kubernetes';
    for (const job of ctx.jobs) {
      for (const svc of dindServices(job)) {
        if (!svc.nameNode) continue;
        const tls = dindTls(job, svc, ctx.runners.runners);
        if (tls.on !== false || !tls.variable) continue;
        // the slow start exists since dockerd 20.10
        const ver = dockerVersion(svc.ref);
        // `stable-dind` was frozen at 19.03
        if (!isDockerLibraryImage(svc.ref) || (ver && versionLess(ver, 20, 10)) || (svc.ref.tag ?? '').startsWith('stable')) continue;
        const start = dindStart(svc);
        if (start.kind !== 'entrypoint' || tlsOffFlags(start.flags).length) continue;
        const message = `TLS is off but dind '${clip(svc.name, 24)}' lacks --tls=false: dockerd waits 15 s at every start. DOCKER_TLS_CERTDIR is "" but the dind service '${svc.name}' is not started with --tls=false: dockerd logs \`Binding to an IP address without --tlsverify is deprecated. Startup is intentionally being slowed down to show this message\` and waits ~15 s before listening on tcp/2375${k8s ? ', and the Kubernetes executor does not wait for services, which widens the startup race (`Cannot connect to the Docker daemon at tcp://docker:2375`)' : ' on every job'}. Add command: ["--tls=false"] to the service to state the intent explicitly (or switch to TLS).`;
        const fixes: ReportFix[] = [];
        const t = ctx.textOf(svc.node.file);
        const edit = t === undefined ? undefined : addCommandFlag(new YamlEditor(svc.node.file, t), svc, '--tls=false');
        if (edit) fixes.push({ title: 'Start dind with --tls=false', preferred: true, edits: [edit] });
        ctx.report({ at: valueSpan(svc.nameNode), message, severity: k8s ? 'warning' : undefined, fixes, related: [{ at: valueSpan(tls.variable.valueNode), message: 'TLS turned off here' }] });
      }
    }
  },
});
