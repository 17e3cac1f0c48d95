/**
 * Secrets never leave the machine through a report. GitLab and GitHub store CLI reports (Code Quality, SARIF, job
 * logs), so before any format is written the values of secrets found in the analysed files are masked everywhere:
 * in messages, related-location messages, fix titles and replacement texts, and the source lines of code frames.
 *
 * A secret is a literal value (not a `$VARIABLE` reference) of a key that names one (`token`, `*_TOKEN`,
 * `password`, `*_PASSWORD`, `*_SECRET`, `api_key`, …), the argument of `-p`/`--password` on a `login` command line,
 * a value echoed into `--password-stdin`, the password of a `scheme://user:password@host` URL, or a token with a
 * well-known prefix (`glrt-`, `glpat-`, …). Masks keep the value's length (`*` for each character) so that columns
 * and code-frame carets still line up.
 */
import type { Finding } from '../engine/types';

const SECRET_KEY = /(?:^|[_.-])(?:token|password|passwd|secret|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?config|credentials?)(?:$|[_.-])/i;
/** camelCase keys of Helm values: `runnerToken`, `runnerRegistrationToken`, `secretKey`. */
const SECRET_KEY_CAMEL = /[a-z0-9](?:Token|Password|Passwd|Secret|ApiKey|AccessKey|PrivateKey)(?:[A-Z_.-]|$)|^secret[A-Z]/;
/** `key: value`, `key = value`, `KEY=value` (shell, env arrays); the value follows the match. */
const KEY_VALUE = /([A-Za-z_][A-Za-z0-9_.-]*)["']?[ \t]*(?::[ \t]+|=[ \t]*|:(?=["']))/g;
const KNOWN_TOKEN = /\b(?:glrt-|glpat-|gldt-|glcbt-|glptt-|glsoat-|glft-|GR1348941|ghp_|gho_|ghs_|github_pat_|xox[abprs]-|AKIA)[A-Za-z0-9_-]{8,}/g;
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"']+:([^\s@/"']+)@/gi;
const LOGIN_PASSWORD = /(?:^|\s)(?:-p|--password)(?:[ \t]+|=)(["']?)([^\s"']+)\1/g;
const ECHO_STDIN = /\b(?:echo|printf)[ \t]+(?:-n[ \t]+)?(["']?)([^\s"'|]+)\1[ \t]*\|[^\n]*--password-stdin/g;

/** Values that are never worth masking (and would mask unrelated words everywhere). */
function isLiteralSecret(v: string): boolean {
  if (v.length < 4 || v.includes('$') || v.includes('{{')) return false;
  if (/^(true|false|yes|no|on|off|null|nil|none|~|\*+)$/i.test(v)) return false;
  if (/^\d{1,7}$/.test(v)) return false;
  return !/^(REPLACE|CHANGE|YOUR|<)/i.test(v) || v.length > 40;
}

/** The value written after a key: a quoted string, or a plain word up to a comment / comma / bracket. */
function valueOf(rest: string): string | undefined {
  const r = rest.trim();
  const q = r[0];
  if (q === '"' || q === "'") { const e = r.indexOf(q, 1); return e > 1 ? r.slice(1, e) : r.slice(1).replace(/[,\]}]+$/, ''); }
  if (/^[|>[{&*!]/.test(r)) return undefined; // block scalar, collection, anchor, alias, tag: not a literal on this line
  const m = /^[^\s#,\]}"']+/.exec(r);
  return m?.[0];
}

/** Literal secret values written in a file's text. */
export function findSecrets(text: string): Set<string> {
  const out = new Set<string>();
  const add = (v: string | undefined) => { if (v !== undefined && isLiteralSecret(v)) out.add(v); };
  for (const line of text.split('\n')) {
    for (const m of line.matchAll(KEY_VALUE)) if (SECRET_KEY.test(m[1]) || SECRET_KEY_CAMEL.test(m[1])) add(valueOf(line.slice(m.index + m[0].length)));
    for (const m of line.matchAll(KNOWN_TOKEN)) add(m[0]);
    for (const m of line.matchAll(URL_PASSWORD)) add(m[1]);
    if (/\blogin\b/.test(line)) for (const m of line.matchAll(LOGIN_PASSWORD)) add(m[2]);
    for (const m of line.matchAll(ECHO_STDIN)) add(m[2]);
  }
  return out;
}

/** Length of the prefix by which secrets are indexed: {@link isLiteralSecret} never accepts a shorter value. */
const PREFIX = 4;

/**
 * Masks secrets: the given values everywhere, and anything {@link findSecrets} finds in the text itself.
 *
 * The known values are indexed by their first {@link PREFIX} characters, then by length, so masking a string costs
 * one map lookup per character plus one lookup per length of the values sharing that prefix: a report of thousands
 * of findings over a file holding thousands of tokens of one shape (one per runner) is not findings × secrets work.
 */
export class Redactor {
  private readonly byPrefix: SecretIndex = new Map();
  /** The first two characters of every prefix, hashed ({@link pairOf}): most positions of a text start no secret and are passed over without a lookup. */
  private readonly pairs = new Uint8Array(1 << 16);
  constructor(values: Iterable<string>) {
    index(this.byPrefix, values);
    for (const key of this.byPrefix.keys()) this.pairs[pairOf(key, 0)] = 1;
  }

  static fromTexts(texts: Iterable<string | undefined>): Redactor {
    const all: string[] = [];
    for (const t of texts) if (t !== undefined) all.push(...findSecrets(t));
    return new Redactor(all);
  }

  /** Number of distinct secret values known. */
  get size(): number {
    let n = 0;
    for (const vs of this.byPrefix.values()) n += vs.values.size;
    return n;
  }

  redact(s: string): string {
    if (s.length < PREFIX) return s;
    const own = [...findSecrets(s)].filter((v) => !this.knows(v));
    const local = own.length ? index(new Map(), own) : undefined;
    const localPairs = local ? new Set([...local.keys()].map((k) => pairOf(k, 0))) : undefined;
    // Every character of every occurrence of every secret is masked, overlapping ones included.
    let mask: Uint8Array | undefined;
    const mark = (vs: PrefixGroup | undefined, i: number) => {
      if (vs) for (const n of vs.lengths) if (i + n <= s.length && vs.values.has(s.slice(i, i + n))) (mask ??= new Uint8Array(s.length)).fill(1, i, i + n);
    };
    for (let i = 0; i + PREFIX <= s.length; i++) {
      const pair = pairOf(s, i);
      const known = this.pairs[pair] === 1, mine = localPairs?.has(pair) === true;
      if (!known && !mine) continue;
      const key = s.slice(i, i + PREFIX);
      if (known) mark(this.byPrefix.get(key), i);
      if (mine) mark(local!.get(key), i);
    }
    if (!mask) return s;
    const parts: string[] = [];
    for (let i = 0; i < s.length;) {
      let j = i;
      while (j < s.length && mask[j] === mask[i]) j++;
      parts.push(mask[i] ? '*'.repeat(j - i) : s.slice(i, j));
      i = j;
    }
    return parts.join('');
  }

  private knows(v: string): boolean {
    return this.byPrefix.get(v.slice(0, PREFIX))?.values.has(v) === true;
  }

  finding(f: Finding): Finding {
    const r = (s: string) => this.redact(s);
    const out: Finding = { ...f, message: r(f.message) };
    // Masks keep lengths, so the headline is the same prefix of the masked message (and masked the same way).
    if (f.headline !== undefined) out.headline = f.message.startsWith(f.headline) ? out.message.slice(0, f.headline.length) : r(f.headline);
    if (f.related) out.related = f.related.map((x) => (x.message === undefined ? x : { ...x, message: r(x.message) }));
    if (f.fixes) out.fixes = f.fixes.map((x) => ({ ...x, title: r(x.title), edits: x.edits.map((e) => ({ ...e, edits: e.edits.map((t) => ({ ...t, newText: r(t.newText) })) })) }));
    return out;
  }
}

/** A hash of the two characters of `s` at `i` (the filter of {@link Redactor.redact}). */
function pairOf(s: string, i: number): number {
  return ((s.charCodeAt(i) * 31) ^ s.charCodeAt(i + 1)) & 0xffff;
}

/** Secret values sharing a prefix: their lengths (longest first) and the values. */
interface PrefixGroup { lengths: number[]; values: Set<string> }
type SecretIndex = Map<string, PrefixGroup>;

function index(map: SecretIndex, values: Iterable<string>): SecretIndex {
  for (const v of values) {
    if (v.length < PREFIX) continue;
    const key = v.slice(0, PREFIX);
    let g = map.get(key);
    if (!g) { g = { lengths: [], values: new Set() }; map.set(key, g); }
    if (g.values.has(v)) continue;
    g.values.add(v);
    if (!g.lengths.includes(v.length)) { g.lengths.push(v.length); g.lengths.sort((a, b) => b - a); }
  }
  return map;
}
