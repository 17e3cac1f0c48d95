import { ciRule, type ReportFix } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { dindServices } from '../model/facts';
import { dockerVersion, isDockerLibraryImage } from '../model/docker';
import { cliSuffix, releaseTag, retag } from '../model/images';
import { valueSpan } from '../model/pipeline';

export const rule = ciRule({
  id: 'docker-cli-dind-version-skew',
  severity: 'info',
  summary: 'Docker CLI image and dind service pinned to different majors',
  check(ctx) {
    for (const job of ctx.jobs) {
      const img = job.image;
      if (!img || !isDockerLibraryImage(img.ref)) continue;
      const iv = dockerVersion(img.ref);
      if (!iv) continue;
      for (const svc of dindServices(job)) {
        if (!svc.nameNode || !isDockerLibraryImage(svc.ref)) continue;
        const sv = dockerVersion(svc.ref);
        if (!sv || sv.major === iv.major) continue;
        if (iv.major < 25 && sv.major >= 29) continue; // docker-cli-too-old-for-daemon reports this as an error
        const itext = ctx.textOf(img.nameNode.file), stext = ctx.textOf(svc.nameNode.file);
        const rootless = (svc.ref.tag ?? '').includes('rootless');
        const imgTo = retag(img.ref, `${releaseTag(sv)}-${cliSuffix(img.ref)}`);
        const svcTo = retag(svc.ref, `${releaseTag(iv)}-${rootless ? 'dind-rootless' : 'dind'}`);
        const alignImage: ReportFix | undefined = itext === undefined ? undefined : { title: `Align the CLI: use ${imgTo}`, edits: [new YamlEditor(img.nameNode.file, itext).replaceScalar(img.nameNode, imgTo)] };
        const alignSvc: ReportFix | undefined = stext === undefined ? undefined : { title: `Align the daemon: use ${svcTo}`, edits: [new YamlEditor(svc.nameNode.file, stext).replaceScalar(svc.nameNode, svcTo)] };
        // moving up to the newer release is the safer direction
        const fixes = (sv.major > iv.major ? [alignImage, alignSvc] : [alignSvc, alignImage]).filter((f): f is ReportFix => !!f);
        if (fixes[0]) fixes[0].preferred = true;
        ctx.report({
          at: valueSpan(svc.nameNode), fixes,
          message: `Docker CLI ${iv.major} and dind ${sv.major} differ: API and feature drift between client and daemon. Docker CLI ${iv.major} (job image '${img.ref.raw}') and daemon ${sv.major} (service '${svc.name}') differ; keep them on the same release to avoid API and feature drift (e.g. \`client is newer than server\` or \`client version … is too old\`).`,
          related: [{ at: valueSpan(img.nameNode), message: 'the CLI version is set here' }],
        });
      }
    }
  },
});
