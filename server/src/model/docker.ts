/**
 * Docker image references and the facts dind-doctor derives from them: GitLab Runner's default service aliases
 * (https://docs.gitlab.com/ci/services/#accessing-the-services), whether an image is the official docker image (or a mirror of it), whether a service runs the
 * daemon, and its version.
 */

// github.com/distribution/reference grammar, as the runner uses it.
const alnum = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alnum}(?:${separator}${alnum})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const host = `(?:${domainName}|\\[[a-fA-F0-9:]+\\])`;
const domain = `${host}(?::[0-9]+)?`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}';
const REFERENCE = new RegExp(`^((?:${domain}/)?${pathComponent}(?:/${pathComponent})*)(?::(${tag}))?(?:@(${digest}))?$`);

export interface ImageRef {
  /** As written. */
  raw: string;
  /** Everything but `:tag` and `@digest`. */
  name: string;
  tag?: string;
  digest?: string;
  /** The last path component (`docker` for `registry.x/y/docker:29-dind`). */
  base: string;
  /** The name contains `$`: registry/namespace (and maybe more) are only known at job start. */
  hasVariables: boolean;
  /** Whether the name is a valid reference (a runner gives no default alias to invalid ones). */
  valid: boolean;
}

export function parseImageRef(raw: string): ImageRef {
  const s = raw.trim();
  const hasVariables = s.includes('$');
  const m = REFERENCE.exec(s);
  if (m) {
    const name = m[1];
    return { raw: s, name, tag: m[2], digest: m[3], base: name.slice(name.lastIndexOf('/') + 1), hasVariables, valid: true };
  }
  // Not a valid reference (often because of variables): split by hand for the parts we can still know.
  const at = s.indexOf('@');
  const noDigest = at >= 0 ? s.slice(0, at) : s;
  const digestPart = at >= 0 ? s.slice(at + 1) : undefined;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? noDigest.slice(0, colon) : noDigest;
  return { raw: s, name, tag: hasTag ? noDigest.slice(colon + 1) : undefined, digest: digestPart, base: name.slice(name.lastIndexOf('/') + 1), hasVariables, valid: false };
}

/** The official docker image or a mirror of it (`docker`, `library/docker`, `…/docker`). */
export function isDockerLibraryImage(ref: ImageRef): boolean {
  return ref.base === 'docker' && !ref.base.includes('$');
}

const UNVERSIONED = new Set(['latest', 'dind', 'cli', 'dind-rootless', 'git', 'stable', 'test', 'edge', 'stable-dind', 'windowsservercore', 'nanoserver']);

export interface Version { major: number; minor: number; patch: number }

/** The docker version a tag names (`24.0.5-dind` → 24.0.5); undefined for `latest`, `dind`, variables… */
export function dockerVersion(ref: ImageRef): Version | undefined {
  const t = ref.tag;
  if (!t || t.includes('$')) return undefined;
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(t);
  if (!m) return undefined;
  return { major: +m[1], minor: m[2] ? +m[2] : 0, patch: m[3] ? +m[3] : 0 };
}

export function versionLess(v: Version, major: number, minor = 0): boolean {
  return v.major < major || (v.major === major && v.minor < minor);
}

/** The tag has no version (or no tag): it moves. Digests pin; a tag made of variables is unknown (false). */
export function isUnversionedTag(ref: ImageRef): boolean {
  if (ref.digest) return false;
  if (!ref.tag) return !ref.hasVariables;
  if (ref.tag.includes('$')) return false;
  return UNVERSIONED.has(ref.tag);
}

/** Does this service image run the Docker daemon? */
export function isDindImage(ref: ImageRef): boolean {
  if (isDockerLibraryImage(ref)) {
    const t = ref.tag;
    if (!t) return true; // docker == docker:latest == dind since 22.06
    if (t.includes('dind')) return true;
    if (t.includes('$')) return false; // unknown variant
    if (t === 'latest') return true;
    if (t === 'cli' || t.endsWith('-cli') || t.startsWith('stable') || t === 'git' || t === 'edge' || t === 'test') return false;
    const v = dockerVersion(ref);
    if (v && /^\d+(\.\d+){0,2}$/.test(t)) {
      // bare versions are aliases of the dind variant only from 22.06 on (bare major from 23)
      if (!t.includes('.')) return v.major >= 23;
      return !versionLess(v, 22, 6);
    }
    return false;
  }
  return /dind/.test(ref.name) && !ref.name.includes('$');
}

export function isRootlessDind(ref: ImageRef): boolean { return (ref.tag ?? '').includes('dind-rootless'); }

/**
 * GitLab Runner's default aliases for a service name (https://docs.gitlab.com/ci/services/#accessing-the-services): the name without tag/digest and registry
 * port, with `/` replaced by `__` and by `-`. Undefined when the name holds variables in its path (unknown until
 * the job starts). Invalid references get none.
 */
export function defaultAliases(ref: ImageRef): string[] | undefined {
  if (ref.name.includes('$')) return undefined;
  if (!ref.valid) return ref.tag?.includes('$') ? aliasesOf(ref.name) : [];
  return aliasesOf(ref.name);
}

function aliasesOf(nameWithoutTag: string): string[] {
  const m = /^(.*?)(|:[0-9]+)(|\/.*)$/.exec(nameWithoutTag)!;
  const service = m[1] + m[3];
  const a1 = service.replace(/\//g, '__');
  const a2 = service.replace(/\//g, '-');
  return a1 === a2 ? [a1] : [a1, a2];
}

const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export function isDns1123(name: string): boolean { return name.length <= 253 && DNS1123.test(name); }

/** A DNS-1123 spelling of a name: lower case, `_` and other characters → `-`, no leading/trailing `-` in a label. */
export function dns1123Name(a: string): string {
  return a.toLowerCase().replace(/[^a-z0-9.-]/g, '-').split('.').map((p) => p.replace(/^-+|-+$/g, '')).filter(Boolean).join('.').slice(0, 253);
}

/** Splits an explicit `alias:` the runner's way (commas and white space). */
export function splitAliases(alias: string): string[] { return alias.replace(/,/g, ' ').split(/\s+/).filter(Boolean); }

export interface DockerHost { scheme: string; host?: string; port?: number; path?: string; raw: string }

/** Parses a DOCKER_HOST value; undefined when it holds variables or is not a URL. */
export function parseDockerHost(v: string): DockerHost | undefined {
  if (v.includes('$')) return undefined;
  const m = /^(tcp|unix|ssh|npipe|http|https):\/\/(.*)$/.exec(v.trim());
  if (!m) return undefined;
  const scheme = m[1];
  if (scheme === 'unix' || scheme === 'npipe') return { scheme, path: m[2], raw: v };
  const rest = m[2].replace(/\/.*$/, '');
  const hm = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(rest.replace(/^[^@]*@/, ''));
  if (!hm) return undefined;
  return { scheme, host: hm[1], port: hm[2] ? +hm[2] : undefined, raw: v };
}

export function isLocalHost(h: string): boolean { return h === 'localhost' || h === '127.0.0.1' || h === '::1' || h === '[::1]'; }
export function isIpLiteral(h: string): boolean { return /^\d+\.\d+\.\d+\.\d+$/.test(h) || h.startsWith('['); }

/** Kaniko executor images (the archived upstream and the maintained forks). */
export function isKanikoImage(ref: ImageRef): boolean {
  return /(^|\/)kaniko-project\/executor$/.test(ref.name) || /(^|\/)osscontainertools\/kaniko$/.test(ref.name) || /(^|\/)martizih\/kaniko$/.test(ref.name) || /(^|\/)kaniko$/.test(ref.name) || /\/kaniko\/executor$/.test(ref.name);
}
export function isBuildkitImage(ref: ImageRef): boolean { return /(^|\/)moby\/buildkit$/.test(ref.name) || /(^|\/)buildkit$/.test(ref.name); }
export function isBuildahImage(ref: ImageRef): boolean { return /(^|\/)buildah(\/|$)/.test(ref.name) || /quay\.io\/(buildah|podman)\//.test(ref.name); }
export function isPodmanImage(ref: ImageRef): boolean { return /(^|\/)podman(\/|$)/.test(ref.name); }
