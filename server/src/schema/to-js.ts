/**
 * Trees → plain JS. Objects have no prototype, so any key (even `__proto__`) is just a key.
 *
 * A `!reference` is left out of the data: a map loses that key, a sequence that item (so any value of the key
 * validates). The tree view (tree.ts) skips the same items, so that indices in error paths still match, and knows
 * which keys and items were left out, so that `required`/`minItems` errors they cause are dropped.
 */
import type { TValue } from '../formats/toml';
import type { YValue } from '../formats/yaml';

/** Past this many values (counting every alias expansion) a document is not validated: ajv would walk them all. */
export const MAX_EXPANDED_NODES = 1_000_000;

/** The number of values a tree holds with aliases expanded (shared nodes counted once per use; memoised, capped). */
export function expandedSize(v: YValue, memo: WeakMap<YValue, number>): number {
  if (v.kind === 'scalar' || v.kind === 'ref') return 1;
  const hit = memo.get(v);
  if (hit !== undefined) return hit;
  let n = 1;
  if (v.kind === 'seq') {
    for (const k of v.items) { n += expandedSize(k, memo); if (n > MAX_EXPANDED_NODES) break; }
  } else {
    for (const e of v.entries.values()) { n += expandedSize(e.value, memo); if (n > MAX_EXPANDED_NODES) break; }
  }
  memo.set(v, n);
  return n;
}

export function yamlToJs(v: YValue): unknown {
  switch (v.kind) {
    case 'scalar': return v.value;
    case 'seq': return v.items.filter((i) => i.kind !== 'ref').map(yamlToJs);
    case 'ref': return null; // only reached for the root, which validateCi does not convert
    case 'map': {
      const o: Record<string, unknown> = Object.create(null);
      for (const [k, e] of v.entries) if (e.value.kind !== 'ref') o[k] = yamlToJs(e.value);
      return o;
    }
  }
}

export function tomlToJs(v: TValue): unknown {
  switch (v.kind) {
    case 'scalar': return v.value;
    case 'array': return v.items.map(tomlToJs);
    case 'table': {
      const o: Record<string, unknown> = Object.create(null);
      for (const [k, e] of v.entries) o[k] = tomlToJs(e.value);
      return o;
    }
  }
}
