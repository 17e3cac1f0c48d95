/**
 * Load-time patches to GitLab's CI schema (`schemas/gitlab-ci.json`, kept byte-identical to GitLab's file). Each one
 * removes a constraint that is stricter than GitLab's own backend; the first four are the ones gitlab-ci-local
 * applies, the fifth is ours. `schemas/README.md` lists the same patches; keep both in step.
 */

type Json = Record<string, any>;

export interface SchemaPatch {
  id: string;
  /** What is removed and why. */
  description: string;
  apply(schema: Json): void;
}

/** Throws when the schema no longer has the shape a patch expects, so that an upgrade of ci.json is noticed. */
function at(schema: Json, path: (string | number)[]): Json {
  let cur: any = schema;
  for (const seg of path) {
    cur = cur?.[seg];
    if (cur === undefined) throw new Error(`gitlab-ci.json: patch target ${path.join('/')} not found`);
  }
  return cur as Json;
}

function findObject(list: Json[], pred: (o: Json) => boolean, what: string): Json {
  const hit = list.find(pred);
  if (!hit) throw new Error(`gitlab-ci.json: patch target ${what} not found`);
  return hit;
}

/** Every sub-schema (depth first), for patches that apply wherever a construct appears. */
function walk(node: unknown, visit: (o: Json) => void): void {
  if (Array.isArray(node)) { for (const n of node) walk(n, visit); return; }
  if (node && typeof node === 'object') {
    visit(node as Json);
    for (const v of Object.values(node as Json)) walk(v, visit);
  }
}

export const CI_SCHEMA_PATCHES: SchemaPatch[] = [
  {
    id: 'include-shorthand-pattern',
    description: 'definitions.include_item.oneOf[0] (the string shorthand `include: path.yml`): drop `pattern: "\\w\\.ya?ml$"` and its anyOf, which reject globs such as `/ci/*.yml` that GitLab accepts.',
    apply(s) {
      const str = findObject(at(s, ['definitions', 'include_item', 'oneOf']) as unknown as Json[], (o) => o.type === 'string', 'include_item string form');
      delete str.pattern;
      delete str.anyOf;
    },
  },
  {
    id: 'cache-key-pattern',
    description: 'definitions.cache_item.properties.key.oneOf[0]: drop `pattern: "^[^/]*[^./][^/]*$"`, which rejects keys containing `/` (for example `$CI_COMMIT_REF_SLUG/deps` or a key made of variables).',
    apply(s) {
      const str = findObject(at(s, ['definitions', 'cache_item', 'properties', 'key', 'oneOf']) as unknown as Json[], (o) => o.type === 'string', 'cache key string form');
      delete str.pattern;
    },
  },
  {
    id: 'environment-name-minlength',
    description: 'definitions.job_template.properties.environment (map form) `name`: drop `minLength: 1`, which rejects names that are only a variable expanding at run time.',
    apply(s) {
      const env = at(s, ['definitions', 'job_template', 'properties', 'environment', 'oneOf']) as unknown as Json[];
      const map = findObject(env, (o) => o.type === 'object', 'environment map form');
      delete at(map, ['properties', 'name']).minLength;
    },
  },
  {
    id: 'environment-url-pattern',
    description: 'definitions.job_template.properties.environment (map form) `url`: drop `pattern: "^(https?://.+|\\$[A-Za-z]+)"` (rejects `$CI_ENVIRONMENT_URL`-style variables with `_` and `${VAR}` forms) and, for the same values, `format: "uri"`.',
    apply(s) {
      const env = at(s, ['definitions', 'job_template', 'properties', 'environment', 'oneOf']) as unknown as Json[];
      const map = findObject(env, (o) => o.type === 'object', 'environment map form');
      const url = at(map, ['properties', 'url']);
      delete url.pattern;
      delete url.format;
    },
  },
  {
    id: 'include-uri-reference-format',
    description: '(dind-doctor) every `format: "uri-reference"` (all of them are include paths: `include:` and `trigger:include:`): dropped, because GitLab expands variables in include paths and `${VAR}` or glob characters are not URI references.',
    apply(s) {
      let n = 0;
      walk(s, (o) => { if (o.format === 'uri-reference') { delete o.format; n++; } });
      if (n === 0) throw new Error('gitlab-ci.json: no uri-reference format found to patch');
    },
  },
  {
    id: 'tags-min-items',
    description: '(dind-doctor) definitions.tags: drop `minItems: 1`. GitLab accepts `tags: []` (it clears tags inherited from `default:`), and the official Code-Quality template uses it.',
    apply(s) {
      delete at(s, ['definitions', 'tags']).minItems;
    },
  },
];

/** A patched deep copy of GitLab's schema. */
export function patchCiSchema(original: Json): Json {
  const copy = structuredClone(original) as Json;
  for (const p of CI_SCHEMA_PATCHES) p.apply(copy);
  return copy;
}
