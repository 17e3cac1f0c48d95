/**
 * Reads the examples of a rule page (docs/rules/<id>.md), for test/docs-pages.test.ts.
 *
 * Convention: in the page's `## Example` section, a paragraph starting with "Before" opens a *before* group and one
 * starting with "After" opens an *after* group (a page may have several of each). Every `yaml`/`yml`/`toml` fence in
 * a group is one file of a small workspace: its name is the fence's `title="…"` (```` ```toml title="config.toml" ````),
 * else `config.toml` for TOML and, for YAML, `values.yaml` on a page whose rule reads only Helm values and
 * `.gitlab-ci.yml` otherwise. An after group starts from the files of the before group above it and replaces those
 * it shows again, so a runner config shown once under "Before" stays beside the CI file "After" changes.
 * Fences of other languages (`sh`, `text`) are prose, not files.
 */
export interface ExampleGroup { kind: 'before' | 'after'; label: string; files: Record<string, string>; line: number }

export function exampleSection(md: string): { text: string; line: number } | undefined {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => /^## Example/.test(l));
  if (start < 0) return undefined;
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  return { text: lines.slice(start + 1, end).join('\n'), line: start + 2 };
}

export function exampleGroups(md: string, defaultYaml: string): ExampleGroup[] {
  const sec = exampleSection(md);
  if (!sec) return [];
  const lines = sec.text.split('\n');
  const groups: ExampleGroup[] = [];
  let current: ExampleGroup | undefined;
  let lastBefore: ExampleGroup | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const fence = /^(`{3,})\s*([A-Za-z0-9_-]*)(.*)$/.exec(l);
    if (fence) {
      const close = lines.findIndex((x, j) => j > i && x.startsWith(fence[1]) && x.trim() === fence[1]);
      const end = close < 0 ? lines.length : close;
      const body = lines.slice(i + 1, end).join('\n') + '\n';
      const lang = fence[2].toLowerCase();
      const title = /title="([^"]+)"/.exec(fence[3])?.[1];
      const name = title ?? (lang === 'toml' ? 'config.toml' : lang === 'yaml' || lang === 'yml' ? defaultYaml : undefined);
      if (name && current && (lang === 'yaml' || lang === 'yml' || lang === 'toml')) current.files[name] = body;
      i = end;
      continue;
    }
    const m = /^(Before|After)\b(.*)$/.exec(l);
    if (m) {
      const kind = m[1] === 'Before' ? 'before' : 'after';
      current = { kind, label: l.trim(), files: kind === 'after' && lastBefore ? { ...lastBefore.files } : {}, line: sec.line + i };
      if (kind === 'before') lastBefore = current;
      groups.push(current);
    }
  }
  return groups;
}
