import { clip, defineRule, type ReportFix } from '../engine/rule';
import type { Span, SpanEdit } from '../engine/types';
import { TEMPLATE_FILL } from '../formats/helm';
import { replaceValue, tentry, titems, tget, type TEntry, type TomlDoc } from '../formats/toml';
import { YamlEditor } from '../formats/yaml-edit';
import { buildkitDefaultNote } from '../edits/job';
import { isDockerLibraryImage, isUnversionedTag, parseImageRef, type ImageRef } from '../model/docker';
import { retag } from '../model/images';
import { valueSpan } from '../model/pipeline';
import { DOCKER_MAJOR } from '../../../common/pins';

type Role = 'image' | 'service';

/** The pinned tag to suggest for an unpinned official docker image, by the role it plays; undefined: no safe guess. */
function pinnedTagFor(ref: ImageRef, role: Role): string | undefined {
  const t = ref.tag ?? '';
  if (t === 'dind-rootless') return `${DOCKER_MAJOR}-dind-rootless`;
  if (t === 'dind' || t === 'stable-dind') return `${DOCKER_MAJOR}-dind`;
  if (t === 'cli') return `${DOCKER_MAJOR}-cli`;
  if (t === '' || t === 'latest' || t === 'stable') return role === 'image' ? `${DOCKER_MAJOR}-cli` : `${DOCKER_MAJOR}-dind`;
  return undefined; // git, test, edge, windows variants
}

function unpinned(ref: ImageRef): boolean {
  return isDockerLibraryImage(ref) && isUnversionedTag(ref) && !ref.raw.includes(TEMPLATE_FILL);
}

function headline(ref: ImageRef, role: Role): string {
  return `'${clip(ref.raw, 32)}' is unpinned: the ${role === 'service' ? 'daemon' : 'CLI'} version changes and can break builds.`;
}

function message(ref: ImageRef, role: Role, where: string): string {
  const stale = ref.tag?.startsWith('stable') ? ` \`${ref.raw}\` is a stale legacy tag (Docker 19.03, not updated for years).` : '';
  const sug = pinnedTagFor(ref, role);
  return `The docker image '${ref.raw}' ${where} follows the newest Docker release: Docker 29 (November 2025) raised the minimum client API to 1.44 and broke older clients.${stale} Pin CLI and daemon to the same version${sug ? `, e.g. '${retag(ref, sug)}'` : ` (e.g. docker:${DOCKER_MAJOR}-cli with docker:${DOCKER_MAJOR}-dind)`}.`;
}

export const rule = defineRule({
  id: 'docker-image-unpinned',
  severity: 'warning',
  summary: 'Official docker image or service without a version tag',
  ci(ctx) {
    const done = new Set<string>();
    const visit = (ref: ImageRef, node: { file: string; start: number; end: number }, role: Role, scalar: Parameters<YamlEditor['replaceScalar']>[0], note = '') => {
      const key = `${node.file}:${node.start}`;
      if (done.has(key) || !unpinned(ref)) return;
      done.add(key);
      const fixes: ReportFix[] = [];
      const tag = pinnedTagFor(ref, role);
      const text = ctx.textOf(node.file);
      if (tag && text !== undefined) fixes.push({ title: `Pin to ${retag(ref, tag)}${note}`, preferred: true, edits: [new YamlEditor(node.file, text).replaceScalar(scalar, retag(ref, tag))] });
      ctx.report({ at: valueSpan(scalar), headline: headline(ref, role), message: message(ref, role, role === 'image' ? 'as job image' : 'as service'), fixes });
    };
    for (const job of ctx.jobs) {
      if (job.image) visit(job.image.ref, job.image.nameNode, 'image', job.image.nameNode, buildkitDefaultNote(job));
      for (const s of job.services) if (s.nameNode) visit(s.ref, s.nameNode, 'service', s.nameNode);
    }
  },
  runner(ctx) {
    const doc = ctx.config.doc;
    const visitToml = (e: TEntry | undefined, role: Role, where: string) => {
      if (!e || e.value.kind !== 'scalar' || typeof e.value.value !== 'string') return;
      const ref = parseImageRef(e.value.value);
      if (!unpinned(ref)) return;
      const tag = pinnedTagFor(ref, role);
      const fixes: ReportFix[] = [];
      if (tag) fixes.push({ title: `Pin to ${retag(ref, tag)}`, preferred: true, edits: [tomlReplaceString(doc, e, retag(ref, tag))] });
      const at: Span = { file: doc.file, start: e.value.start, end: e.value.end };
      ctx.report({ at, headline: headline(ref, role), message: message(ref, role, where), fixes });
    };
    for (const r of ctx.config.runners) {
      for (const [exec, tname] of [[r.docker, 'runners.docker'], [r.kubernetes, 'runners.kubernetes']] as const) {
        if (!exec) continue;
        visitToml(tentry(exec, 'image'), 'image', `as the runner's default job image ([${tname}] image)`);
        for (const t of titems(tget(exec, 'services'))) if (t.kind === 'table') visitToml(tentry(t, 'name'), 'service', `as a runner-level service ([[${tname}.services]])`);
      }
    }
  },
});

/** Replaces a TOML string value, keeping literal ('…') vs basic ("…") quoting. */
function tomlReplaceString(doc: TomlDoc, e: TEntry, value: string): SpanEdit {
  const q = doc.fileText[e.value.start];
  return replaceValue(doc, e, q === "'" && !value.includes("'") ? `'${value}'` : JSON.stringify(value));
}
