import { ciRule, type ReportFix, clip } from '../engine/rule';
import type { Span, SpanEdit } from '../engine/types';
import { tentry, tget, tstr, type TArray, type TEntry } from '../formats/toml';
import { YamlEditor } from '../formats/yaml-edit';
import type { YScalar } from '../formats/yaml';
import { entrySpan, isFragment, isKnown, structurallyTemplated } from '../model/dind-runner';
import { parseImageRef, type ImageRef } from '../model/docker';
import { valueSpan } from '../model/pipeline';
import { executorTable, matchImage, runnerServices, type Runner } from '../model/runner';
import { appendTomlArray, tomlStringLike } from '../edits/runner';

type Kind = 'images' | 'services';
type Verdict = { state: 'allowed' | 'unknown' } | { state: 'rejected'; entry: TEntry; arr: TArray; patterns: string[] };

const GLOB = /[*?[\]{}!]/;

/**
 * Names the runner accepts whatever its allow-list says (`InternalImages` of GitLab Runner's
 * `VerifyAllowedImage`): Docker: the default image for job images, runner-level services for services;
 * Kubernetes: the default image and the helper image for both. Undefined when one of them is not known.
 */
function internalNames(r: Runner, kind: Kind): string[] | undefined {
  const out: (string | undefined)[] = [];
  const exec = executorTable(r);
  if (r.executor === 'docker') {
    if (kind === 'images') out.push(tstr(tget(exec, 'image')));
    else out.push(...runnerServices(r).map((s) => s.name));
  } else {
    out.push(tstr(tget(exec, 'image')), tstr(tget(exec, 'helper_image')));
  }
  const names = out.filter((n): n is string => n !== undefined);
  if (names.some((n) => !isKnown(n) || n.includes('$'))) return undefined;
  return names;
}

/** Does the runner's `allowed_images` / `allowed_services` refuse a job image / service with this name (as written, no variables)? */
function verdict(r: Runner, kind: Kind, name: string): Verdict {
  const entry = tentry(executorTable(r), kind === 'images' ? 'allowed_images' : 'allowed_services');
  if (!entry) return { state: 'allowed' };
  const arr = entry.value;
  if (arr.kind !== 'array' || arr.items.some((i) => i.kind !== 'scalar')) return { state: 'unknown' };
  const patterns = arr.items.map((i) => String((i as { value: unknown }).value));
  if (patterns.length === 0 || patterns.some((p) => matchImage(p, name))) return { state: 'allowed' };
  const internal = internalNames(r, kind);
  if (internal === undefined) return { state: 'unknown' };
  if (internal.includes(name)) return { state: 'allowed' };
  return { state: 'rejected', entry, arr, patterns };
}

export const rule = ciRule({
  id: 'image-or-service-not-allowed',
  severity: 'error',
  summary: "The runner's allowed_images / allowed_services does not match the job image or a service",
  check(ctx) {
    const runners = ctx.runners.runners;
    // the job may run on any runner in view: all must be Docker/Kubernetes runners we can fully read
    if (!runners.length || runners.some((r) => (r.executor !== 'docker' && r.executor !== 'kubernetes') || structurallyTemplated(r.doc) || isFragment(r))) return;

    const check = (kind: Kind, name: string, ref: ImageRef, nameNode: YScalar) => {
      if (name.includes('$') || !isKnown(name)) return; // expanded by the runner at job start
      const verdicts = runners.map((r) => verdict(r, kind, name));
      if (!verdicts.every((v) => v.state === 'rejected')) return;
      const rejected = verdicts as Extract<Verdict, { state: 'rejected' }>[];
      const key = `allowed_${kind}`;
      const what = kind === 'images' ? 'image' : 'service';
      const lists = rejected.map((v) => `[${v.patterns.map((p) => JSON.stringify(p)).join(', ')}]`).filter((l, i, a) => a.indexOf(l) === i).join(' / ');
      const headline = `${kind === 'images' ? 'Job image' : 'Service'} '${clip(name, 36)}' matches no ${key} pattern: the job fails.`;
      const message = `The runner only accepts ${kind === 'images' ? 'job images' : 'services'} matching ${key} = ${lists}, and '${name}' matches none of them (patterns are matched against the name exactly as written, e.g. no docker.io/library/ is added): the job fails before its script runs with \`The "${name}" image is not present on list of allowed ${kind}\`. Add a pattern for it to ${key} in the runner config, or use an allowed ${what} image.`;
      const related = runners.map((r, i) => ({ at: entrySpan(r.doc, rejected[i].entry) as Span, message: `${key} of runner${r.name ? ` '${r.name}'` : ''}` }));

      const fixes: ReportFix[] = [];
      const append = (pattern: string): SpanEdit[] => runners.map((r, i) => {
        const like = rejected[i].arr.items[0];
        return appendTomlArray(r.doc, rejected[i].arr, tomlStringLike(r.doc, like?.kind === 'scalar' ? like : undefined, pattern));
      });
      fixes.push({ title: `Runner config: add "${name}" to ${key}`, preferred: true, edits: append(name) });
      if (ref.valid && ref.tag && !ref.digest) {
        const anyTag = `${ref.name}:*`;
        fixes.push({ title: `Runner config: add "${anyTag}" to ${key} (any tag of ${ref.name})`, edits: append(anyTag) });
      }
      // an allowed spelling of the same repository that every runner accepts
      const text = ctx.textOf(nameNode.file);
      if (text !== undefined) {
        const candidates = rejected[0].patterns.filter((p) => !GLOB.test(p) && p !== name && parseImageRef(p).name === ref.name
          && runners.every((r) => verdict(r, kind, p).state === 'allowed'));
        for (const p of [...new Set(candidates)].slice(0, 3)) {
          fixes.push({ title: `Use '${p}' (allowed by the runner)`, edits: [new YamlEditor(nameNode.file, text).replaceScalar(nameNode, p)] });
        }
      }
      ctx.report({ at: valueSpan(nameNode), headline, message, related, fixes });
    };

    for (const job of ctx.jobs) {
      if (job.image?.nameNode) check('images', job.image.ref.raw, job.image.ref, job.image.nameNode);
      for (const svc of job.services) if (svc.nameNode) check('services', svc.name, svc.ref, svc.nameNode);
    }
  },
});
