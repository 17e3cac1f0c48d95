/**
 * The layering of dind-doctor, checked by dependency-cruiser (`npm run lint:layers`, and test/layering.test.ts in
 * `npm test`). Lower layers never import higher ones:
 *
 *   common/  (below client and server: strategies, pinned versions)
 *   server/src: formats ← model (+ schema) ← edits ← rules ← engine ← front ends (server.ts, lsp/, cli.ts, reporters/, conversions.ts)
 *   client/src: VS Code UI; imports nothing of the server, only common/
 *
 * `server/src/engine/types.ts` holds the contracts every layer shares (spans, edits, findings) and imports nothing;
 * `server/src/engine/rule.ts` is the rules' contract and belongs to the rules layer. No rule imports another rule
 * (rules/index.ts and rules/groups/ are the registry), and there are no import cycles.
 */
const S = '^server/src/';
const CONTRACTS = '^server/src/engine/types\\.ts$';
const FORMATS = '^server/src/formats/';
const MODEL = '^server/src/model/';
const SCHEMA = '^server/src/schema/';
const EDITS = '^server/src/edits/';
const RULES = ['^server/src/rules/', '^server/src/engine/rule\\.ts$'];
const COMMON = '^common/';
const FRONT_ENDS = ['^server/src/server\\.ts$', '^server/src/cli\\.ts$', '^server/src/lsp/', '^server/src/reporters/', '^server/src/conversions\\.ts$'];

/** A layer may import only from `allowed` among our own server files. */
function layer(name, from, allowed, comment) {
  return { name, severity: 'error', comment, from: { path: from }, to: { path: S, pathNot: allowed } };
}

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'Modules must not import each other in a circle.', from: {}, to: { circular: true } },
    { name: 'common-stands-alone', severity: 'error', comment: 'common/ sits below client and server and imports neither.', from: { path: COMMON }, to: { path: '^(server|client)/' } },
    { name: 'client-uses-only-common', severity: 'error', comment: 'The client holds VS Code UI only: nothing of the server, only the shared common/ module.', from: { path: '^client/' }, to: { path: S } },
    { name: 'server-not-client', severity: 'error', comment: 'The server never imports the client.', from: { path: S }, to: { path: '^client/' } },
    { name: 'no-test-code', severity: 'error', comment: 'Product code never imports tests.', from: { path: '^(server|client|common)/' }, to: { path: '^test/' } },
    { name: 'no-vscode-in-server', severity: 'error', comment: 'The server and the CLI run without VS Code.', from: { path: S }, to: { path: '^vscode$', dependencyTypes: ['core', 'npm-no-pkg', 'unknown', 'undetermined'] } },
    layer('contracts-import-nothing', CONTRACTS, [CONTRACTS], 'engine/types.ts is shared by every layer; it imports none of them.'),
    layer('formats-layer', FORMATS, [FORMATS, CONTRACTS], 'formats/ (parsing with offsets) is the bottom layer of the server.'),
    layer('model-layer', MODEL, [MODEL, FORMATS, CONTRACTS], 'model/ holds facts read from parsed files: formats only.'),
    layer('schema-layer', SCHEMA, [SCHEMA, MODEL, FORMATS, CONTRACTS], 'schema/ validates parsed files: model and formats only.'),
    layer('edits-layer', EDITS, [EDITS, MODEL, FORMATS, CONTRACTS], 'edits/ builds edits from the model: no rules, no engine.'),
    layer('rules-layer', RULES, [...RULES, EDITS, SCHEMA, MODEL, FORMATS, CONTRACTS], 'Rules read the model and build fixes with edits/; they never reach the engine or a front end.'),
    layer('engine-layer', '^server/src/engine/', ['^server/src/engine/', ...RULES, EDITS, SCHEMA, MODEL, FORMATS], 'The engine runs rules; it never imports a front end.'),
    {
      name: 'no-rule-imports-a-rule', severity: 'error',
      comment: 'A rule file imports no other rule file; shared logic lives in model/ or edits/ (rules/index.ts and rules/groups/ are the registry).',
      from: { path: '^server/src/rules/[^/]+\\.ts$', pathNot: '^server/src/rules/index\\.ts$' },
      to: { path: '^server/src/rules/' },
    },
    { name: 'front-ends-stay-on-top', severity: 'error', comment: 'Nothing below the front ends imports them.', from: { path: S, pathNot: FRONT_ENDS }, to: { path: FRONT_ENDS } },
  ],
  options: {
    // TypeScript 7 has no compiler API for dependency-cruiser; swc parses the sources instead.
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|out)/' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
