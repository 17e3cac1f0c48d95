import { ciRule, clip, thenNote } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import type { YMap } from '../formats/yaml';
import { dindServices, dockerHost, usesDockerCli } from '../model/facts';
import { isDindImage, isDockerLibraryImage } from '../model/docker';
import { retag } from '../model/images';
import { jobCommands, valueSpan } from '../model/pipeline';
import { flag, runnerServices, socketBound } from '../model/runner';
import { dindRunnerEdits, newDindInfos } from '../edits/dind-setup';
import { DOCKER_MAJOR } from '../../../common/pins';

export const rule = ciRule({
  id: 'job-image-dind-without-daemon',
  severity: 'error',
  summary: 'The dind image is the job image, but no daemon runs',
  check(ctx) {
    const rs = ctx.runners.runners;
    // Needs runner facts: a socket-binding runner or a runner-level dind service makes such a job correct.
    if (rs.length === 0 || rs.some((r) => (r.executor !== 'docker' && r.executor !== 'kubernetes') || socketBound(r) || runnerServices(r).length > 0)) return;
    const executor = ctx.runners.executor;
    for (const job of ctx.jobs) {
      const img = job.image;
      if (!img || !isDockerLibraryImage(img.ref) || !isDindImage(img.ref) || img.ref.tag?.includes('$')) continue;
      if (job.partial || job.services.length && (dindServices(job).length || job.services.some((s) => s.ref.hasVariables))) continue;
      if (!usesDockerCli(job)) continue;
      const host = dockerHost(job);
      if (host.state === 'unknown' || (host.state === 'set' && host.host.scheme !== 'unix')) continue;
      if (jobCommands(job).some((c) => c.words.some((w) => /dockerd/.test(w.text)))) continue;
      const error = executor === 'kubernetes'
        ? '`Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?`'
        : executor === 'docker' ? '`error during connect: … dial tcp: lookup docker … no such host` (the entrypoint defaults DOCKER_HOST to tcp://docker:2375)'
        : '`lookup docker … no such host` (Docker executor) or the unix-socket error (Kubernetes)';
      const edits: SpanEdit[] = [];
      const itext = ctx.textOf(img.nameNode.file);
      const to = retag(img.ref, `${DOCKER_MAJOR}-cli`);
      if (itext !== undefined) edits.push(new YamlEditor(img.nameNode.file, itext).replaceScalar(img.nameNode, to));
      const jobMap = job.entry.value as YMap;
      const jtext = ctx.textOf(job.entry.file);
      const svc = { name: `docker:${DOCKER_MAJOR}-dind`, alias: 'docker' };
      let svcEdit: SpanEdit | undefined;
      if (jtext !== undefined && !job.keySource.has('services') && jobMap.kind === 'map' && jobMap.entries.size) svcEdit = new YamlEditor(job.entry.file, jtext).insertEntry(jobMap, 'services', [svc]);
      // the runner gives the new service what dind needs; a runner-wide privileged = true stays (and is then judged)
      const runner = dindRunnerEdits(rs);
      const wide = rs.some((r) => flag(r.docker, 'privileged') === true || flag(r.kubernetes, 'privileged') === true);
      const title = `Use ${to} with a docker:${DOCKER_MAJOR}-dind service${runner?.where ? `, with the runner settings dind needs in ${runner.where}` : ''}${thenNote(wide && 'privileged-wider-than-needed', ...newDindInfos(executor === 'kubernetes'))}`;
      const fixes = svcEdit && edits.length && runner ? [{ title, preferred: true, edits: [...edits, svcEdit, ...runner.edits] }] : [];
      ctx.report({
        at: valueSpan(img.nameNode), fixes,
        message: `Job image '${clip(img.ref.raw, 30)}' never starts its dockerd: the docker commands fail. Job image '${img.ref.raw}' contains dockerd, but GitLab starts it with \`sh\` as the command and the dind entrypoint only starts the daemon when given no command or flags: no daemon runs, the job has no dind service and the runner binds no socket, so the client fails with ${error}. Use docker:${DOCKER_MAJOR}-cli as the job image with a docker:${DOCKER_MAJOR}-dind service (alias docker).`,
      });
    }
  },
});
