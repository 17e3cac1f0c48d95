import { ciRule, type CiContext, type ReportFix, clip } from '../engine/rule';
import type { Span, SpanEdit } from '../engine/types';
import type { YScalar } from '../formats/yaml';
import { YamlEditor } from '../formats/yaml-edit';
import { dockerVersion, isDockerLibraryImage, versionLess, type ImageRef } from '../model/docker';
import { dindStart, type CmdItem } from '../model/dind-command';
import { runnerEnvSets } from '../model/dind-runner';
import { dindServices, svcVar } from '../model/facts';
import { valueSpan, type Service, type Variable } from '../model/pipeline';
import { removeVariableEdit } from '../edits/job';

/**
 * Storage drivers Docker Engine no longer ships, with the release that removed them (docker/cli
 * `docs/deprecated.md`, "Deprecated features" table).
 */
const REMOVED: Record<string, { major: number; deprecated: string }> = {
  aufs: { major: 24, deprecated: '19.03' },
  overlay: { major: 24, deprecated: '18.09' },
  devicemapper: { major: 25, deprecated: '18.09' },
};

/**
 * Whether the official dind image runs Docker `major` or later: true for tags that follow the newest release
 * (no tag, `latest`, `dind`, `dind-rootless`) and versions at or above it; false for older versions and `stable`
 * (frozen at 19.03); undefined when the tag does not tell (variables, a digest only, a custom image).
 */
function runsAtLeast(ref: ImageRef, major: number): boolean | undefined {
  if (!isDockerLibraryImage(ref) || ref.raw.includes('$')) return undefined;
  const t = ref.tag;
  if (t === undefined) return ref.digest ? undefined : true;
  if (t === 'latest' || t === 'dind' || t === 'dind-rootless') return true;
  if (t.startsWith('stable')) return false;
  const v = dockerVersion(ref);
  return v ? !versionLess(v, major) : undefined;
}

interface Hit { at: Span; driver: string; svc: Service; variable?: Variable; flag?: CmdItem; valueItem?: CmdItem }

/** `--storage-driver=X`, `--storage-driver X`, `-s X`, `-sX` among daemon arguments. */
function storageDriverFlag(items: CmdItem[]): { item: CmdItem; value: string; valueItem: CmdItem } | undefined {
  let found: { item: CmdItem; value: string; valueItem: CmdItem } | undefined;
  for (let i = 0; i < items.length; i++) {
    const t = items[i].text;
    const m = /^(?:--storage-driver|-s)=(.*)$/.exec(t) ?? /^-s([a-z].*)$/.exec(t);
    if (m) found = { item: items[i], value: m[1], valueItem: items[i] };
    else if ((t === '--storage-driver' || t === '-s') && items[i + 1]) { found = { item: items[i], value: items[i + 1].text, valueItem: items[i + 1] }; i++; }
  }
  return found; // the last one wins, as with any repeated dockerd flag
}

export const rule = ciRule({
  id: 'dind-storage-driver-removed',
  severity: 'error',
  summary: 'DOCKER_DRIVER or --storage-driver names a storage driver the dind daemon no longer has',
  check(ctx) {
    const hits = new Map<string, Hit>();
    for (const job of ctx.jobs) {
      for (const svc of dindServices(job)) {
        if (!svc.nameNode) continue;
        const env = svcVar(job, svc, 'DOCKER_DRIVER');
        let hit: Hit | undefined;
        if (env.state === 'set') {
          // dockerd reads $DOCKER_DRIVER before its --storage-driver flag
          const driver = env.value?.trim();
          if (driver && REMOVED[driver]) hit = { at: valueSpan(env.variable.valueNode), driver, svc, variable: env.variable };
        } else if (env.state === 'unset' && !runnerEnvSets(ctx.runners.runners, 'DOCKER_DRIVER')) {
          const start = dindStart(svc);
          const items = start.kind === 'entrypoint' ? start.flags : start.kind === 'bypass' ? start.items : [];
          const f = storageDriverFlag(items);
          if (f && REMOVED[f.value]) hit = { at: { file: f.item.node.file, start: f.item.node.start, end: f.valueItem.node.end }, driver: f.value, svc, flag: f.item, valueItem: f.valueItem };
        }
        if (!hit || runsAtLeast(svc.ref, REMOVED[hit.driver].major) !== true) continue;
        const key = `${hit.at.file}:${hit.at.start}`;
        if (!hits.has(key)) hits.set(key, hit);
      }
    }
    for (const h of hits.values()) {
      const { major, deprecated } = REMOVED[h.driver];
      const source = h.variable ? `DOCKER_DRIVER is '${h.driver}'` : `--storage-driver names '${h.driver}'`;
      const message = `Storage driver '${clip(h.driver, 20)}' was removed in Docker ${major}.0: dind '${clip(h.svc.name, 24)}' fails to start. ${source}, a storage driver Docker Engine deprecated in ${deprecated} and removed in ${major}.0, but the dind service '${h.svc.name}' runs Docker ${major} or later: dockerd exits at start, the service container is gone, and the job only sees \`error during connect: … lookup docker … no such host\`. Use overlay2, the default: ${h.variable ? 'remove DOCKER_DRIVER' : 'drop the flag'} or set it to overlay2.`;
      ctx.report({ at: h.at, message, fixes: fixesFor(ctx, h), related: [{ at: valueSpan(h.svc.nameNode!), message: 'dind service' }] });
    }
  },
});

function fixesFor(ctx: CiContext, h: Hit): ReportFix[] {
  const fixes: ReportFix[] = [];
  const file = h.variable ? h.variable.valueNode.file : h.valueItem!.node.file;
  const text = ctx.textOf(file);
  if (text === undefined) return fixes;
  const ed = new YamlEditor(file, text);
  if (h.variable) {
    if (!runnerEnvSets(ctx.runners.runners, 'DOCKER_DRIVER')) {
      const rm = removeVariableEdit(ed, ctx.pipeline, h.variable);
      if (rm) fixes.push({ title: 'Remove DOCKER_DRIVER (dind uses overlay2 by default)', preferred: true, kind: 'safe', edits: [rm] });
    }
    // Setting overlay2 only repeats dind's default (redundant-docker-env-vars says so at once): offered only when the
    // variable cannot go, because the runner's environment sets DOCKER_DRIVER too.
    const vn = h.variable.valueNode;
    if (!fixes.length && vn.kind === 'scalar' && vn.file === file) fixes.push({ title: 'Set DOCKER_DRIVER to overlay2', kind: 'safe', edits: [ed.replaceScalar(vn, 'overlay2')] });
  } else {
    const vi = h.valueItem!;
    if (vi.node.kind === 'scalar' && vi.node.file === file) {
      const node = vi.node as YScalar;
      const edit: SpanEdit = ed.replaceScalar(node, vi.text.replace(new RegExp(`${h.driver}$`), 'overlay2'));
      fixes.push({ title: 'Use the overlay2 storage driver', preferred: true, kind: 'safe', edits: [edit] });
    }
  }
  return fixes;
}
