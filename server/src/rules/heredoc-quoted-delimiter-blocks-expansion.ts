import { ciRule, clip } from '../engine/rule';
import type { Span } from '../engine/types';
import type { Job } from '../model/pipeline';
import { splitCommands } from '../model/shell';

const CREDENTIAL_TARGET = /(^|\/)config\.json$|\/\.docker\/|\.npmrc$|\.netrc$|\.pypirc$|buildkitd\.toml$|settings\.xml$|\.git-credentials$|auth\.json$/;
const DATA_TARGET = /\.(json|ya?ml|toml|conf|cfg|ini|env|properties|xml|txt|npmrc|netrc|pypirc)$/;

/** `$NAME` / `${NAME}` references in a text, with offsets. */
function refs(body: string): { name: string; index: number; length: number }[] {
  const out: { name: string; index: number; length: number }[] = [];
  const re = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))/g;
  for (let m; (m = re.exec(body));) out.push({ name: m[1] ?? m[2], index: m.index, length: m[0].length });
  return out;
}

/** A CI/CD variable the linter can see: predefined (`CI_*`, `GITLAB_*`) or defined in the job's YAML. */
function isCiVariable(job: Job, name: string): boolean { return /^(CI|GITLAB)_/.test(name) || job.variables.has(name); }

export const rule = ciRule({
  id: 'heredoc-quoted-delimiter-blocks-expansion',
  severity: 'error',
  summary: 'Quoted heredoc delimiter keeps $VARIABLES literal in a written file',
  check(ctx) {
    for (const job of ctx.jobs) {
      for (const line of job.scripts) {
        const text = ctx.textOf(line.node.file);
        if (text === undefined) continue;
        for (const c of splitCommands(line.text)) {
          for (const h of c.heredocs) {
            if (!h.quoted) continue;
            const used = refs(h.body).filter((r) => isCiVariable(job, r.name));
            if (used.length === 0) continue;
            // where the heredoc goes: `cat > file`, `tee file`
            const i = c.words.findIndex((w) => w.text === '>' || w.text === '>>');
            const target = i >= 0 ? c.words[i + 1]?.text : c.words[0]?.text === 'tee' ? c.words.slice(1).find((w) => !w.text.startsWith('-'))?.text : undefined;
            if (!target) continue;
            const credential = CREDENTIAL_TARGET.test(target) || /"auths"\s*:/.test(h.body);
            if (!credential && !DATA_TARGET.test(target)) continue; // scripts and remote shells often want literal $ on purpose
            // the offending word: the quoted delimiter inside `<<-'X'`
            const opStart = line.toFile(h.opStart), opEnd = line.toFile(h.opEnd);
            const op = text.slice(opStart, opEnd);
            const q = op.search(/['"\\]/);
            if (q < 0 || opEnd - opStart !== h.opEnd - h.opStart) continue; // cannot place it exactly
            const at: Span = { file: line.node.file, start: opStart + q, end: opEnd };
            const first = used[0];
            const relStart = line.toFile(h.bodyStart + first.index);
            const names = [...new Set(used.map((u) => `$${u.name}`))].slice(0, 3).join(', ');
            const safe = !/[`\\]|\$\(/.test(h.body);
            ctx.report({
              at, severity: credential ? 'error' : 'warning',
              message: `Quoted heredoc delimiter ${clip(op.slice(q), 16)} stops expansion: ${clip(names, 30)} stay literal text. Quoting the heredoc delimiter (${op.slice(q)}) turns off parameter expansion: ${target} will contain the literal text ${names} instead of the values.${credential ? ' For kaniko the GitLab registry may still work by accident through its built-in GitLab credential helper; any other registry fails with `UNAUTHORIZED`.' : ''} Unquote the delimiter (<<${h.delimiter}).`,
              related: text.slice(relStart, relStart + first.length) === h.body.slice(first.index, first.index + first.length) ? [{ at: { file: line.node.file, start: relStart, end: relStart + first.length }, message: `$${first.name} stays literal here` }] : undefined,
              fixes: safe ? [{ title: `Unquote the delimiter: <<${op.includes('<<-') ? '-' : ''}${h.delimiter}`, preferred: true, edits: [{ file: at.file, start: at.start, end: at.end, newText: h.delimiter }] }] : [],
            });
          }
        }
      }
    }
  },
});
