/**
 * Walks a JSON schema along a path of keys (`[]` for an array item), through `$ref`, `allOf`, `anyOf` and `oneOf`:
 * the keys, enum values and descriptions that completion and hover offer at a place of a file.
 */
export type Schema = Record<string, unknown>;

export interface SchemaKey {
  key: string;
  schema: Schema;
  /** The (Markdown) description: the property's own, else that of what it refers to. */
  description?: string;
}

export class SchemaNav {
  private readonly expanded = new WeakMap<Schema, Schema[]>();
  constructor(private readonly root: Schema, private readonly opts: { arraysTransparent?: boolean } = {}) {}

  private resolve(s: Schema): Schema {
    let cur = s;
    for (let i = 0; i < 20 && typeof cur.$ref === 'string'; i++) {
      const ref = cur.$ref as string;
      if (!ref.startsWith('#/')) break;
      let t: unknown = this.root;
      for (const part of ref.slice(2).split('/')) t = (t as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      if (!t || typeof t !== 'object') break;
      cur = t as Schema;
    }
    return cur;
  }

  /** A schema and every branch of its composites, references resolved. */
  expand(s: Schema | undefined): Schema[] {
    if (!s || typeof s !== 'object') return [];
    const hit = this.expanded.get(s);
    if (hit) return hit;
    const out: Schema[] = [];
    const seen = new Set<Schema>();
    const visit = (x: Schema, depth: number) => {
      const r = this.resolve(x);
      if (seen.has(r) || depth > 12) return;
      seen.add(r);
      out.push(r);
      for (const k of ['allOf', 'anyOf', 'oneOf']) {
        const list = r[k];
        if (Array.isArray(list)) for (const b of list) if (b && typeof b === 'object') visit(b as Schema, depth + 1);
      }
      if (this.opts.arraysTransparent && r.items && typeof r.items === 'object' && !Array.isArray(r.items)) visit(r.items as Schema, depth + 1);
    };
    visit(s, 0);
    this.expanded.set(s, out);
    return out;
  }

  /** The schemas at a path from the root (empty when the path leaves the schema). */
  at(path: readonly string[]): Schema[] {
    let cur = this.expand(this.root);
    for (const seg of path) {
      const next: Schema[] = [];
      for (const s of cur) {
        const c = this.child(s, seg);
        if (c) next.push(...this.expand(c));
      }
      cur = [...new Set(next)];
      if (!cur.length) break;
    }
    return cur;
  }

  private child(s: Schema, seg: string): Schema | undefined {
    if (seg === '[]') return s.items && typeof s.items === 'object' && !Array.isArray(s.items) ? (s.items as Schema) : undefined;
    const props = s.properties as Record<string, Schema> | undefined;
    if (props && Object.hasOwn(props, seg)) return props[seg];
    const patterns = s.patternProperties as Record<string, Schema> | undefined;
    if (patterns) for (const [re, ps] of Object.entries(patterns)) { try { if (new RegExp(re, 'u').test(seg)) return ps; } catch { /* a pattern JavaScript cannot read */ } }
    if (s.additionalProperties && typeof s.additionalProperties === 'object') return s.additionalProperties as Schema;
    return undefined;
  }

  /** The named keys of the maps at these schemas, in schema order. */
  keys(schemas: readonly Schema[]): SchemaKey[] {
    const out = new Map<string, SchemaKey>();
    for (const s of schemas) {
      const props = s.properties as Record<string, Schema> | undefined;
      if (!props) continue;
      for (const [key, ps] of Object.entries(props)) if (!out.has(key)) out.set(key, { key, schema: ps, description: this.description(ps) });
    }
    return [...out.values()];
  }

  /** Whether these schemas take a map with keys of their own choosing (`variables:`), not only named ones. */
  openMap(schemas: readonly Schema[]): boolean {
    return schemas.some((s) => (s.additionalProperties && typeof s.additionalProperties === 'object') || (s.patternProperties && !s.properties));
  }

  description(s: Schema): string | undefined {
    for (const x of [s, ...this.expand(s)]) {
      const d = (x.markdownDescription ?? x.description) as string | undefined;
      if (d) return d;
    }
    return undefined;
  }

  /** Enum and const values of these schemas (scalars only). */
  enumValues(schemas: readonly Schema[]): (string | number | boolean)[] {
    const out: (string | number | boolean)[] = [];
    for (const s of schemas) {
      if (Array.isArray(s.enum)) for (const v of s.enum) if (v !== null && typeof v !== 'object' && !out.includes(v)) out.push(v as string);
      if (s.const !== undefined && s.const !== null && typeof s.const !== 'object' && !out.includes(s.const as string)) out.push(s.const as string);
    }
    return out;
  }

  types(schemas: readonly Schema[]): Set<string> {
    const out = new Set<string>();
    for (const s of schemas) {
      const t = s.type;
      if (typeof t === 'string') out.add(t);
      else if (Array.isArray(t)) for (const x of t) out.add(String(x));
    }
    return out;
  }
}
