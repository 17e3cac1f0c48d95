/**
 * A fix's title says where it writes when that is not where the user looks: it names every other file it edits,
 * and every job (or hidden template) it edits other than the one holding the finding. Rules write titles such as
 * "Runner config: …" or "… in the runner config"; the engine puts the file's name there, or appends
 * "(in job 'x' of <file>)" when the title has no such place.
 */
import { posix } from 'node:path';

/** CI top-level keys that are not jobs (an edit there is pipeline-wide, not another job's). */
const NOT_JOBS = new Set(['default', 'variables', 'stages', 'include', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache', 'spec']);

export interface TitleContext {
  findingFile: string;
  findingOffset: number;
  edits: readonly { file: string; start: number }[];
  /** The top-level key of a CI file whose entry holds `offset`; undefined for other files or outside any entry. */
  topKeyAt(file: string, offset: number): string | undefined;
}

export function titleNamingTargets(title: string, c: TitleContext): string {
  const home = c.topKeyAt(c.findingFile, c.findingOffset);
  const jobsByFile = new Map<string, string[]>();
  for (const e of c.edits) {
    if (!jobsByFile.has(e.file)) jobsByFile.set(e.file, []);
    const key = c.topKeyAt(e.file, e.start);
    if (key === undefined || NOT_JOBS.has(key) || (e.file === c.findingFile && key === home) || title.includes(key)) continue;
    const list = jobsByFile.get(e.file)!;
    if (!list.includes(key)) list.push(key);
  }
  let out = title;
  for (const [file, jobs] of jobsByFile) {
    const jobText = jobs.length ? `job${jobs.length > 1 ? 's' : ''} ${jobs.map((j) => `'${j}'`).join(', ')}` : '';
    if (file === c.findingFile) { if (jobText) out = `${out} (in ${jobText})`; continue; }
    const name = posix.basename(file.replace(/\\/g, '/'));
    if (out.includes(name)) { if (jobText) out = `${out} (in ${jobText})`; continue; }
    if (!jobText && /^Runner config: /.test(out)) out = out.replace(/^Runner config: /, `${name}: `);
    else if (!jobText && / (in|from|to) the (runner config|Helm values)\b/.test(out)) out = out.replace(/ (in|from|to) the (runner config|Helm values)\b/, ` $1 ${name}`);
    else out = `${out} (in ${jobText ? `${jobText} of ` : ''}${name})`;
  }
  return out;
}
