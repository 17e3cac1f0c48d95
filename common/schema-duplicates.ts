/**
 * One message per schema problem. Red Hat's YAML extension (`redhat.vscode-yaml`) validates `.gitlab-ci.yml` against
 * GitLab's CI schema too — from SchemaStore by default, or through a `yaml.schemas` mapping — so with both
 * extensions a user would see every CI schema error twice. `dindDoctor.schemaValidation` decides:
 * - `"auto"` (default): leave CI schema errors to Red Hat YAML when it validates CI files, keep dind-doctor's otherwise;
 * - `"always"`: dind-doctor reports them whatever else is installed; `"never"`: dind-doctor reports none.
 * Runner configs (`config.toml`, Helm `runners.config`) are validated by dind-doctor in every mode but `"never"`:
 * no other extension knows the runner's schema.
 */
import picomatch from 'picomatch';

export type SchemaValidationSetting = 'auto' | 'always' | 'never';

/** What the client sees of Red Hat YAML: whether it is enabled, and its settings (`yaml.*`). */
export interface YamlExtensionFacts {
  /** `redhat.vscode-yaml` is installed and enabled (VS Code returns only enabled extensions). */
  installed: boolean;
  /** `yaml.validate` (default true). */
  validate?: unknown;
  /** `yaml.schemaStore.enable` (default true): SchemaStore maps `.gitlab-ci.yml` to GitLab's schema. */
  schemaStoreEnable?: unknown;
  /** `yaml.schemas`: schema URL or path → glob(s) of the files it validates. */
  schemas?: unknown;
}

export interface SchemaDecision {
  /** Whether dind-doctor validates CI files against GitLab's schema. */
  ci: boolean;
  /** Whether dind-doctor validates runner configs against the runner's schema. */
  runner: boolean;
  /** Why, in one sentence for the output channel. */
  reason: string;
}

export const YAML_EXTENSION_ID = 'redhat.vscode-yaml';

/** The setting as written (a boolean from older versions: true = "always", false = "never"); anything else is "auto". */
export function readSchemaSetting(v: unknown): SchemaValidationSetting {
  if (v === 'always' || v === true) return 'always';
  if (v === 'never' || v === false) return 'never';
  return 'auto';
}

/** A schema key that names GitLab's CI schema (SchemaStore's copy, GitLab's `ci.json`, or a local copy of it). */
const GITLAB_CI_SCHEMA = /gitlab-ci|gitlab\.com\/.*\/ci\.json|\/editor\/schema\/ci\.json/i;
/** Names of the files GitLab reads as CI configuration by default. */
const CI_NAMES = ['.gitlab-ci.yml', 'ci/.gitlab-ci.yml', 'build.gitlab-ci.yml'];

/** The `yaml.schemas` entry that maps GitLab's CI schema onto CI files, if any. */
export function gitlabSchemaMapping(schemas: unknown): string | undefined {
  if (!schemas || typeof schemas !== 'object' || Array.isArray(schemas)) return undefined;
  for (const [schema, globs] of Object.entries(schemas as Record<string, unknown>)) {
    if (!GITLAB_CI_SCHEMA.test(schema)) continue;
    const list = (Array.isArray(globs) ? globs : [globs]).filter((g): g is string => typeof g === 'string' && g !== '');
    if (list.some((g) => CI_NAMES.some((n) => picomatch.isMatch(n, g.replace(/^\//, ''), { dot: true, basename: !g.includes('/') })))) return schema;
  }
  return undefined;
}

/** Who reports CI schema errors, from the setting and what Red Hat YAML would do. */
export function decideSchemaValidation(setting: SchemaValidationSetting, yaml: YamlExtensionFacts): SchemaDecision {
  if (setting === 'never') return { ci: false, runner: false, reason: 'dindDoctor.schemaValidation is "never": dind-doctor reports no schema errors' };
  if (setting === 'always') return { ci: true, runner: true, reason: 'dindDoctor.schemaValidation is "always": dind-doctor reports CI schema errors even if another extension does too' };
  if (!yaml.installed) return { ci: true, runner: true, reason: `no other extension validates CI files (${YAML_EXTENSION_ID} is not enabled): dind-doctor reports CI schema errors` };
  if (yaml.validate === false) return { ci: true, runner: true, reason: `${YAML_EXTENSION_ID} is enabled but yaml.validate is false: dind-doctor reports CI schema errors` };
  const mapping = gitlabSchemaMapping(yaml.schemas);
  if (mapping) return { ci: false, runner: true, reason: `${YAML_EXTENSION_ID} validates CI files against GitLab's schema (yaml.schemas maps "${mapping}"): dind-doctor leaves CI schema errors to it and still checks runner configs; set dindDoctor.schemaValidation to "always" to get both` };
  if (yaml.schemaStoreEnable !== false) return { ci: false, runner: true, reason: `${YAML_EXTENSION_ID} validates .gitlab-ci.yml against GitLab's schema from SchemaStore (yaml.schemaStore.enable): dind-doctor leaves CI schema errors to it and still checks runner configs; set dindDoctor.schemaValidation to "always" to get both` };
  return { ci: true, runner: true, reason: `${YAML_EXTENSION_ID} is enabled but neither SchemaStore nor yaml.schemas gives it GitLab's CI schema: dind-doctor reports CI schema errors` };
}

/**
 * The `dindDoctor` settings section as the language server should see it: `schemaValidation` becomes a boolean
 * (runner configs), and `ciSchemaValidation: false` is added when CI schema errors are left to another extension.
 */
export function withSchemaDecision(section: unknown, decision: SchemaDecision): unknown {
  if (!section || typeof section !== 'object' || Array.isArray(section)) return section;
  const out: Record<string, unknown> = { ...(section as Record<string, unknown>), schemaValidation: decision.runner || decision.ci };
  if (!decision.ci) out.ciSchemaValidation = false;
  return out;
}
