import { ciRule, type ReportFix, clip } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { insertTable, keyIndent, tomlString } from '../formats/toml';
import { isFragment, normPath, structurallyTemplated, tableExtentEnd, tableSpan } from '../model/dind-runner';
import { isRootlessDind } from '../model/docker';
import { dindServices } from '../model/facts';
import { valueSpan, type Service } from '../model/pipeline';
import { k8sVolumes, type Runner } from '../model/runner';

const DATA_ROOT = '/var/lib/docker';
const NAME = 'dind-storage';

/** A volume of the runner covers /var/lib/docker (at it or at a parent); undefined when a mount path is templated. */
function hasStorage(r: Runner): boolean | undefined {
  const vols = k8sVolumes(r);
  if (vols.some((v) => v.mountPath === undefined || v.mountPath.includes('$'))) return undefined;
  return vols.some((v) => { const p = normPath(v.mountPath)!; return p === DATA_ROOT || DATA_ROOT.startsWith(p === '/' ? '/' : `${p}/`); });
}

/** The service sets dockerd's data root itself (`--data-root`, `-g`): it does not use /var/lib/docker. */
function ownDataRoot(svc: Service): boolean {
  return (svc.command?.items ?? []).some((a) => /^(--data-root|--graph|-g)(=|$)/.test(a));
}

/** `[[runners.kubernetes.volumes.empty_dir]] name = "dind-storage" mount_path = "/var/lib/docker"`: after the last volume table, else after [runners.kubernetes]'s keys. */
function addStorage(r: Runner): SpanEdit | undefined {
  const names = new Set(k8sVolumes(r).map((v) => v.name));
  let name = NAME;
  for (let i = 2; names.has(name); i++) name = `${NAME}-${i}`;
  const lines = [`name = ${tomlString(name)}`, `mount_path = ${tomlString(DATA_ROOT)}`];
  const header = '[[runners.kubernetes.volumes.empty_dir]]';
  // next to the runner's other volume tables, in their indentation
  const doc = r.doc;
  const last = k8sVolumes(r).filter((v) => v.table.style === 'header' && v.table.header).sort((a, b) => tableExtentEnd(b.table) - tableExtentEnd(a.table))[0];
  if (last) {
    const at = doc.lines.lineEnd(doc.lines.position(tableExtentEnd(last.table)).line);
    const ind = doc.lines.indentOf(doc.lines.position(last.table.header!.start).line);
    const keyInd = keyIndent(doc, last.table);
    return { file: doc.file, start: at, end: at, newText: doc.eol + ind + header + lines.map((l) => doc.eol + keyInd + l).join('') };
  }
  const k = r.kubernetes;
  if (k && k.style === 'header') return insertTable(r.doc, k, header, lines);
  if (!k && r.table.style === 'header') return insertTable(r.doc, r.table, header, lines);
  return undefined;
}

export const rule = ciRule({
  id: 'k8s-dind-storage-not-emptydir',
  severity: 'info',
  summary: "dind's /var/lib/docker is not an empty_dir volume on the Kubernetes runner",
  check(ctx) {
    const runners = ctx.runners.runners;
    // every runner in view must be a Kubernetes runner whose volumes we can fully read
    if (!runners.length || ctx.runners.executor !== 'kubernetes') return;
    if (runners.some((r) => structurallyTemplated(r.doc) || isFragment(r))) return;
    const states = runners.map(hasStorage);
    if (!states.every((s) => s === false)) return;
    for (const job of ctx.jobs) {
      for (const svc of dindServices(job)) {
        // rootless dind keeps its data under /home/rootless/.local/share/docker
        if (!svc.nameNode || isRootlessDind(svc.ref) || ownDataRoot(svc)) continue;
        const fixes: ReportFix[] = [];
        const edits = runners.map(addStorage);
        if (edits.every((e) => e)) fixes.push({ title: `Runner config: add an empty_dir "${NAME}" at ${DATA_ROOT}`, preferred: true, edits: edits as SpanEdit[] });
        ctx.report({
          at: valueSpan(svc.nameNode), fixes,
          message: `No volume at ${DATA_ROOT} for dind '${clip(svc.name, 24)}': layers land on the node's disk. The Kubernetes runner declares no volume at ${DATA_ROOT} for dind '${svc.name}': dockerd's images and layers then live wherever the container runtime puts the image's VOLUME — on some runtimes (CRI-O's default) a directory in the container's own overlay layer, where dind's overlay2 storage can fail (reported as \`error creating overlay mount\`). Consider an empty_dir at ${DATA_ROOT} in the runner config: an explicit volume on the node's disk, removed with the pod (it is mounted into the build container too).`,
          related: runners.map((r) => ({ at: tableSpan(r, r.kubernetes), message: `Kubernetes runner${r.name ? ` '${r.name}'` : ''}: no volume at ${DATA_ROOT}` })),
        });
      }
    }
  },
});
