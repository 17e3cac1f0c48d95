/**
 * The wording of schema problems: locations named as the user writes them (`image`, `script[2]`,
 * `[runners.docker]`), type and value complaints in plain words, typo suggestions for unknown keys.
 */
import type { ErrorObject } from 'ajv';
// GitLab's global keywords: one list, kept with the pipeline model (a top-level key not in it is a job).
import { GLOBAL_KEYWORDS } from '../model/pipeline';
import { firstSentence } from '../engine/types';
import { clip } from '../formats/text';
import type { TreeNode } from './tree';

/** Which schema the errors come from, and how key names match. */
export interface Options { kind: 'ci' | 'runner'; caseInsensitiveKeys: boolean }

/** How a location is named in a message: `image`, `script[2]`, `[runners.docker]`… */
function nameOf(segs: string[], opts: Options): string {
  if (opts.kind === 'runner') return tomlTableName(segs);
  let k = segs.length - 1;
  while (k >= 0 && /^\d+$/.test(segs[k])) k--;
  if (k < 0) return segs.length ? `item ${segs.join('.')}` : 'the file';
  return '`' + segs[k] + segs.slice(k + 1).map((i) => `[${i}]`).join('') + '`';
}

function tomlTableName(segs: string[]): string {
  if (segs.length === 0) return 'the config';
  let k = segs.length - 1;
  while (k >= 0 && /^\d+$/.test(segs[k])) k--;
  if (k < 0) return 'the config';
  const own = '`' + segs[k] + segs.slice(k + 1).map((i) => `[${i}]`).join('') + '`';
  return k === 0 ? `${own} (top level)` : `${own} ${tableLabel(segs.slice(0, k))}`;
}

function tableLabel(segs: string[]): string {
  if (segs.length === 0) return 'at the top level';
  const names = segs.filter((s) => !/^\d+$/.test(s));
  const arrayItem = /^\d+$/.test(segs[segs.length - 1]);
  return `in ${arrayItem ? `[[${names.join('.')}]]` : `[${names.join('.')}]`}`;
}

export function unknownKeyMessage(key: string, segs: string[], err: ErrorObject, opts: Options): string {
  const props = Object.keys((err.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  const guess = suggest(key, props);
  const hint = guess ? ` Did you mean '${guess}'?` : '';
  if (opts.kind === 'runner') {
    return fit(`'${key}' is not a GitLab Runner setting ${tableLabel(segs)}: the runner ignores it.`, `'${clip(key, 40)}' is not a GitLab Runner setting here: the runner ignores it. It is ${tableLabel(segs)}.`) + hint;
  }
  const jobLevel = segs.length === 1 && (segs[0] === 'default' || !GLOBAL_KEYWORDS.has(segs[0]));
  if (jobLevel) return `'${key}' is not a GitLab CI keyword.${hint}`;
  return `'${key}' is not a valid key in ${nameOf(segs, opts)}.${hint}${!guess && props.length && props.length <= 10 ? ` Allowed: ${props.join(', ')}.` : ''}`;
}

/**
 * A message whose first sentence (its headline) fits in 100 characters: `long` when it does, else `short`, which
 * starts with a shorter sentence and says the rest after it.
 */
function fit(long: string, short: string): string {
  return firstSentence(long).length <= 100 ? long : short;
}

/** Past this many allowed values a message names the first few only. */
const MAX_LISTED_VALUES = 12;

const TYPE_WORDS: Record<string, string> = {
  string: 'a string', array: 'a list', object: 'a map', boolean: 'true or false', integer: 'a whole number', number: 'a number', null: 'empty',
};

export function typeMessage(segs: string[], errs: ErrorObject[], node: TreeNode, opts: Options): string {
  const wanted: string[] = [];
  for (const e of errs) {
    const t = (e.params as { type: string | string[] }).type;
    for (const one of Array.isArray(t) ? t : String(t).split(',')) {
      let w = TYPE_WORDS[one] ?? one;
      if (one === 'object') {
        const req = (e.parentSchema as { required?: string[] } | undefined)?.required;
        if (req?.length) w = `a map with ${req.map((r) => '`' + r + '`').join(' and ')}`;
      }
      if (one === 'array') {
        const it = (e.parentSchema as { items?: { type?: string } } | undefined)?.items;
        if (it && typeof it === 'object' && it.type === 'string') w = 'a list of strings';
      }
      if (!wanted.includes(w)) wanted.push(w);
    }
  }
  // "a whole number or a number" reads oddly: a number covers it.
  if (wanted.includes('a number')) { const i = wanted.indexOf('a whole number'); if (i >= 0) wanted.splice(i, 1); }
  // An empty value is allowed for most keywords (GitLab treats it as absent); that is no advice next to the forms
  // that set something.
  if (wanted.length > 1 && wanted.includes('empty')) wanted.splice(wanted.indexOf('empty'), 1);
  const found = describe(errs[0].data, node);
  if (opts.kind === 'ci' && segs.length === 1 && !GLOBAL_KEYWORDS.has(segs[0]) && segs[0] !== 'default' && wanted.length === 1 && wanted[0] === 'a map') {
    return `${nameOf(segs, opts)} is not a global keyword, so GitLab reads it as a job, and a job must be a map of job keywords${found ? `, not ${found}` : ''}.`;
  }
  return `${nameOf(segs, opts)} must be ${joinOr(wanted)}${found ? `, not ${found}` : ''}.`;
}

function describe(data: unknown, node: TreeNode): string {
  if (node.unknown) return '';
  if (data === null) return 'empty';
  if (Array.isArray(data)) return 'a list';
  switch (typeof data) {
    case 'string': return `the string ${quote(data)}`;
    case 'number': return Number.isInteger(data) ? `the number ${data}` : `the number ${data}`;
    case 'boolean': return `${data}`;
    case 'object': return 'a map';
    default: return '';
  }
}

export function otherMessage(segs: string[], err: ErrorObject, node: TreeNode, opts: Options): string {
  const name = nameOf(segs, opts);
  const p = err.params as Record<string, any>;
  switch (err.keyword) {
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).filter((v) => v !== '').map((v) => quote(String(v)));
      if (allowed.length > MAX_LISTED_VALUES) return `${name} must be one of ${allowed.length} known values (${allowed.slice(0, 5).join(', ')}, …), not ${describeValue(err.data)}.`;
      return fit(`${name} must be one of ${allowed.join(', ')}, not ${describeValue(err.data)}.`, `${name} must be one of ${allowed.length} values, not ${clip(describeValue(err.data), 40)}. Allowed: ${allowed.join(', ')}.`);
    }
    case 'const': return `${name} must be ${quote(String(p.allowedValue))}, not ${describeValue(err.data)}.`;
    case 'required': {
      if (opts.kind === 'ci' && p.missingProperty === 'start_in') return `${segs.length === 1 ? `Job ${name}` : name} has \`when: delayed\`, which needs \`start_in\` (for example \`start_in: 30 minutes\`).`;
      const where = segs.length === 0 ? 'The file' : opts.kind === 'ci' && segs.length === 1 ? `Job ${name}` : name;
      return `${where} is missing the required key '${p.missingProperty}'.`;
    }
    case 'minLength': return p.limit === 1 ? `${name} must not be empty.` : `${name} must be at least ${p.limit} characters long.`;
    case 'maxLength': return `${name} must be at most ${p.limit} characters long.`;
    case 'minItems': return p.limit === 1 ? `${name} must not be an empty list.` : `${name} must have at least ${p.limit} items.`;
    case 'maxItems': return `${name} must have at most ${p.limit} item${p.limit === 1 ? '' : 's'}.`;
    case 'minimum': case 'exclusiveMinimum': return `${name} must be ${err.keyword === 'minimum' ? '≥' : '>'} ${p.limit}, not ${describeValue(err.data)}.`;
    case 'maximum': case 'exclusiveMaximum': return `${name} must be ${err.keyword === 'maximum' ? '≤' : '<'} ${p.limit}, not ${describeValue(err.data)}.`;
    case 'minProperties': return `${name} must not be an empty map.`;
    case 'uniqueItems': return `${name} must not list the same value twice (items ${p.j} and ${p.i}).`;
    case 'pattern': {
      const desc = (err.parentSchema as { description?: string } | undefined)?.description;
      if (opts.kind === 'runner' && segs.includes('environment')) return `${name} must have the form NAME=value, not ${describeValue(err.data)}.`;
      return `${name} has an unexpected form${desc ? ` (${desc.replace(/\.$/, '')})` : ''}: ${describeValue(err.data)} does not match ${p.pattern}.`;
    }
    case 'format': return `${name} is not a valid ${p.format}: ${describeValue(err.data)}.`;
    case 'oneOf': return `${name} matches more than one of its allowed forms; check its keys.`;
    case 'anyOf': return `${name} does not match any of its allowed forms.`;
    case 'not': return `${name} has a value that is not allowed here: ${describeValue(err.data)}.`;
    case 'propertyNames': return `${name} has an invalid key name.`;
    case 'dependencies': case 'dependentRequired': return `${name} must also set '${p.missingProperty}' when it sets '${p.property}'.`;
    default: return `${name} ${err.message ?? 'is not valid'}.`;
  }
}

function describeValue(v: unknown): string {
  if (v === null) return 'an empty value';
  if (typeof v === 'string') return quote(v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return String(v);
}

function quote(s: string): string {
  const short = s.length > 60 ? s.slice(0, 57) + '…' : s;
  return `'${short}'`;
}

function joinOr(words: string[]): string {
  if (words.length <= 1) return words[0] ?? 'something else';
  return words.slice(0, -1).join(', ') + ' or ' + words[words.length - 1];
}

/** The closest known key, when it is close enough to be a typo (edit distance ≤ 2, or a case difference). */
export function suggest(key: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = key.length <= 4 ? 1 : 2;
  for (const k of known) {
    if (k.toLowerCase() === key.toLowerCase()) return k;
    const d = distance(key.toLowerCase(), k.toLowerCase(), limit);
    if (d < bestD) { bestD = d; best = k; }
  }
  if (bestD <= limit) return best;
  // a singular/plural slip: `runner` for `runners`, `services` for `service`
  return known.find((k) => k === key + 's' || k + 's' === key);
}

/** Damerau-Levenshtein (optimal string alignment) distance, giving up above `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
