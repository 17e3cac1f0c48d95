import { ciRule, type ReportFix, clip, thenNote } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { buildkitDefaultNote } from '../edits/job';
import { dindServices, usesDockerCli } from '../model/facts';
import { dockerVersion, isDockerLibraryImage, type ImageRef } from '../model/docker';
import { cliSuffix, isMovingDindTag, retag } from '../model/images';
import { valueSpan, type Service } from '../model/pipeline';
import { dockerVolumes, isDockerSocketPath, socketBound } from '../model/runner';
import { DOCKER_MAJOR } from '../../../common/pins';

/** The job image is an official docker image whose CLI is older than 25.0 (API 1.44), or the legacy `stable`. */
function oldCli(ref: ImageRef): string | undefined {
  if (!isDockerLibraryImage(ref)) return undefined;
  const v = dockerVersion(ref);
  // release lines before 23 are YY.MM (19.03, 20.10); from 23 on, major.minor (24.0)
  if (v) return v.major < 25 ? `${v.major}.${v.major < 23 ? String(v.minor).padStart(2, '0') : v.minor}` : undefined;
  if (!ref.digest && ref.tag?.startsWith('stable')) return '19.03 (docker:stable)';
  return undefined;
}

/** A dind service that runs Docker Engine 29+ (moving tag or pinned ≥ 29). */
function newDaemon(s: Service): boolean {
  if (!isDockerLibraryImage(s.ref)) return false;
  const v = dockerVersion(s.ref);
  return v ? v.major >= 29 : isMovingDindTag(s.ref);
}

export const rule = ciRule({
  id: 'docker-cli-too-old-for-daemon',
  severity: 'error',
  summary: 'Docker CLI older than 25 talks to a Docker Engine 29+ daemon',
  check(ctx) {
    for (const job of ctx.jobs) {
      const img = job.image;
      if (!img) continue;
      const cli = oldCli(img.ref);
      if (!cli) continue;
      const text = ctx.textOf(img.nameNode.file);
      const ed = text === undefined ? undefined : new YamlEditor(img.nameNode.file, text);
      const svc = dindServices(job).find(newDaemon);
      if (svc?.nameNode) {
        const sv = dockerVersion(svc.ref);
        const major = sv && sv.major >= 29 ? sv.major : DOCKER_MAJOR;
        const fixes: ReportFix[] = [];
        if (ed) fixes.push({ title: `Use ${retag(img.ref, `${major}-${cliSuffix(img.ref)}`)} as the job image${buildkitDefaultNote(job)}`, preferred: true, edits: [ed.replaceScalar(img.nameNode, retag(img.ref, `${major}-${cliSuffix(img.ref)}`))] });
        const stext = ctx.textOf(svc.nameNode.file);
        const rootless = (svc.ref.tag ?? '').includes('rootless');
        if (stext !== undefined) fixes.push({ title: `Pin the dind service to ${retag(svc.ref, rootless ? '28-dind-rootless' : '28-dind')} (keeps the old CLI working)${thenNote('docker-cli-dind-version-skew')}`, edits: [new YamlEditor(svc.nameNode.file, stext).replaceScalar(svc.nameNode, retag(svc.ref, rootless ? '28-dind-rootless' : '28-dind'))] });
        const what = sv ? `runs Docker Engine ${sv.major}` : `follows the newest Docker Engine (29+ since November 2025)`;
        ctx.report({
          at: valueSpan(img.nameNode), fixes,
          headline: `Docker CLI ${cli.split(' ')[0]} in '${clip(img.ref.raw, 30)}' is too old for the dind daemon: every command fails.`,
          message: `Job image '${img.ref.raw}' has Docker CLI ${cli}, but the dind service '${svc.name}' ${what}, which rejects clients older than API 1.44 (Docker 25): \`Error response from daemon: client version 1.43 is too old. Minimum supported API version is 1.44\`. Use the same version for both, e.g. docker:${major}-cli with docker:${major}-dind.`,
          related: [{ at: valueSpan(svc.nameNode), message: 'the daemon runs here' }],
        });
        continue;
      }
      if (dindServices(job).length || !usesDockerCli(job)) continue;
      const rs = ctx.runners.runners;
      if (rs.length === 0 || !rs.every((r) => r.executor === 'docker' && socketBound(r))) continue;
      const vol = dockerVolumes(rs[0]).find((v) => isDockerSocketPath(v.host));
      const fixes: ReportFix[] = ed ? [{ title: `Use ${retag(img.ref, `${DOCKER_MAJOR}-cli`)} as the job image${buildkitDefaultNote(job)}`, preferred: true, edits: [ed.replaceScalar(img.nameNode, retag(img.ref, `${DOCKER_MAJOR}-cli`))] }] : [];
      ctx.report({
        at: valueSpan(img.nameNode), severity: 'warning', fixes,
        headline: `Docker CLI ${cli.split(' ')[0]} in '${clip(img.ref.raw, 30)}' is too old for Docker Engine 29 hosts: commands fail.`,
        message: `Job image '${img.ref.raw}' has Docker CLI ${cli} and talks to the host's daemon through the bound socket; if the host runs Docker Engine 29 or later, every command fails with \`client version … is too old. Minimum supported API version is 1.44\`. Use a current CLI, e.g. docker:${DOCKER_MAJOR}-cli.`,
        related: vol ? [{ at: { file: vol.node.file, start: vol.node.start, end: vol.node.end }, message: 'the runner binds the host Docker socket here' }] : undefined,
      });
    }
  },
});
