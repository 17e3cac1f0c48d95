import { ciRule, clip } from '../engine/rule';
import { wordSpan } from '../model/images';
import { dindServices } from '../model/facts';
import { expandVars } from '../model/registry';
import { isKanikoExecutorWord } from '../model/images';
import { jobCommands, valueSpan, type Job, type JobCommand } from '../model/pipeline';
import { progName, type Word } from '../model/shell';

const CA_ENV = new Set(['SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS', 'GIT_SSL_CAINFO', 'AWS_CA_BUNDLE', 'PIP_CERT']);
const VAR_FORM = /^\/*\$\{?DOCKER_TLS_CERTDIR\}?\/+client\/+ca\.pem$|^\$\{?DOCKER_CERT_PATH\}?\/+ca\.pem$/;

/** The path is dind's generated client CA (`$DOCKER_TLS_CERTDIR/client/ca.pem`, `/certs/client/ca.pem`, …). */
function isDindCa(job: Job, path: string): { byVariable: boolean } | undefined {
  if (VAR_FORM.test(path)) return { byVariable: true };
  const certDir = job.variables.get('DOCKER_TLS_CERTDIR')?.value;
  const dirs = new Set(['/certs', ...(certDir && !certDir.includes('$') ? [certDir.replace(/\/+$/, '')] : [])]);
  const norm = expandVars(job, path).replace(/\/+/g, '/');
  for (const d of dirs) if (norm === `${d}/client/ca.pem` || norm === `${d.replace(/^\//, '')}/client/ca.pem`) return { byVariable: false };
  return undefined;
}

interface Use { word: Word; path: string; tool: string }

/** Places where a command uses a file as a CA (or installs it as one). */
function caUses(c: JobCommand): Use[] {
  const out: Use[] = [];
  const w = c.words;
  const base = progName(w[0]?.text);
  const opt = (names: string[], tool: string) => {
    // kaniko's --registry-certificate takes `host=path`
    const value = (v: string) => (tool.startsWith('kaniko') ? v.replace(/^[^=]*=/, '') : v);
    for (let i = 1; i < w.length; i++) {
      for (const n of names) {
        if (w[i].text === n && w[i + 1]) out.push({ word: w[i + 1], path: value(w[i + 1].text), tool });
        else if (w[i].text.startsWith(n + '=')) out.push({ word: w[i], path: value(w[i].text.slice(n.length + 1)), tool });
      }
    }
  };
  if (base === 'curl') opt(['--cacert'], 'curl --cacert');
  else if (base === 'wget') opt(['--ca-certificate'], 'wget --ca-certificate');
  else if (base === 'helm') opt(['--ca-file'], 'helm --ca-file');
  else if (base === 'git') for (const x of w) { const m = /^http\.sslCAInfo=(.+)$/i.exec(x.text); if (m) out.push({ word: x, path: m[1], tool: 'git http.sslCAInfo' }); }
  else if (isKanikoExecutorWord(w[0]?.text)) opt(['--registry-certificate'], 'kaniko --registry-certificate');
  else if (['cp', 'cat', 'install', 'ln', 'mv', 'tee'].includes(base)) {
    const dest = w.slice(1).some((x) => /ca-certificates|certs\.d|\/ssl\/|\/pki\//.test(x.text));
    if (dest) for (const x of w.slice(1)) if (!x.text.startsWith('-')) out.push({ word: x, path: x.text, tool: `${base} into the system CA store` });
  } else if (base === 'export') for (const x of w.slice(1)) { const m = /^([A-Z_]+)=(.+)$/.exec(x.text); if (m && CA_ENV.has(m[1])) out.push({ word: x, path: m[2], tool: m[1] }); }
  for (const a of c.assignments) { const m = /^([A-Z_]+)=(.+)$/.exec(a.text); if (m && CA_ENV.has(m[1])) out.push({ word: a, path: m[2], tool: m[1] }); }
  return out;
}

const headline = (path: string) => `'${clip(path)}' is dind's own throw-away CA: TLS to your registry fails.`;
const message = (path: string, tool: string) => `The dind service generates '${path}' at every start (\`CN=docker:dind CA\`); it signs only dind's own server certificate, not your registry's, so using it for ${tool} fails with \`x509: certificate signed by unknown authority\` / \`SSL certificate problem: unable to get local issuer certificate\` — or seems to work only because another certificate was mounted over the cert directory, which keeps dind from starting. Provide the registry's CA separately (a CI/CD file variable, a ConfigMap or secret) at a different path.`;

export const rule = ciRule({
  id: 'dind-ca-used-as-registry-ca',
  severity: 'warning',
  summary: "dind's generated client CA (/certs/client/ca.pem) used as the CA of a registry or other server",
  check(ctx) {
    const done = new Set<string>();
    for (const job of ctx.jobs) {
      const hasDind = dindServices(job).length > 0;
      for (const c of jobCommands(job)) {
        for (const u of caUses(c)) {
          const hit = isDindCa(job, u.path);
          if (!hit || (!hit.byVariable && !hasDind)) continue;
          const text = ctx.textOf(c.line.node.file);
          if (text === undefined) continue;
          const at = wordSpan(text, c.line, u.word.start, u.word.end, u.path);
          if (!at || done.has(`${at.file}:${at.start}`)) continue;
          done.add(`${at.file}:${at.start}`);
          ctx.report({ at, headline: headline(u.path), message: message(u.path, u.tool) });
        }
      }
      for (const name of CA_ENV) {
        const v = job.variables.get(name);
        if (!v?.value) continue;
        const hit = isDindCa(job, v.value);
        if (!hit || (!hit.byVariable && !hasDind)) continue;
        const at = valueSpan(v.valueNode);
        if (done.has(`${at.file}:${at.start}`)) continue;
        done.add(`${at.file}:${at.start}`);
        ctx.report({ at, headline: headline(v.value), message: message(v.value, name) });
      }
    }
  },
});
