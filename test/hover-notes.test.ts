/**
 * The hover of a finding adds to VS Code's hover (which shows the message) only why it breaks, how to fix it, the
 * quick fixes and the rule page (server/src/lsp/hover.ts, rule-notes.ts). Checked on every rule page and by
 * rendering the hover's Markdown with markdown-it (CommonMark, HTML off, as VS Code renders hovers).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { hoverAt } from '../server/src/lsp/hover';
import { MAX_LINES, MAX_PROSE, ruleNotesFrom } from '../server/src/lsp/rule-notes';
import { rules } from '../server/src/rules';
import { firstSentence, type Finding } from '../server/src/engine/types';

const DOCS = join(__dirname, '..', 'docs', 'rules');
const md = new MarkdownIt({ html: false });
/** The text a reader sees: rendered, tags stripped, entities decoded. */
function shown(markdown: string): string {
  return md.render(markdown).replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

test('every rule page gives the hover a why and a how-to-fix of a few lines', () => {
  const pages = readdirSync(DOCS).filter((f) => f.endsWith('.md'));
  assert.ok(pages.length >= rules.length - 1, `${pages.length} pages`);
  const noWhy: string[] = [];
  for (const p of pages) {
    const n = ruleNotesFrom(readFileSync(join(DOCS, p), 'utf8'));
    if (!n.why) noWhy.push(p);
    assert.ok(n.fix, `${p}: no "How to fix" note`);
    for (const [what, text] of [['why', n.why], ['fix', n.fix]] as const) {
      if (!text) continue;
      const [prose, ...rest] = text.split('\n');
      // the prose is cut after whole sentences; only a single first sentence may be longer
      assert.ok(prose.length <= MAX_PROSE || firstSentence(prose) === prose, `${p} ${what}: ${prose.length} characters`);
      assert.ok(rest.length <= MAX_LINES + 2, `${p} ${what}: ${rest.length + 1} lines`);
      // a fenced block is closed
      assert.equal((text.match(/^\s*```/gm) ?? []).length % 2, 0, `${p} ${what}: unclosed code block\n${text}`);
    }
  }
  // only the schema page explains per message rather than in a "Why it breaks" section
  assert.deepEqual(noWhy, ['schema-validation.md']);
});

test('rule notes: whole sentences, the block a paragraph leads into, lists cut by whole items, HTML escaped', () => {
  const page = [
    '# x', '', '## Why it breaks', 'First sentence with `a. b` inside.', 'Second one, wrapped', 'over two lines. ' + 'Long filler. '.repeat(40), '',
    '## How to fix', 'Mount the CA at /etc/docker/certs.d/<registry-host>/ca.crt (or `<kept>` in code), then restart with:', '```sh', 'dockerd --tls', '```', '', '## Example', 'ignored',
  ].join('\n');
  const n = ruleNotesFrom(page);
  assert.match(n.why!, /^First sentence with `a\. b` inside\. Second one, wrapped over two lines\. Long filler\./);
  assert.ok(n.why!.length <= MAX_PROSE && n.why!.endsWith('.'), n.why);
  assert.equal(n.fix, 'Mount the CA at /etc/docker/certs.d/\\<registry-host>/ca.crt (or `<kept>` in code), then restart with:\n\n```sh\ndockerd --tls\n```');
  assert.match(shown(n.fix!), /certs\.d\/<registry-host>\/ca\.crt \(or <kept> in code\)/);
  const list = ruleNotesFrom(['## How to fix', ...Array.from({ length: 5 }, (_, i) => `- item ${i}\n  continued`)].join('\n'));
  assert.equal(list.fix, '- item 0\n  continued\n- item 1\n  continued\n- item 2\n  continued');
  assert.deepEqual(ruleNotesFrom('# no sections\n\ntext'), {});
});

const finding = (over: Partial<Finding> = {}): Finding => ({
  ruleId: 'dind-tls-port-mismatch', severity: 'error', file: '/w/.gitlab-ci.yml',
  range: { start: { line: 2, character: 4 }, end: { line: 2, character: 20 } },
  headline: 'DOCKER_HOST uses 2375 but dind listens on 2376 (TLS on): the client cannot connect.',
  message: 'DOCKER_HOST uses 2375 but dind listens on 2376 (TLS on): the client cannot connect. Mount it at /etc/docker/certs.d/<registry-host>/ca.crt.',
  ...over,
});

test('hover of a finding: why, how to fix, quick fixes and the rule page; never the message; interpolated text escaped', () => {
  const page = readFileSync(join(DOCS, 'dind-tls-port-mismatch.md'), 'utf8');
  const f = finding({ fixes: [{ title: 'Rename job `build_<registry-host>` *now*', preferred: true, kind: 'safe', edits: [] }, { title: 'Turn TLS off', kind: 'suggestion', edits: [] }] });
  const h = hoverAt([f], { line: 2, character: 10 }, { ruleSummary: () => 'unused', ruleNotes: () => ruleNotesFrom(page), docsHref: (id) => `file:///ext/docs/rules/${id}.md` });
  const value = (h!.contents as { value: string }).value;
  const text = shown(value);
  assert.match(text, /^Why it breaks: The dockerd-entrypoint\.sh of the official image chooses the listener from DOCKER_TLS_CERTDIR/);
  assert.match(text, /How to fix: Choose one mode and keep both sides consistent/);
  assert.match(text, /Quick fixes: ★ Rename job `build_<registry-host>` \*now\* · Turn TLS off \(suggestion\)/);
  assert.match(value, /\[Rule page: dind-tls-port-mismatch\]\(file:\/\/\/ext\/docs\/rules\/dind-tls-port-mismatch\.md\)$/);
  assert.ok(!value.includes(f.headline!) && !text.includes(f.headline!), 'the headline is VS Code\'s to show');
  assert.ok(!text.includes('Mount it at'), 'nor the detail');
  assert.ok(!text.includes('unused'), 'the summary only stands in for missing notes');
});

test('hover of a finding without its rule page: the summary, escaped; two findings get two sections', () => {
  const a = finding();
  const b = finding({ ruleId: 'x', headline: 'Other headline that is long enough here.', message: 'Other headline that is long enough here.' });
  const h = hoverAt([a, b], { line: 2, character: 5 }, { ruleSummary: (id) => (id === 'x' ? 'Uses <registry-host> and *stars*' : undefined) });
  const value = (h!.contents as { value: string }).value;
  assert.equal(value, '**Checks:** Uses \\<registry-host\\> and \\*stars\\*');
  assert.equal(shown(value).trim(), 'Checks: Uses <registry-host> and *stars*');
  const both = hoverAt([a, b], { line: 2, character: 5 }, { ruleSummary: (id) => `summary of ${id}` });
  assert.equal((both!.contents as { value: string }).value.split('\n\n---\n\n').length, 2);
  assert.equal(hoverAt([a], { line: 9, character: 0 }, { ruleSummary: () => 's' }), null, 'off the range');
});
