import { ciRule, clip, thenNote } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { dindServices } from '../model/facts';
import { slowStartAfterUpgrade } from '../edits/dind-setup';
import { dockerVersion, isDockerLibraryImage, versionLess } from '../model/docker';
import { cliSuffix, retag } from '../model/images';
import { valueSpan } from '../model/pipeline';
import { DOCKER_MAJOR } from '../../../common/pins';

export const rule = ciRule({
  id: 'dind-too-old',
  severity: 'warning',
  summary: 'dind service older than 20.10',
  check(ctx) {
    for (const job of ctx.jobs) {
      for (const svc of dindServices(job)) {
        if (!svc.nameNode || !isDockerLibraryImage(svc.ref)) continue;
        const v = dockerVersion(svc.ref);
        if (!v || !versionLess(v, 20, 10)) continue;
        const rootless = (svc.ref.tag ?? '').includes('rootless');
        const to = retag(svc.ref, `${DOCKER_MAJOR}-${rootless ? 'dind-rootless' : 'dind'}`);
        const stext = ctx.textOf(svc.nameNode.file);
        const edits: SpanEdit[] = [];
        let title = `Upgrade the service to ${to}`;
        if (stext !== undefined) edits.push(new YamlEditor(svc.nameNode.file, stext).replaceScalar(svc.nameNode, to));
        // keep the CLI working against the new daemon (API 1.44 floor)
        const img = job.image;
        const iv = img && isDockerLibraryImage(img.ref) ? dockerVersion(img.ref) : undefined;
        if (img && iv && iv.major < 25) {
          const itext = img.nameNode.file === svc.nameNode.file ? stext : ctx.textOf(img.nameNode.file);
          const ito = retag(img.ref, `${DOCKER_MAJOR}-${cliSuffix(img.ref)}`);
          if (itext !== undefined) { edits.push(new YamlEditor(img.nameNode.file, itext).replaceScalar(img.nameNode, ito)); title += ` and the job image to ${ito}`; }
        }
        // with TLS off, a dockerd from 20.10 on waits ~15 s at start unless given --tls=false (dind-tls-off-startup-delay)
        if (slowStartAfterUpgrade(job, svc)) title += thenNote('dind-tls-off-startup-delay');
        ctx.report({
          at: valueSpan(svc.nameNode),
          message: `dind '${clip(svc.name, 24)}' runs Docker ${v.major}.${String(v.minor).padStart(2, '0')}, older than 20.10: it breaks on current hosts. dind service '${svc.name}' runs Docker ${v.major}.${String(v.minor).padStart(2, '0')}: dind older than 20.10 breaks on hosts with Docker ≥ 20.10 or cgroup v2, builds fail with \`cgroups: cgroup mountpoint does not exist: unknown\`. Upgrade to a current docker:<version>-dind with a matching CLI, e.g. docker:${DOCKER_MAJOR}-dind with docker:${DOCKER_MAJOR}-cli.`,
          fixes: edits.length ? [{ title, preferred: true, edits }] : [],
        });
      }
    }
  },
});
