/**
 * Reading gitlab-runner chart values outside `runners.config`: the values map (the root, or a sub-chart's section in
 * umbrella charts), scalar keys that may hold Go templates, and the runner the embedded `runners.config` defines.
 */
import { entry, type YEntry, type YScalar, type YValue } from '../formats/yaml';
import type { HelmValues } from '../formats/helm';
import { readRunnerConfig, type Runner } from './runner';

/** A value that is a YAML scalar with a known, non-templated value. */
export function knownScalar(v: YValue | undefined): YScalar | undefined {
  if (v?.kind !== 'scalar' || v.value === null) return undefined;
  return /\{\{/.test(v.text) ? undefined : v;
}

/** `key` of the chart values (the map that holds `runners:`). */
export function valuesEntry(helm: HelmValues, key: string): YEntry | undefined { return entry(helm.valuesRoot, key); }

/** A non-empty string (or number) written in the values, not templated. */
export function knownText(v: YValue | undefined): string | undefined {
  const s = knownScalar(v);
  if (!s) return undefined;
  const t = String(s.value);
  return t.trim() === '' ? undefined : t;
}

/** The single `[[runners]]` of the embedded config, when there is exactly one. */
export function helmRunner(helm: HelmValues): Runner | undefined {
  if (!helm.runnerConfig) return undefined;
  const rs = readRunnerConfig(helm.runnerConfig, true).runners;
  return rs.length === 1 ? rs[0] : undefined;
}
