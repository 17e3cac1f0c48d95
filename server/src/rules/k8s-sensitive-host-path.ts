import { runnerRule, type ReportFix, clip } from '../engine/rule';
import type { Severity } from '../engine/types';
import { tentry } from '../formats/toml';
import { isKnown, normPath } from '../model/dind-runner';
import { isDockerSocketPath, k8sVolumes } from '../model/runner';
import { removeVolumeTable, setKey } from '../edits/runner';

/** `gets`: what every job gets, for the headline (at most 24 characters). */
interface Sensitive { why: string; gets: string; severity: Severity; onlyWritable?: boolean; readOnlyFix?: boolean }

const SOCKET = (what: string): Sensitive => ({ severity: 'warning', gets: 'root on the node', why: `the node's ${what} socket: every job can start privileged containers on the node, i.e. root on the node` });
const NODE_FILES = (what: string): Sensitive => ({ severity: 'warning', gets: 'node credentials', why: `the node's ${what}: jobs read (or write) node configuration and credentials such as the kubelet's` });

/** Sensitive node paths by host path (`/var/run/…` and `/run/…` are the same directory on current nodes). */
const SENSITIVE: Record<string, Sensitive> = {
  '/run/containerd/containerd.sock': SOCKET('containerd'),
  '/run/crio/crio.sock': SOCKET('CRI-O'),
  '/sys/fs/cgroup': { severity: 'warning', onlyWritable: true, readOnlyFix: true, gets: 'control of node cgroups', why: "the node's cgroup tree, writable: jobs can change resource limits of the node and of other pods (dind mounts its own cgroups when privileged and needs no host mount)" },
  '/': NODE_FILES('whole root file system'),
  '/proc': { severity: 'warning', gets: 'every node process', why: "the node's /proc: jobs see every process of the node and can reach their file systems and kernel settings" },
  '/etc': NODE_FILES('/etc'),
  '/var/lib/kubelet': { severity: 'warning', gets: "other pods' tokens", why: "the kubelet's directory: jobs read other pods' volumes and service-account tokens" },
  '/lib/modules': { severity: 'warning', readOnlyFix: true, gets: 'a way into the kernel', why: "the node's kernel modules, writable: a job can plant modules the node later loads (dind needs no host modules)" },
};
const MODULES_RO: Sensitive = { severity: 'info', gets: 'a way into the kernel', why: "the node's kernel modules (read-only): with a privileged container, `modprobe` in a job loads them into the node's kernel; dind starts without this mount" };

function canonical(p: string): string {
  const n = normPath(p)!;
  return n.startsWith('/var/run/') ? n.slice(4) : n;
}

export const rule = runnerRule({
  id: 'k8s-sensitive-host-path',
  severity: 'warning',
  summary: 'A Kubernetes host_path volume exposes a sensitive part of the node to every job',
  check(ctx) {
    for (const r of ctx.config.runners) {
      if (r.executor !== 'kubernetes') continue;
      for (const v of k8sVolumes(r)) {
        if (v.type !== 'host_path') continue;
        const hostEntry = tentry(v.table, 'host_path');
        // the runner uses mount_path as host path when host_path is not set
        const host = hostEntry ? v.hostPath : v.mountPath;
        if (!isKnown(host) || host.includes('$')) continue;
        if (isDockerSocketPath(host)) continue; // k8s-socket-binding-no-docker-node
        const path = canonical(host);
        let s: Sensitive | undefined = SENSITIVE[path];
        if (path === '/lib/modules' && v.readOnly) s = MODULES_RO;
        if (!s || (s.onlyWritable && v.readOnly)) continue;
        const at = hostEntry ?? v.mountPathEntry;
        if (!at) continue;
        const name = v.name ? ` '${v.name}'` : '';
        const fixes: ReportFix[] = [];
        const rm = removeVolumeTable(r, v);
        if (rm) fixes.push({ title: `Remove the host_path volume${name}`, preferred: true, edits: [rm] });
        if (s.readOnlyFix && !v.readOnly && v.table.style === 'header') {
          const e = setKey(r.doc, v.table, 'read_only', 'true');
          if (e) fixes.push({ title: `Mount ${path} read-only`, edits: [e] });
        }
        ctx.report({
          at: { file: r.file, start: at.value.start, end: at.value.end },
          severity: s.severity,
          headline: `host_path ${clip(path, 32)} exposes the node: every job gets ${s.gets}.`,
          message: `The host_path volume${name} mounts ${s.why}. Runner volumes are mounted into the build, helper and all service containers of every job, so this exposes the node to any project that runs jobs here. Remove it: dind needs only privileged mode, an empty_dir for /certs/client and optionally one for /var/lib/docker.`,
          fixes,
        });
      }
    }
  },
});
