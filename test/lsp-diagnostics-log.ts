/** For LSP protocol tests: the diagnostics a server published, per URI, and waiting for a condition on them. */
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export class DiagnosticsLog {
  readonly diags = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: (() => void)[] = [];

  /** The `textDocument/publishDiagnostics` handler. */
  readonly publish = (p: PublishDiagnosticsParams): void => {
    if (!this.diags.has(p.uri)) this.diags.set(p.uri, []);
    this.diags.get(p.uri)!.push(p);
    for (const w of this.waiters.splice(0)) w();
  };

  /** Resolves with `pred`'s first defined value, checked now and after every publication; rejects after `ms`. */
  readonly waitFor = <T>(pred: () => T | undefined, ms = 5000): Promise<T> => new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timed out waiting for the server')), ms);
    const check = () => { const v = pred(); if (v !== undefined) { clearTimeout(t); resolve(v); return true; } return false; };
    const waiter = () => { if (!check()) this.waiters.push(waiter); };
    waiter();
  });
}
