import { runnerRule, type ReportFix, type RunnerConfigContext, clip } from '../engine/rule';
import { tentry, tstr } from '../formats/toml';
import { entrySpan, isKnown } from '../model/dind-runner';
import { parseImageRef } from '../model/docker';

/** The tag follows the runner: it names its version or revision through the runner's own variables. */
const FOLLOWS = /\$\{?CI_RUNNER_(VERSION|REVISION|SHORT_REVISION)\b/;

/** The tag with its version part replaced by the runner's variable (keeps the arch/flavour prefix), if recognisable. */
function followingTag(tag: string): string | undefined {
  let m = /^(.+-)(v\d+\.\d+\.\d+|latest)$/.exec(tag);
  if (m) return `${m[1]}v\${CI_RUNNER_VERSION}`;
  m = /^(.+-)([0-9a-f]{8})$/.exec(tag);
  if (m) return `${m[1]}\${CI_RUNNER_REVISION}`;
  return undefined;
}

function check(ctx: RunnerConfigContext): void {
  for (const r of ctx.config.runners) {
    for (const t of [r.docker, r.kubernetes]) {
      const e = tentry(t, 'helper_image');
      const value = tstr(e?.value);
      if (!e || e.value.kind !== 'scalar' || !isKnown(value) || value.trim() === '' || FOLLOWS.test(value)) continue;
      const ref = parseImageRef(value);
      if (ref.hasVariables) continue;
      const fixes: ReportFix[] = [];
      const to = ref.tag && !ref.digest ? followingTag(ref.tag) : undefined;
      if (to) {
        const raw = ctx.config.doc.fileText.slice(e.value.start, e.value.end);
        const i = raw.lastIndexOf(`:${ref.tag}`);
        if (i > 0 && /^["']/.test(raw)) fixes.push({ kind: 'suggestion', title: `Follow the runner version: tag ${to}`, edits: [{ file: r.doc.file, start: e.value.start + i + 1, end: e.value.start + i + 1 + ref.tag!.length, newText: to }] });
      }
      const pinned = ref.digest ? 'a digest' : !ref.tag || ref.tag === 'latest' || /-latest$/.test(ref.tag) ? `the moving tag ${ref.tag ?? 'latest'}` : `the fixed tag ${ref.tag}`;
      ctx.report({
        at: entrySpan(r.doc, e),
        headline: `helper_image uses ${clip(pinned, 32)}, not the runner's version: jobs break on upgrade.`,
        message: `The helper binary speaks an internal API tied to the GitLab Runner release, so after a runner upgrade (or as soon as the tag moves) cloning, artifacts and cache steps can fail. Tag the mirrored helper image with \${CI_RUNNER_VERSION} (e.g. :x86_64-v\${CI_RUNNER_VERSION}) and push each release to the mirror before upgrading the runner.`,
        fixes,
      });
    }
  }
}

export const rule = runnerRule({
  id: 'helper-image-version-mismatch',
  severity: 'warning',
  summary: 'helper_image is pinned to a tag that does not follow the runner version',
  check,
});
