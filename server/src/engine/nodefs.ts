/**
 * The disk {@link FileSystem} of the CLI (and the language server's fallback for files that are not open).
 * Paths in and out are absolute and `/`-separated (`C:/x/y` on Windows; node's fs accepts that form).
 */
import * as nodeFs from 'node:fs';
import * as nodePath from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { FileReadError, type FileSystem } from './types';

/** Files beyond this count are not listed (a home folder passed by mistake must not take minutes). */
export const DEFAULT_MAX_FILES = 50_000;
/** Folders nested deeper than this are not entered. */
export const MAX_DEPTH = 64;
/** A listing stops after this long (a huge folder opened by mistake must not keep the editor busy). */
export const DEFAULT_MAX_LIST_MS = 3000;
/** Files larger than this are not read (no CI file or runner config comes near it). */
export const MAX_READ_BYTES = 64 * 1024 * 1024;

export interface NodeFileSystemOptions {
  /** Cap on the number of files one {@link NodeFileSystem.listFiles} call returns; default {@link DEFAULT_MAX_FILES}. */
  maxFiles?: number;
  /** Cap on the time one listing takes; default {@link DEFAULT_MAX_LIST_MS}. */
  maxMillis?: number;
  /** Called once per listing that hit a cap, with a sentence saying which (the CLI prints it, the server shows it). */
  onLimit?: (dir: string, maxFiles: number, note: string) => void;
}

/** An absolute, `/`-separated, normalised form of a path (relative paths resolve against the process cwd). */
export function toAbsolutePosix(p: string, cwd?: string): string {
  const abs = cwd ? nodePath.resolve(cwd, p) : nodePath.resolve(p);
  return abs.replace(/\\/g, '/');
}

/** Folders that {@link NodeFileSystem.listFiles} never enters. */
export function isSkippedFolder(name: string): boolean {
  if (name === 'node_modules') return true;
  return name.startsWith('.') && name !== '.gitlab';
}

const BOM = '\uFEFF';

export class NodeFileSystem implements FileSystem {
  private readonly maxFiles: number;
  private readonly maxMillis: number;
  private readonly onLimit?: (dir: string, maxFiles: number, note: string) => void;
  /** Files that began with a UTF-8 byte order mark (stripped on read, as editors do; restored by {@link writeFile}). */
  private readonly bomFiles = new Set<string>();

  constructor(opts: NodeFileSystemOptions = {}) {
    this.maxFiles = opts.maxFiles ?? DEFAULT_MAX_FILES;
    this.maxMillis = opts.maxMillis ?? DEFAULT_MAX_LIST_MS;
    this.onLimit = opts.onLimit;
  }

  readFile(path: string): string | undefined {
    let st: nodeFs.Stats;
    try {
      st = nodeFs.statSync(path);
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw new FileReadError(`cannot read ${path}: ${describeError(e)}`);
    }
    if (st.isDirectory()) throw new FileReadError(`cannot read ${path}: it is a folder, not a file`);
    if (!st.isFile()) throw new FileReadError(`cannot read ${path}: not a regular file`);
    if (st.size > MAX_READ_BYTES) throw new FileReadError(`cannot read ${path}: file is too large (${st.size} bytes)`);
    let text: string;
    try {
      text = nodeFs.readFileSync(path, 'utf8');
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw new FileReadError(`cannot read ${path}: ${describeError(e)}`);
    }
    if (text.startsWith(BOM)) {
      this.bomFiles.add(path);
      return text.slice(1);
    }
    this.bomFiles.delete(path);
    return text;
  }

  /** Writes a file in place (keeping its mode), restoring a byte order mark it was read with. */
  writeFile(path: string, text: string): void {
    nodeFs.writeFileSync(path, this.bomFiles.has(path) ? BOM + text : text, 'utf8');
  }

  /**
   * Files below `dir`, depth first in name order. Skips dot-folders (but `.gitlab`), `node_modules` and the folders
   * and files that a `.gitignore` at `dir` or in any folder below it ignores (as git reads them: a deeper file's
   * patterns, negations included, win over a higher one's); stops after `maxFiles` files or `maxMillis` ms, saying so.
   */
  listFiles(dir: string): string[] {
    const root = dir.replace(/\\/g, '/').replace(/(?<=.)\/+$/, '');
    const out: string[] = [];
    const visited = new Set<string>();
    const stack: { dir: string; depth: number; rules: GitignoreRules[] }[] = [{ dir: root, depth: 0, rules: [] }];
    const deadline = Date.now() + this.maxMillis;
    let note: string | undefined;
    while (stack.length > 0) {
      if (Date.now() > deadline) { note = `stopped after ${this.maxMillis} ms with ${out.length} files listed; files beyond are not analysed (open the project folder itself, or narrow it)`; break; }
      const { dir: current, depth, rules: inherited } = stack.pop()!;
      // Symlink-loop safety: a folder is entered once, by its real path.
      let real: string;
      try {
        real = nodeFs.realpathSync(current);
      } catch {
        continue;
      }
      if (visited.has(real)) continue;
      visited.add(real);
      let entries: nodeFs.Dirent[];
      try {
        entries = nodeFs.readdirSync(current, { withFileTypes: true });
      } catch {
        continue; // an unreadable folder below a root is skipped, as git and editors do
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const own = entries.some((e) => e.name === '.gitignore') ? gitignoreOf(current) : undefined;
      const rules = own ? [...inherited, { base: current, ig: own }] : inherited;
      const subdirs: string[] = [];
      for (const entry of entries) {
        const full = current === '/' ? `/${entry.name}` : `${current}/${entry.name}`;
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          try {
            const st = nodeFs.statSync(full);
            isDir = st.isDirectory();
            isFile = st.isFile();
          } catch {
            continue; // dangling link
          }
        }
        if (isDir) {
          if (!isSkippedFolder(entry.name) && depth < MAX_DEPTH && !isIgnored(rules, full, true)) subdirs.push(full);
        } else if (isFile && !isIgnored(rules, full, false)) {
          if (out.length >= this.maxFiles) { note = `stopped after ${this.maxFiles} files; files beyond are not analysed`; break; }
          out.push(full);
        }
      }
      if (note) break;
      // Depth first, in name order.
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push({ dir: subdirs[i], depth: depth + 1, rules });
    }
    if (note) this.onLimit?.(root, this.maxFiles, note);
    return out;
  }
}

/** The patterns of one `.gitignore`, relative to its folder. */
interface GitignoreRules { base: string; ig: Ignore }

/** Whether `full` is ignored: the deepest `.gitignore` with a pattern matching it decides (a `!pattern` re-includes). */
function isIgnored(rules: readonly GitignoreRules[], full: string, isDir: boolean): boolean {
  for (let i = rules.length - 1; i >= 0; i--) {
    const { base, ig } = rules[i];
    const rel = full.slice(base.length + (base.endsWith('/') ? 0 : 1));
    if (rel === '') continue;
    const r = ig.test(isDir ? rel + '/' : rel);
    if (r.ignored) return true;
    if (r.unignored) return false;
  }
  return false;
}

/** The rules of `<dir>/.gitignore`, when there is one. */
function gitignoreOf(dir: string): Ignore | undefined {
  let text: string;
  try { text = nodeFs.readFileSync(`${dir}/.gitignore`, 'utf8'); } catch { return undefined; }
  try { return ignore().add(text); } catch { return undefined; }
}

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** A short reason for a failed file operation: "permission denied (EACCES)". */
export function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException | undefined;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'it is a folder, not a file',
    ENOENT: 'no such file or folder',
    ENOTDIR: 'a parent is not a folder',
    ELOOP: 'too many levels of symbolic links',
    EMFILE: 'too many open files',
    ENAMETOOLONG: 'name too long',
  };
  if (err?.code && reasons[err.code]) return `${reasons[err.code]} (${err.code})`;
  return err?.message ?? String(e);
}
