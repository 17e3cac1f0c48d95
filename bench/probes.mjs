// The places of a generated CI file where the benchmarks ask for completion and hovers (bench.mjs over LSP,
// slices.mjs in-process between the slices of an analysis).

/**
 * Completion and hover requests at places of the generated file, from its middle on (the cursor's surroundings are
 * what the handlers read): a job keyword, an image value, an `extends:` value, a variable name; hovers on a job
 * name, a keyword and an `extends:` value. Each `what` names the place; the report lists places that got nothing.
 */
export function ciProbes(text) {
  const lines = text.split('\n');
  const from = Math.floor(lines.length / 2);
  const find = (re, after = from) => { for (let l = after; l < lines.length; l++) { const m = re.exec(lines[l]); if (m) return { line: l, m }; } return null; };
  const out = [];
  const add = (method, hit, character, what) => { if (hit) out.push({ method, position: { line: hit.line, character }, what }); };
  const key = find(/^( {2})(script|stage):/);
  add('textDocument/completion', key, 2, 'job keyword');
  const img = find(/^ {2}image: (\S+)/);
  add('textDocument/completion', img, img ? img.m[0].length : 0, 'image value');
  const ext = find(/^ {2}extends: (\S+)/) ?? find(/^ {4}- (\.\S+)$/);
  add('textDocument/completion', ext, ext ? ext.m[0].length : 0, 'extends value');
  const vars = find(/^ {4}([A-Z_][A-Z0-9_]*): /);
  add('textDocument/completion', vars, 4, 'variable name');
  const job = find(/^([a-z][\w-]*):\s*$/);
  add('textDocument/hover', job, 1, 'job name (effective configuration)');
  add('textDocument/hover', key, 3, 'job keyword');
  add('textDocument/hover', ext, ext ? ext.m[0].length - 1 : 0, 'extends value');
  return out;
}
