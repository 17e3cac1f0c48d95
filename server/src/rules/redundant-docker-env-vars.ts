import { ciRule, stepDue, type ReportFix } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { dockerVersion, isDockerLibraryImage, versionLess, type ImageRef } from '../model/docker';
import { dindServices, svcVar, usesDockerCli } from '../model/facts';
import type { Job, Variable } from '../model/pipeline';
import { removeVariableEdit } from '../edits/job';

/** Whether an official docker image is at least `major.minor`; undefined when the tag does not tell. */
function atLeast(ref: ImageRef, major: number, minor: number): boolean | undefined {
  if (!isDockerLibraryImage(ref) || ref.raw.includes('$')) return undefined;
  const t = ref.tag;
  if (t === undefined) return ref.digest ? undefined : true;
  if (['latest', 'dind', 'cli', 'dind-rootless'].includes(t)) return true;
  if (t === 'stable' || t === 'stable-dind') return !versionLess({ major: 19, minor: 3, patch: 0 }, major, minor);
  const v = dockerVersion(ref);
  return v ? !versionLess(v, major, minor) : undefined;
}

const BUILDKIT_ON = new Set(['1', 'true']);

export const rule = ciRule({
  id: 'redundant-docker-env-vars',
  severity: 'info',
  summary: 'DOCKER_BUILDKIT=1 or DOCKER_DRIVER=overlay2 only repeat the defaults of current Docker',
  *check(ctx) {
    // per variable node: does every job that depends on it run a Docker that already defaults to it?
    const verdict = new Map<string, { v: Variable; ok: boolean }>();
    const note = (v: Variable, ok: boolean) => {
      const key = `${v.entry.file}:${v.entry.keyStart}`;
      const cur = verdict.get(key) ?? { v, ok: true };
      cur.ok &&= ok;
      verdict.set(key, cur);
    };
    let i = 0;
    for (const job of ctx.jobs) {
      if (stepDue(i++)) yield; // in steps: a big pipeline's jobs are many
      const bk = job.variables.get('DOCKER_BUILDKIT');
      if (bk && bk.value !== undefined && BUILDKIT_ON.has(bk.value.trim().toLowerCase()) && usesDockerCli(job)) note(bk, buildkitDefault(job));
      for (const svc of dindServices(job)) {
        const d = svcVar(job, svc, 'DOCKER_DRIVER');
        if (d.state !== 'set' || d.value?.trim() !== 'overlay2') continue;
        note(d.variable, atLeast(svc.ref, 17, 9) === true);
      }
    }
    for (const { v, ok } of verdict.values()) {
      if (!ok) continue;
      const name = v.name;
      const text = ctx.textOf(v.entry.file);
      const fixes: ReportFix[] = [];
      if (text !== undefined) {
        const edit = removeVariableEdit(new YamlEditor(v.entry.file, text), ctx.pipeline, v);
        if (edit) fixes.push({ title: `Remove ${name}`, preferred: true, edits: [edit] });
      }
      const message = name === 'DOCKER_BUILDKIT'
        ? 'DOCKER_BUILDKIT: "1" is redundant: BuildKit is the default since Docker 23.0. DOCKER_BUILDKIT: "1" is redundant: BuildKit is the default builder of `docker build` since Docker Engine 23.0, and every job using this variable runs a docker CLI of 23 or later. Remove it.'
        : 'DOCKER_DRIVER: overlay2 is redundant, and a wrong value here can break dind. DOCKER_DRIVER: overlay2 is redundant: overlay2 is the default storage driver of dind since Docker 17.09, and every dind service seeing this variable is newer. dockerd still honours $DOCKER_DRIVER, so a wrong value can break the daemon; remove it.';
      ctx.report({ at: { file: v.entry.file, start: v.entry.keyStart, end: v.valueNode.end }, message, fixes });
    }
  },
});

/** The job's CLI (and its dind daemon, if any) defaults to BuildKit. */
function buildkitDefault(job: Job): boolean {
  if (!job.image || atLeast(job.image.ref, 23, 0) !== true) return false;
  return dindServices(job).every((s) => atLeast(s.ref, 23, 0) === true);
}
