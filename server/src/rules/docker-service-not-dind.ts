import { ciRule, clip, thenNote } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { dindServices, dockerHost, tlsOn } from '../model/facts';
import { dockerVersion, isDindImage, isDockerLibraryImage, parseImageRef, type ImageRef } from '../model/docker';
import { retag } from '../model/images';
import { valueSpan, type Job, type Service } from '../model/pipeline';
import { newDindInfos } from '../edits/dind-setup';
import { DOCKER_MAJOR } from '../../../common/pins';

/** The dind tag matching a CLI-only docker tag: `24-cli` → `24-dind`, `20.10.16` → `20.10.16-dind`, `cli` → `29-dind`. */
function dindTagFor(ref: ImageRef): string {
  const m = /^(\d[\w.]*?)(?:-(?:cli|git))?$/.exec(ref.tag ?? '');
  return m ? `${m[1]}-dind` : `${DOCKER_MAJOR}-dind`;
}

/**
 * What other rules report once the service runs a daemon: the job's TLS choice (off: an unauthenticated daemon that
 * also starts slowly), a CLI of another major than the daemon, and the advice every dind service gets.
 */
function daemonNotes(job: Job, svc: Service, to: string, k8s: boolean): string[] {
  const off = tlsOn(job, svc).on === false;
  const cli = job.image && isDockerLibraryImage(job.image.ref) ? dockerVersion(job.image.ref) : undefined;
  const daemon = dockerVersion(parseImageRef(to));
  const skew = !!cli && !!daemon && cli.major !== daemon.major;
  return [off && 'dind-tls-disabled', off && 'dind-tls-off-startup-delay', skew && 'docker-cli-dind-version-skew', ...newDindInfos(k8s)].filter((x): x is string => !!x);
}

export const rule = ciRule({
  id: 'docker-service-not-dind',
  severity: 'error',
  summary: 'A docker CLI image is used as the daemon service',
  check(ctx) {
    for (const job of ctx.jobs) {
      const host = dockerHost(job);
      if (host.state !== 'set' || host.host.scheme !== 'tcp' || !host.host.host) continue;
      const h = host.host.host;
      if (dindServices(job).some((s) => s.aliases?.includes(h) || s.aliases === undefined)) continue;
      for (const svc of job.services) {
        const t = svc.ref.tag;
        if (!svc.nameNode || !isDockerLibraryImage(svc.ref) || isDindImage(svc.ref) || !t || t.includes('$')) continue;
        if (!svc.aliases?.includes(h)) continue;
        const to = retag(svc.ref, dindTagFor(svc.ref));
        const text = ctx.textOf(svc.nameNode.file);
        ctx.report({
          at: valueSpan(svc.nameNode),
          message: `Service '${clip(svc.name, 30)}' is the CLI image, not dind: no daemon starts, the client fails. Service '${svc.name}' is the Docker CLI image, not the daemon: as a service it runs \`sh\` and exits, no dockerd is started, so DOCKER_HOST '${host.host.raw}' fails with \`Cannot connect to the Docker daemon at ${host.host.raw}\`. Use the dind variant, e.g. '${to}'.`,
          fixes: text === undefined ? [] : [{ title: `Use ${to}${thenNote(...daemonNotes(job, svc, to, ctx.runners.executor === 'kubernetes'))}`, preferred: true, edits: [new YamlEditor(svc.nameNode.file, text).replaceScalar(svc.nameNode, to)] }],
          related: [{ at: valueSpan(host.variable.valueNode), message: 'the job talks to the service here' }],
        });
      }
    }
  },
});
