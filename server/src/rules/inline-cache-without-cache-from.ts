import { ciRule, type ReportFix } from '../engine/rule';
import { dockerBuilds, flagUses } from '../model/buildkit';
import { wordSpan } from '../model/images';

/** The tag to read the cache from: a `:latest`/`:cache`-like tag of the build, else its first tag. */
function cacheRef(tags: string[]): string | undefined {
  return tags.find((t) => /:(latest|cache[\w.-]*|main|master)$/.test(t)) ?? tags.find((t) => !/\$\{?CI_COMMIT_(SHA|SHORT_SHA)/.test(t)) ?? tags[0];
}

export const rule = ciRule({
  id: 'inline-cache-without-cache-from',
  severity: 'info',
  summary: 'BUILDKIT_INLINE_CACHE=1 without --cache-from: the cache is written but never read',
  check(ctx) {
    for (const job of ctx.jobs) {
      for (const { cmd, args } of dockerBuilds(job)) {
        const inline = flagUses(cmd, ['--build-arg'], args).find((u) => /^BUILDKIT_INLINE_CACHE=(1|true)$/i.test(u.value ?? ''));
        if (!inline?.valueWord) continue;
        if (flagUses(cmd, ['--cache-from'], args).length) continue;
        if (cmd.words.some((w) => w.text.startsWith('$') && !w.quoted && /^\$\{?[A-Z_]*(ARGS|OPTS|OPTIONS|FLAGS)\}?$/.test(w.text))) continue; // flags hidden in a variable
        const text = ctx.textOf(cmd.line.node.file);
        if (text === undefined) continue;
        const needle = text.slice(inline.valueWord.start, inline.valueWord.end).includes(inline.value!) ? inline.value! : 'BUILDKIT_INLINE_CACHE';
        const at = wordSpan(text, cmd.line, inline.valueWord.start, inline.valueWord.end, needle);
        if (!at) continue;
        const tags = [...flagUses(cmd, ['-t', '--tag'], args)].map((u) => u.value).filter((v): v is string => !!v);
        const ref = cacheRef(tags);
        const fixes: ReportFix[] = [];
        if (ref) {
          let end = at.end;
          while (end < text.length && /["']/.test(text[end])) end++;
          const refText = /^[\w$:/.{}@-]+$/.test(ref) ? ref : JSON.stringify(ref);
          fixes.push({ title: `Read the cache back: add --cache-from ${refText}`, preferred: true, edits: [{ file: at.file, start: end, end, newText: ` --cache-from ${refText}` }] });
        }
        ctx.report({
          at, fixes,
          message: `BUILDKIT_INLINE_CACHE=1 writes a cache that no --cache-from reads: builds stay uncached. \`--build-arg BUILDKIT_INLINE_CACHE=1\` writes cache metadata into the pushed image, but this build has no \`--cache-from\`, so nothing ever reads it: every build in a fresh dind daemon starts cold. Add \`--cache-from ${ref ?? '<image:tag you push>'}\` (and \`docker pull … || true\` first for the classic builder), and push that tag.`,
        });
      }
    }
  },
});
