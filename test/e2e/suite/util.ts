import * as assert from 'assert';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'dind-doctor.dind-doctor';
export const SOURCE = 'dind-doctor';

export function folder(): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'a workspace folder is open');
  return f;
}

export function wsUri(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(folder().uri, ...rel.split('/'));
}

export function ext(): vscode.Extension<unknown> {
  const e = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(e, `extension ${EXTENSION_ID} is loaded`);
  return e;
}

/** Polls until `fn` returns a truthy value (no fixed sleeps). */
export async function waitFor<T>(fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timeout (${timeoutMs} ms) waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

export function ours(uri: vscode.Uri, rule?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE && (rule === undefined || codeOf(d) === rule));
}

export function describe(uri: vscode.Uri): string {
  const all = vscode.languages.getDiagnostics(uri);
  return all.length ? all.map((d) => `${d.source}/${codeOf(d)}@${fmt(d.range)}:${vscode.DiagnosticSeverity[d.severity]}`).join(', ') : '(none)';
}

export function fmt(r: vscode.Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** Waits for exactly one dind-doctor diagnostic of `rule` in `uri` (optionally also matching `pred`). */
export async function waitForDiag(uri: vscode.Uri, rule: string, pred: (d: vscode.Diagnostic) => boolean = () => true, timeoutMs = 20_000): Promise<vscode.Diagnostic> {
  try {
    const ds = await waitFor(() => { const d = ours(uri, rule).filter(pred); return d.length ? d : undefined; }, `${rule} in ${vscode.workspace.asRelativePath(uri)}`, timeoutMs);
    assert.strictEqual(ds.length, 1, `exactly one ${rule} in ${vscode.workspace.asRelativePath(uri)}; got ${describe(uri)}`);
    return ds[0];
  } catch (e) {
    throw new Error(`${(e as Error).message}; diagnostics now: ${describe(uri)}`);
  }
}

export async function waitNoDiag(uri: vscode.Uri, rule: string, timeoutMs = 20_000): Promise<void> {
  try {
    await waitFor(() => ours(uri, rule).length === 0, `${rule} to disappear from ${vscode.workspace.asRelativePath(uri)}`, timeoutMs);
  } catch (e) {
    throw new Error(`${(e as Error).message}; diagnostics now: ${describe(uri)}`);
  }
}

/**
 * The exact range of `token` in `text`, on the first line (at or after `afterLine`) that contains `lineContains`
 * (default: the token itself). Expected ranges are computed from the fixture text so they stay exact.
 */
export function rangeIn(text: string, token: string, lineContains = token, afterLine = 0): vscode.Range {
  const lines = text.split(/\r?\n/);
  for (let i = afterLine; i < lines.length; i++) {
    if (!lines[i].includes(lineContains)) continue;
    const c = lines[i].indexOf(token);
    if (c >= 0) return new vscode.Range(i, c, i, c + token.length);
  }
  throw new Error(`fixture has no line containing ${JSON.stringify(lineContains)} with ${JSON.stringify(token)}`);
}

export function assertRange(actual: vscode.Range, expected: vscode.Range, what: string): void {
  assert.strictEqual(fmt(actual), fmt(expected), `${what}: range (0-based line:char)`);
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

export async function setRules(rules: Record<string, string> | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('dindDoctor').update('rules', rules, vscode.ConfigurationTarget.Workspace);
}
