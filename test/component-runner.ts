/**
 * Runs the GitLab CI/CD component in templates/ locally, as a runner would, without GitLab: its `spec: inputs:` are
 * checked and interpolated the way GitLab does (`$[[ inputs.name ]]` in keys and values; a value that is only an
 * interpolation takes the input's type), the job's variables are exported, and its `script` lines run in `sh -e` in
 * a project folder, with a `bin` folder first on PATH (where the tests put their `npm` and `dind-doctor`).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const COMPONENT = join(__dirname, '..', 'templates', 'dind-doctor.yml');

export interface InputSpec { default?: unknown; options?: unknown[]; type?: 'string' | 'number' | 'boolean' | 'array'; description?: string }
export interface Component { inputs: Record<string, InputSpec>; body: Record<string, unknown>; docs: unknown[] }

export function loadComponent(file = COMPONENT): Component {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  if (!Array.isArray(docs) || docs.length !== 2) throw new Error(`${file}: expected a spec header and a body, separated by ---`);
  for (const d of docs) if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
  const [header, body] = docs.map((d) => d.toJS()) as [{ spec: { inputs: Record<string, InputSpec> } }, Record<string, unknown>];
  return { inputs: header.spec.inputs, body, docs: [header, body] };
}

/** The value of every input: the given ones, checked against the spec, else the defaults. */
export function resolveInputs(spec: Record<string, InputSpec>, given: Record<string, unknown>): Record<string, unknown> {
  for (const name of Object.keys(given)) if (!(name in spec)) throw new Error(`unknown input '${name}'`);
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(spec)) {
    const v = name in given ? given[name] : s.default;
    if (v === undefined) throw new Error(`input '${name}' is required`);
    const type = s.type ?? 'string';
    if (type === 'array' ? !Array.isArray(v) : typeof v !== type) throw new Error(`input '${name}' must be a ${type}`);
    if (s.options && !s.options.includes(v)) throw new Error(`input '${name}' must be one of ${s.options.join(', ')}`);
    out[name] = v;
  }
  return out;
}

const INTERPOLATION = /\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*\]\]/g;

/** `$[[ inputs.x ]]` replaced in keys and values; a string that is one interpolation becomes the typed value. */
export function interpolate(value: unknown, inputs: Record<string, unknown>): unknown {
  const lookup = (name: string) => {
    if (!(name in inputs)) throw new Error(`unknown interpolation inputs.${name}`);
    return inputs[name];
  };
  if (typeof value === 'string') {
    const whole = /^\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*\]\]$/.exec(value);
    if (whole) return lookup(whole[1]);
    return value.replace(INTERPOLATION, (_, name: string) => String(lookup(name)));
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, inputs));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [interpolate(k, inputs) as string, interpolate(v, inputs)]));
  }
  return value;
}

export interface Job {
  stage: string;
  image: string;
  variables: Record<string, string | number>;
  script: string[];
  artifacts: { paths: string[]; reports: { codequality: string } };
}

export function componentJob(given: Record<string, unknown>, file = COMPONENT): Job {
  const c = loadComponent(file);
  const body = interpolate(c.body, resolveInputs(c.inputs, given)) as Record<string, Job>;
  const text = JSON.stringify(body);
  if (text.includes('$[[')) throw new Error(`an interpolation was left: ${text}`);
  return body['dind-doctor'];
}

export interface RunResult { status: number | null; stdout: string; stderr: string }

/** The job's script in `sh -e` (as a runner's shell would run it) in `projectDir`, `binDir` first on PATH. */
export function runJob(job: Job, projectDir: string, binDir: string, env: Record<string, string> = {}): RunResult {
  const vars = Object.fromEntries(Object.entries(job.variables).map(([k, v]) => [k, String(v)]));
  const r = spawnSync('sh', ['-e', '-c', job.script.join('\n')], {
    cwd: projectDir,
    encoding: 'utf8',
    env: { ...process.env, ...env, ...vars, CI: 'true', CI_PROJECT_DIR: projectDir, PATH: `${binDir}:${process.env.PATH}` },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
