import { clip, defineRule, thenNote, type ReportFix } from '../engine/rule';
import type { Span, SpanEdit } from '../engine/types';
import { TEMPLATE_FILL } from '../formats/helm';
import { replaceValue, tentry, titems, tget, type TEntry, type TomlDoc } from '../formats/toml';
import { YamlEditor } from '../formats/yaml-edit';
import { buildkitDefaultNote } from '../edits/job';
import { dockerVersion, isDockerLibraryImage, isUnversionedTag, parseImageRef, type ImageRef } from '../model/docker';
import { cliSuffix, retag } from '../model/images';
import { valueSpan, type Job, type Service } from '../model/pipeline';
import { slowStartAfterUpgrade } from '../edits/dind-setup';
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

/** An official docker job image whose CLI is older than 25 (the frozen `stable` tags are 19.03). */
function oldCli(ref: ImageRef): boolean {
  if (!isDockerLibraryImage(ref) || ref.hasVariables) return false;
  const v = dockerVersion(ref);
  return v ? v.major < 25 : (ref.tag ?? '').startsWith('stable');
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
    const visit = (job: Job, ref: ImageRef, node: { file: string; start: number; end: number }, role: Role, scalar: Parameters<YamlEditor['replaceScalar']>[0], note = '', svc?: Service) => {
      const key = `${node.file}:${node.start}`;
      if (done.has(key) || !unpinned(ref)) return;
      done.add(key);
      const fixes: ReportFix[] = [];
      const tag = pinnedTagFor(ref, role);
      const text = ctx.textOf(node.file);
      if (tag && text !== undefined) {
        const edits: SpanEdit[] = [new YamlEditor(node.file, text).replaceScalar(scalar, retag(ref, tag))];
        let also = '';
        // a Docker 29 daemon rejects a CLI older than 25 (docker-cli-too-old-for-daemon): the job image moves along
        const img = job.image;
        if (role === 'service' && img && oldCli(img.ref) && img.nameNode.file === node.file) {
          const to = retag(img.ref, `${DOCKER_MAJOR}-${cliSuffix(img.ref)}`);
          edits.push(new YamlEditor(node.file, text).replaceScalar(img.nameNode, to));
          also = ` and the job image to ${to}${buildkitDefaultNote(job)}`;
        }
        // a frozen stable-dind (19.03) moved to the current release starts slowly with TLS off
        if (svc && (ref.tag ?? '').startsWith('stable') && slowStartAfterUpgrade(job, svc)) also += thenNote('dind-tls-off-startup-delay');
        // the frozen `stable` tags are Docker 19.03: moving them to the current release is an upgrade, not a pin
        const stale = (ref.tag ?? '').startsWith('stable');
        fixes.push({ title: `${stale ? 'Upgrade' : 'Pin'} to ${retag(ref, tag)}${also}${stale ? ` (the ${ref.tag} tag is Docker 19.03)` : ''}${note}`, preferred: true, kind: stale ? 'suggestion' : undefined, edits });
      }
      ctx.report({ at: valueSpan(scalar), headline: headline(ref, role), message: message(ref, role, role === 'image' ? 'as job image' : 'as service'), fixes });
    };
    for (const job of ctx.jobs) {
      if (job.image) visit(job, job.image.ref, job.image.nameNode, 'image', job.image.nameNode, buildkitDefaultNote(job));
      for (const s of job.services) if (s.nameNode) visit(job, s.ref, s.nameNode, 'service', s.nameNode, '', s);
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
