/**
 * Expands a VS Code snippet body with every placeholder at its default: the part of VS Code's snippet grammar the
 * snippet files use: `${n:default}`, `${n|a,b|}` (first choice), `${n}`/`$n` (the tabstop's value, '' when it has
 * none), and the escapes `\$`, `\}`, `\\`.
 */
import assert from 'node:assert/strict';

/** Expands a snippet body with every placeholder at its default. */
export function expand(body: string): string {
  const values = new Map<string, string>();
  let i = 0;
  function parse(stopAt: string | undefined): string {
    let out = '';
    while (i < body.length) {
      const c = body[i];
      if (stopAt !== undefined && c === stopAt) return out;
      if (c === '\\' && i + 1 < body.length && '$}\\'.includes(body[i + 1])) { out += body[i + 1]; i += 2; continue; }
      if (c === '$') {
        const simple = /^\$(\d+)/.exec(body.slice(i));
        if (simple) { out += values.get(simple[1]) ?? ''; i += simple[0].length; continue; }
        const m = /^\$\{(\d+)(:|\||\})/.exec(body.slice(i));
        if (m) {
          i += m[0].length;
          const n = m[1];
          if (m[2] === '}') { out += values.get(n) ?? ''; continue; }
          if (m[2] === ':') {
            const v = parse('}');
            i++; // '}'
            if (!values.has(n)) values.set(n, v);
            out += values.get(n)!;
            continue;
          }
          // choice: ${n|a,b|}
          const end = body.indexOf('|}', i);
          assert.ok(end > 0, 'unterminated choice');
          const first = body.slice(i, end).split(',')[0];
          i = end + 2;
          if (!values.has(n)) values.set(n, first);
          out += values.get(n)!;
          continue;
        }
        throw new Error(`unexpected $ at ${i} in ${body}`);
      }
      out += c; i++;
    }
    assert.equal(stopAt, undefined, 'unterminated placeholder');
    return out;
  }
  return parse(undefined);
}

