import { ciRule, type ReportFix } from '../engine/rule';
import type { YScalar } from '../formats/yaml';
import { YamlEditor } from '../formats/yaml-edit';
import { dindStart, type CmdItem } from '../model/dind-command';
import { dindServices } from '../model/facts';
import { outerMtu } from '../model/outer-mtu';
import { valueSpan } from '../model/pipeline';

/** `--mtu=N` or `--mtu N` among daemon arguments (the last one wins). */
function mtuFlag(items: CmdItem[]): { item: CmdItem; valueItem: CmdItem; value: number } | undefined {
  let found: { item: CmdItem; valueItem: CmdItem; value: number } | undefined;
  for (let i = 0; i < items.length; i++) {
    const t = items[i].text;
    const m = /^--mtu=(\d+)$/.exec(t);
    if (m) found = { item: items[i], valueItem: items[i], value: +m[1] };
    else if (t === '--mtu' && /^\d+$/.test(items[i + 1]?.text ?? '')) { found = { item: items[i], valueItem: items[i + 1], value: +items[i + 1].text }; i++; }
    else if (t.startsWith('--mtu')) found = undefined; // `--mtu=$MTU`: unknown
  }
  return found;
}

export const rule = ciRule({
  id: 'dind-mtu-above-network',
  severity: 'warning',
  summary: "dind's --mtu is larger than the MTU of the network the service runs on",
  check(ctx) {
    const seen = new Set<string>();
    for (const job of ctx.jobs) {
      for (const svc of dindServices(job)) {
        const start = dindStart(svc);
        const items = start.kind === 'entrypoint' ? start.flags : start.kind === 'bypass' ? start.items : [];
        const f = mtuFlag(items);
        if (!f) continue;
        const outer = outerMtu(job, ctx.runners);
        if (!outer || f.value <= outer.mtu) continue;
        const at = { file: f.item.node.file, start: f.item.node.start, end: f.valueItem.node.end };
        const key = `${at.file}:${at.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const fixes: ReportFix[] = [];
        const text = ctx.textOf(f.valueItem.node.file);
        if (text !== undefined && f.valueItem.node.kind === 'scalar') {
          const ed = new YamlEditor(f.valueItem.node.file, text);
          const value = f.valueItem === f.item ? `--mtu=${outer.mtu}` : String(outer.mtu);
          fixes.push({ title: `Lower dind's MTU to ${outer.mtu}`, preferred: true, kind: 'safe', edits: [ed.replaceScalar(f.valueItem.node as YScalar, value)] });
        }
        ctx.report({
          at, fixes,
          message: `dind uses --mtu=${f.value} above the network's ${outer.mtu}: large packets are dropped, pulls hang. dind starts with --mtu=${f.value}, but ${outer.why}: packets between ${outer.mtu} and ${f.value} bytes from the build containers inside dind are dropped on the way out, usually without an ICMP reply, so TLS handshakes and \`docker build\` downloads (apk, apt, npm, pip, NuGet) hang. Use an MTU no larger than the outer one, e.g. --mtu=${outer.mtu}.`,
          related: outer.at ? [{ at: outer.at, message: 'outer network MTU' }] : svc.nameNode ? [{ at: valueSpan(svc.nameNode), message: 'dind service' }] : undefined,
        });
      }
    }
  },
});
