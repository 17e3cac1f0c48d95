import { ciRule, type ReportFix } from '../engine/rule';
import type { Span, SpanEdit } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { unprivilegedBuildRunners, commandsOf, flagUses, varHas, wordSpanOf } from '../model/buildkit';
import { tableSpan } from '../model/dind-runner';
import { isBuildahImage } from '../model/docker';
import { valueSpan, type Variable } from '../model/pipeline';
import { strings, type Runner } from '../model/runner';
import { addJobVariables } from '../edits/job';

const BUILDING = new Set(['build', 'bud', 'from', 'run', 'commit']);

/** The runner passes /dev/fuse into the build container (fuse-overlayfs storage works then). */
function hasFuse(r: Runner): boolean {
  return strings(r.docker, 'devices').some((d) => d.value.split(':')[0] === '/dev/fuse');
}

export const rule = ciRule({
  id: 'buildah-unprivileged-settings',
  severity: 'warning',
  summary: 'Buildah in an unprivileged container without vfs storage / chroot isolation',
  check(ctx) {
    const unprivileged = unprivilegedBuildRunners(ctx.runners);
    if (!unprivileged) return;
    const { runners, known } = unprivileged;
    const view = ctx.runners;
    for (const job of ctx.jobs) {
      const cmds = commandsOf(job, 'buildah').filter((c) => c.words.slice(1).some((w) => BUILDING.has(w.text)));
      if (!cmds.length) continue;
      const img = job.image;
      if (img?.ref.name.includes('$')) continue;
      const official = img !== undefined && isBuildahImage(img.ref) && /(^|\/)buildah\/(stable|upstream|testing)$/.test(img.ref.name);
      if (job.scripts.some((l) => /storage\.conf|containers\.conf/.test(l.text))) continue;
      const missing: { name: string; value: string; variable?: Variable; why: string }[] = [];
      // storage: vfs, or fuse-overlayfs with /dev/fuse
      const storageFlag = cmds.some((c) => flagUses(c, ['--storage-driver'], 1).length > 0);
      const storage = varHas(job, view, 'STORAGE_DRIVER', /^vfs$/);
      if (!storageFlag && storage.state === 'no' && !(known && runners.every(hasFuse))) {
        missing.push({ name: 'STORAGE_DRIVER', value: 'vfs', variable: storage.variable, why: storage.variable ? `STORAGE_DRIVER is "${storage.variable.value}"` : `no STORAGE_DRIVER: vfs${official ? ' (the image defaults to overlay through fuse-overlayfs, which needs /dev/fuse)' : ''}` });
      }
      // isolation: chroot (the official quay.io/buildah images set BUILDAH_ISOLATION=chroot themselves)
      const isoFlag = cmds.some((c) => flagUses(c, ['--isolation'], 1).length > 0);
      const iso = varHas(job, view, 'BUILDAH_ISOLATION', /^chroot$/);
      if (!isoFlag && iso.state === 'no' && !(official && !iso.variable)) {
        missing.push({ name: 'BUILDAH_ISOLATION', value: 'chroot', variable: iso.variable, why: iso.variable ? `BUILDAH_ISOLATION is "${iso.variable.value}"` : 'no BUILDAH_ISOLATION: chroot' });
      }
      if (!missing.length) continue;
      const wrong = missing.find((m) => m.variable);
      const at: Span = wrong?.variable ? valueSpan(wrong.variable.valueNode) : img && isBuildahImage(img.ref) ? valueSpan(img.nameNode) : wordSpanOf(cmds[0], cmds[0].words[0]);
      const edits: SpanEdit[] = [];
      let ok = true;
      const add: [string, string][] = [];
      for (const m of missing) {
        if (m.variable) {
          const t = ctx.textOf(m.variable.valueNode.file);
          if (t === undefined || m.variable.valueNode.kind !== 'scalar') { ok = false; continue; }
          edits.push(new YamlEditor(m.variable.valueNode.file, t).replaceScalar(m.variable.valueNode, m.value));
        } else add.push([m.name, m.value]);
      }
      if (add.length) {
        const t = ctx.textOf(job.entry.file);
        const e = t === undefined ? undefined : addJobVariables(new YamlEditor(job.entry.file, t), job, add);
        if (e) edits.push(...e); else ok = false;
      }
      const fixes: ReportFix[] = ok && edits.length ? [{ title: `Set ${missing.map((m) => `${m.name}: ${m.value}`).join(', ')}`, preferred: true, edits }] : [];
      const why = missing.map((m) => m.why).join('; ');
      const cond = known ? 'The runner does not run the build container privileged, and inside' : 'If the runner does not run the build container privileged: inside';
      ctx.report({
        at, fixes,
        message: `${known ? 'Unprivileged' : 'If unprivileged,'} Buildah needs ${missing.map((m) => `${m.name}=${m.value}`).join(', ')}: the build fails. ${cond} an unprivileged container Buildah cannot stack overlayfs on the container's overlay root and cannot start nested runc containers (${why}); builds fail with errors like \`kernel does not support overlay fs\` or \`error running container: … operation not permitted\`. Use vfs storage and chroot isolation.`,
        related: runners.map((r) => ({ at: tableSpan(r, r.executor === 'docker' ? r.docker : r.kubernetes), message: 'build container not privileged on this runner' })),
      });
    }
  },
});
