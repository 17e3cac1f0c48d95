import { ciRule, clip } from '../engine/rule';
import type { Span } from '../engine/types';
import { exactWord } from '../model/script-words';
import { jobCommands, type JobCommand } from '../model/pipeline';
import { progName } from '../model/shell';

/** `apk add`, `apt-get install`, `pip install` … : the words that name the install, or undefined. */
function packageInstall(c: JobCommand): { tool: string; words: JobCommand['words'] } | undefined {
  const w = c.words.map((x) => progName(x.text));
  const at = (i: number, ...verbs: string[]) => verbs.includes(w[i] ?? '');
  if (w[0] === 'apk' && at(1, 'add')) return { tool: 'apk add', words: c.words.slice(0, 2) };
  if ((w[0] === 'apt-get' || w[0] === 'apt' || w[0] === 'aptitude') && at(1, 'install')) return { tool: `${w[0]} install`, words: c.words.slice(0, 2) };
  if ((w[0] === 'yum' || w[0] === 'dnf' || w[0] === 'microdnf' || w[0] === 'zypper') && at(1, 'install', 'in')) return { tool: `${w[0]} install`, words: c.words.slice(0, 2) };
  if (/^pip3?$/.test(w[0] ?? '') && at(1, 'install')) return { tool: `${w[0]} install`, words: c.words.slice(0, 2) };
  if (/^python3?$/.test(w[0] ?? '') && w[1] === '-m' && /^pip3?$/.test(w[2] ?? '') && at(3, 'install')) return { tool: 'pip install', words: c.words.slice(0, 4) };
  return undefined;
}

const FUNCTION_DEF = /(^|\n)\s*(function\s+[A-Za-z_][\w-]*|[A-Za-z_][\w-]*\s*\(\)\s*\{)/;

export const rule = ciRule({
  id: 'before-script-package-install-every-job',
  severity: 'info',
  summary: 'An inherited default before_script installs packages in every job',
  check(ctx) {
    if (!ctx.pipeline.defaults.has('before_script')) return;
    const inheriting = ctx.jobs.filter((j) => j.keySource.get('before_script') === 'default');
    if (inheriting.length < 2) return;
    const done = new Set<string>();
    for (const c of jobCommands(inheriting[0])) {
      if (c.line.source !== 'default' || c.line.section !== 'before_script') continue;
      if (FUNCTION_DEF.test(c.line.text)) continue; // a library of shell functions: installs run only when called
      const inst = packageInstall(c);
      if (!inst) continue;
      const text = ctx.textOf(c.line.node.file);
      if (text === undefined) continue;
      const first = inst.words[0], last = inst.words[inst.words.length - 1];
      const at: Span = inst.words.every((x) => exactWord(text, x))
        ? { file: c.line.node.file, start: first.start, end: last.end }
        : { file: c.line.node.file, start: c.line.node.start, end: c.line.node.end };
      const key = `${at.file}:${at.start}`;
      if (done.has(key)) continue;
      done.add(key);
      const where = ctx.pipeline.config.entries.get('before_script') === ctx.pipeline.defaults.get('before_script') ? 'top-level `before_script:`' : '`default: before_script`';
      ctx.report({
        at,
        message: `Shared before_script runs \`${clip(inst.tool, 20)}\`: all ${inheriting.length} jobs reinstall packages every run. The ${where} runs \`${inst.tool}\`, and all ${inheriting.length} jobs that inherit it install the packages again at every run (network, mirrors and time spent in each job; a failing mirror breaks every job). Bake the tools into the job image, or move the install into the before_script of the jobs that need it.`,
      });
    }
  },
});
