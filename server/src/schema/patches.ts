/**
 * Load-time patches to GitLab's CI schema (`schemas/gitlab-ci.json`, kept byte-identical to GitLab's file). Each one
 * removes or corrects a constraint that is stricter than GitLab's own backend (its config entry classes,
 * `lib/gitlab/ci/config/entry/**` and `lib/gitlab/config/entry/**` in https://gitlab.com/gitlab-org/gitlab), so
 * that no pipeline GitLab runs gets a schema error. The first three follow gitlab-ci-local (the cache key one
 * corrected to GitLab's own rule); the rest are dind-doctor's, each with the GitLab source file and line that accepts what the schema rejected. Where the
 * source leaves doubt, the constraint stays but is marked `x-severity: warning` with an `x-message` saying GitLab
 * may accept the value. `docs/schema-audit.md` is the full audit and `schemas/README.md` lists the patches; keep
 * all three in step.
 */

type Json = Record<string, any>;

export interface SchemaPatch {
  id: string;
  /** What is removed and why. */
  description: string;
  apply(schema: Json): void;
}

/** Throws when the schema no longer has the shape a patch expects, so that an upgrade of ci.json is noticed. */
function at(schema: Json, path: (string | number)[]): Json {
  let cur: any = schema;
  for (const seg of path) {
    cur = cur?.[seg];
    if (cur === undefined) throw new Error(`gitlab-ci.json: patch target ${path.join('/')} not found`);
  }
  return cur as Json;
}

function findObject(list: Json[], pred: (o: Json) => boolean, what: string): Json {
  const hit = list.find(pred);
  if (!hit) throw new Error(`gitlab-ci.json: patch target ${what} not found`);
  return hit;
}

/** Every sub-schema (depth first), for patches that apply wherever a construct appears. */
function walk(node: unknown, visit: (o: Json) => void): void {
  if (Array.isArray(node)) { for (const n of node) walk(n, visit); return; }
  if (node && typeof node === 'object') {
    visit(node as Json);
    for (const v of Object.values(node as Json)) walk(v, visit);
  }
}

export const CI_SCHEMA_PATCHES: SchemaPatch[] = [
  {
    id: 'include-shorthand-pattern',
    description: 'definitions.include_item.oneOf[0] (the string shorthand `include: path.yml`): drop `pattern: "\\w\\.ya?ml$"` and its anyOf, which reject globs such as `/ci/*.yml` that GitLab accepts.',
    apply(s) {
      const str = findObject(at(s, ['definitions', 'include_item', 'oneOf']) as unknown as Json[], (o) => o.type === 'string', 'include_item string form');
      delete str.pattern;
      delete str.anyOf;
    },
  },
  {
    id: 'cache-key-pattern',
    description: 'definitions.cache_item.properties.key.oneOf[string]: `pattern: "^[^/]*[^./][^/]*$"` becomes GitLab\'s own check: no `/` (nor its URL encoding `%2F`), and not `.` or `..` (lib/gitlab/config/entry/validators.rb `KeyValidator#validate_path`: `CGI.unescape(value)`, `include?(\'/\')`, `path == \'.\' || path == \'..\'`; used by lib/gitlab/ci/config/entry/key.rb `validates :config, key: true`). The schema also rejected `...` and an empty key, which GitLab accepts. (gitlab-ci-local drops the pattern altogether, which lets through `$CI_COMMIT_REF_SLUG/deps`: GitLab rejects that key.)',
    apply(s) {
      const str = findObject(at(s, ['definitions', 'cache_item', 'properties', 'key', 'oneOf']) as unknown as Json[], (o) => o.type === 'string', 'cache key string form');
      if (typeof str.pattern !== 'string') throw new Error('gitlab-ci.json: patch target cache key pattern not found');
      str.pattern = '^(?!\\.\\.?$)(?!.*%2[Ff])[^/]*$';
    },
  },
  {
    id: 'environment-url-pattern',
    description: 'definitions.job_template.properties.environment (map form) `url`: drop `pattern: "^(https?://.+|\\$[A-Za-z]+)"` (rejects `$CI_ENVIRONMENT_URL`-style variables with `_` and `${VAR}` forms) and, for the same values, `format: "uri"`.',
    apply(s) {
      const env = at(s, ['definitions', 'job_template', 'properties', 'environment', 'oneOf']) as unknown as Json[];
      const map = findObject(env, (o) => o.type === 'object', 'environment map form');
      const url = at(map, ['properties', 'url']);
      delete url.pattern;
      delete url.format;
    },
  },
  {
    id: 'include-uri-reference-format',
    description: '(dind-doctor) every `format: "uri-reference"` (all of them are include paths: `include:` and `trigger:include:`): dropped, because GitLab expands variables in include paths and `${VAR}` or glob characters are not URI references.',
    apply(s) {
      let n = 0;
      walk(s, (o) => { if (o.format === 'uri-reference') { delete o.format; n++; } });
      if (n === 0) throw new Error('gitlab-ci.json: no uri-reference format found to patch');
    },
  },
  {
    id: 'tags-min-items',
    description: '(dind-doctor) definitions.tags: drop `minItems: 1`. GitLab accepts `tags: []` (it clears tags inherited from `default:`), and the official Code-Quality template uses it.',
    apply(s) {
      delete at(s, ['definitions', 'tags']).minItems;
    },
  },
  {
    id: 'variable-values',
    description: '(dind-doctor) `variables:` values. An empty value (`NAME:`) is accepted as an empty string: each variable is built with `.value(config || {})` (lib/gitlab/config/entry/composable_hash.rb:28), and `{}` is a valid ComplexVariable. The map form\'s `value` may be an integer (lib/gitlab/ci/config/entry/variable.rb: `validates :config_value, alphanumeric: true` — a string, symbol or integer), and `options` may be empty or repeat a value (`array_of_strings`, allow_nil).',
    apply(s) {
      for (const def of ['globalVariables', 'jobVariables']) {
        const pattern = at(s, ['definitions', def, 'patternProperties', '.*']);
        const map = objectForm(pattern.oneOf, `${def} map form`);
        map.properties.value = { type: ['string', 'integer'] };
        if (map.properties.options) { delete map.properties.options.minItems; delete map.properties.options.uniqueItems; }
        pattern.oneOf.push({ type: 'null' });
      }
    },
  },
  {
    id: 'empty-lists',
    description: '(dind-doctor) lists GitLab validates only as arrays (of strings), so an empty list or a repeated item is accepted: `stages` (lib/gitlab/ci/config/entry/stages.rb `validates :config, array_of_strings: true` — no minItems, no uniqueness), `extends` (processable.rb:39 `array_of_strings_or_string`), `artifacts:paths`/`exclude` (artifacts.rb:36,43 `array_of_strings`), `artifacts:reports:junit` (reports.rb `array_of_strings_or_string`), image/service `entrypoint` (imageable.rb `array_of_strings`, allow_nil), service `command` (service.rb `validates :command, array_of_strings: true, allow_nil: true`), `allow_failure:exit_codes` (allow_failure.rb:20 `array_of_integers_or_integer`), `retry:exit_codes` (retry.rb:56, the same), `id_tokens:*:aud` (id_token.rb:18 `array_of_strings_or_string`), `pull_policy` repeats (pull_policy.rb: `allowed_array_values` with presence — an empty list stays rejected).',
    apply(s) {
      const stages = at(s, ['properties', 'stages']);
      delete stages.minItems; delete stages.uniqueItems;
      const ext = findObject(at(s, ['definitions', 'job_template', 'properties', 'extends', 'oneOf']) as unknown as Json[], (o) => o.type === 'array', 'extends list form');
      delete ext.minItems;
      const artifacts = at(s, ['definitions', 'artifacts', 'properties']);
      delete at(artifacts, ['paths']).minItems;
      delete at(artifacts, ['exclude']).minItems;
      const junit = findObject(at(artifacts, ['reports', 'properties', 'junit', 'oneOf']) as unknown as Json[], (o) => o.type === 'array', 'junit list form');
      delete junit.minItems;
      const image = objectForm(at(s, ['definitions', 'image', 'oneOf']) as unknown as Json[], 'image map form');
      const service = objectForm(at(s, ['definitions', 'services', 'items', 'oneOf']) as unknown as Json[], 'service map form');
      for (const form of [image, service]) {
        delete at(form, ['properties', 'entrypoint']).minItems;
        const list = findObject(at(form, ['properties', 'pull_policy', 'oneOf']) as unknown as Json[], (o) => o.type === 'array', 'pull_policy list form');
        delete list.uniqueItems;
      }
      // `command` shared GitLab's job `script` definition (minItems: 1, which is right for `script`)
      service.properties.command = { oneOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string' } }] };
      for (const form of at(s, ['definitions', 'allow_failure', 'oneOf']) as unknown as Json[]) {
        const codes = form.properties?.exit_codes;
        if (codes?.type === 'array') { delete codes.minItems; delete codes.uniqueItems; }
      }
      const aud = findObject(at(s, ['definitions', 'id_tokens', 'patternProperties', '.*', 'properties', 'aud', 'oneOf']) as unknown as Json[], (o) => o.type === 'array', 'id_tokens aud list form');
      delete aud.minItems; delete aud.uniqueItems;
      const retryMap = objectForm(at(s, ['definitions', 'retry', 'oneOf']) as unknown as Json[], 'retry map form');
      const retryCodes = findObject(at(retryMap, ['properties', 'exit_codes', 'oneOf']) as unknown as Json[], (o) => o.type === 'array', 'retry exit_codes list form');
      delete retryCodes.minItems; delete retryCodes.uniqueItems;
    },
  },
  {
    id: 'nested-script-lists',
    description: '(dind-doctor) `script`, `before_script`, `after_script` (and `hooks:pre_get_sources_script`) may nest lists up to 10 levels (YAML anchors of lists inside lists); GitLab flattens them: lib/gitlab/ci/config/entry/commands.rb `MAX_NESTING_LEVEL = 10`, `validates :config, string_or_nested_array_of_strings: { max_level: MAX_NESTING_LEVEL }`. The schema allowed one level.',
    apply(s) {
      const item = nestedStrings(10);
      findObject(at(s, ['definitions', 'script', 'oneOf']) as unknown as Json[], (o) => o.type === 'array', 'script list form').items = item;
      findObject(at(s, ['definitions', 'optional_script', 'oneOf']) as unknown as Json[], (o) => o.type === 'array', 'optional_script list form').items = item;
    },
  },
  {
    id: 'coverage-regex',
    description: '(dind-doctor) `coverage`: GitLab checks it with RE2 after its own `/…/flags` syntax (lib/gitlab/ci/config/entry/coverage.rb:14 `validates :config, regexp: true`; lib/gitlab/untrusted_regexp/ruby_syntax.rb:9 `PATTERN = %r{^/(?<regexp>.*)/(?<flags>[ismU]*)$}`). The schema checked `format: regex` (a JavaScript RegExp of the whole string, which rejects RE2 syntax such as `(?i)`) and `pattern: ^/.+/$` (which rejects flags): the pattern becomes GitLab\'s, the format is dropped.',
    apply(s) {
      const cov = at(s, ['definitions', 'job_template', 'properties', 'coverage']);
      delete cov.format;
      cov.pattern = '^/.*/[ismU]*$';
    },
  },
  {
    id: 'artifacts-keys',
    description: '(dind-doctor) `artifacts:public` (a boolean; lib/gitlab/ci/config/entry/artifacts.rb:17 ALLOWED_KEYS, :34 `validates :public, boolean: true`), and the report types GitLab validates but the schema does not list: `api_fuzzing`, `coverage_fuzzing`, `cluster_image_scanning`, `requirements_v2` (lib/gitlab/ci/config/entry/reports.rb ALLOWED_KEYS, `array_of_strings_or_string`). `performance` (the old name of `browser_performance`) is in the same list at the version read; whether current GitLab still accepts it is not certain, so it is a warning.',
    apply(s) {
      const artifacts = at(s, ['definitions', 'artifacts', 'properties']);
      artifacts.public = { type: 'boolean' };
      const reports = at(artifacts, ['reports', 'properties']);
      for (const k of ['api_fuzzing', 'coverage_fuzzing', 'cluster_image_scanning', 'requirements_v2']) reports[k] = { $ref: '#/definitions/string_file_list' };
      const performance: Json = { const: null }; // any value is reported, with the message below
      doubtful(performance, '`artifacts:reports:performance` is the old name of `browser_performance`. GitLab accepted it for years and may still accept it; use `browser_performance`.');
      reports.performance = performance;
    },
  },
  {
    id: 'include-variable-paths',
    description: '(dind-doctor) include paths (`local`, `file`, `template`, `remote`, also under `trigger:include`) must end in `.yml`/`.yaml` in the schema. GitLab checks the extension case-insensitively (`YAML_ALLOWLIST_EXTENSION = /.+\\.(yml|yaml)$/i`, lib/gitlab/ci/config/external/file/base.rb:13) and only after expanding variables in the path, so `$CI_FILE` or `ci.YML` pass GitLab. A path with a variable in it, or with an upper-case extension, is accepted; any other path gets one message in GitLab\'s words.',
    apply(s) {
      let n = 0;
      walk(s, (o) => {
        if (o.type === 'string' && typeof o.pattern === 'string' && /\\\.ya\?ml\$$/.test(o.pattern)) {
          o.pattern = `(?:${o.pattern.replace(/\\\.ya\?ml\$$/, '\\.[yY][aA]?[mM][lL]$')})|\\$`;
          n++;
          // one message about the path, in GitLab's words (file/base.rb `validate_location!`), not a regex
          o['x-message'] = 'This include path names no `.yml` or `.yaml` file: GitLab rejects the pipeline. GitLab includes only YAML files (a folder or another extension is not included) and fails with "Included file … does not have YAML extension!".';
        }
      });
      if (n === 0) throw new Error('gitlab-ci.json: no include path pattern found to patch');
    },
  },
  {
    id: 'tags-empty-string',
    description: '(dind-doctor) `tags: [""]`: GitLab validates tags only as an array of strings (lib/gitlab/ci/config/entry/tags.rb `validates :config, array_of_strings: true`), so an empty tag is accepted — but no runner has one, so the job would wait. A warning instead of the schema\'s error.',
    apply(s) {
      const str = findObject(at(s, ['definitions', 'tags', 'items', 'anyOf']) as unknown as Json[], (o) => o.type === 'string', 'tags string item');
      doubtful(str, 'An empty tag: GitLab accepts it, but no runner has an empty tag, so the job would not be picked up. Remove it or give the tag a value.');
    },
  },
  {
    id: 'retry-when-values',
    description: '(dind-doctor) `retry:when` accepts every job failure reason GitLab records, plus `always` (lib/gitlab/ci/config/entry/retry.rb:53-61 `inclusion: { in: FullRetry.possible_retry_when_values }` = `::Ci::Build.failure_reasons.keys + [\'always\']`; the reasons: app/models/concerns/enums/ci/commit_status.rb:7-34 and lib/gitlab/ci/status/build/failed.rb `REASONS`). The schema lists a documented subset; the others (for example `missing_dependency_failure`) are added.',
    apply(s) {
      const def = at(s, ['definitions', 'retry_errors']);
      const list = at(def, ['oneOf']) as unknown as Json[];
      const values: string[] = list.map((o) => o.const);
      if (!values.includes('script_failure')) throw new Error('gitlab-ci.json: patch target retry_errors has changed');
      for (const reason of GITLAB_FAILURE_REASONS) if (!values.includes(reason)) values.push(reason);
      // one `enum` instead of a oneOf of consts: the same values, and one complaint instead of one per value
      delete def.oneOf;
      Object.assign(def, { type: 'string', enum: values });
    },
  },
  {
    id: 'inherit-default-values',
    description: '(dind-doctor) `inherit:default` as a list accepts every keyword of `default:` (lib/gitlab/ci/config/entry/inherit/default.rb:24 `ALLOWED_VALUES = ::Gitlab::Ci::Config::Entry::Default::ALLOWED_KEYS`). The schema\'s list lacks `hooks`, `id_tokens` and `identity`, which its own `default:` accepts; they are added from it.',
    apply(s) {
      const list = findObject(at(s, ['definitions', 'job_template', 'properties', 'inherit', 'properties', 'default', 'oneOf']) as unknown as Json[], (o) => o.type === 'array', 'inherit:default list form');
      const values: string[] = at(list, ['items', 'enum']) as unknown as string[];
      for (const k of Object.keys(at(s, ['properties', 'default', 'properties']))) if (k !== '!reference' && !values.includes(k)) values.push(k);
    },
  },
  {
    id: 'empty-strings',
    description: '(dind-doctor) strings GitLab accepts empty: `workflow:name` (lib/gitlab/ci/config/entry/workflow.rb:19 `validates :name, allow_nil: true, length: { minimum: 0, maximum: 255 }`) and a service `alias` (lib/gitlab/ci/config/entry/service.rb:28 `validates :alias, type: String, allow_nil: true`; required only with `ports`).',
    apply(s) {
      delete at(s, ['definitions', 'workflowName']).minLength;
      const service = objectForm(at(s, ['definitions', 'services', 'items', 'oneOf']) as unknown as Json[], 'service map form');
      delete at(service, ['properties', 'alias']).minLength;
    },
  },
  {
    id: 'release-fields',
    description: '(dind-doctor) `release:released_at` is any ISO 8601 date and time GitLab can parse (lib/gitlab/ci/config/entry/release.rb:31-38 `DateTime.iso8601`, which also takes a date alone); the schema wanted RFC 3339 `date-time` with a fixed pattern. `release:milestones` may be a single string (release.rb:30 `array_of_strings_or_string`).',
    apply(s) {
      const release = at(s, ['definitions', 'job_template', 'properties', 'release', 'properties']);
      delete release.released_at.format;
      delete release.released_at.pattern;
      release.milestones = { type: ['string', 'array'], items: { type: 'string' } };
    },
  },
  {
    id: 'workflow-rules-job-keys',
    description: '(dind-doctor) `workflow:rules` items may hold `needs` and `allow_failure`: GitLab accepts them there and does not use them (lib/gitlab/ci/config/entry/workflow.rb:21-28, "should not be allowed but we can\'t break this behavior now"). A warning instead of the schema\'s unknown-key error. (`start_in` stays an error: rules/rule.rb rejects it unless `when: delayed`, which workflow rules do not allow.)',
    apply(s) {
      const props = at(s, ['properties', 'workflow', 'properties', 'rules', 'items', 'properties']);
      for (const k of ['needs', 'allow_failure']) {
        const ignored: Json = {};
        doubtful(ignored, `GitLab accepts \`${k}\` in \`workflow:rules\` but does not use it there; it only has an effect in a job's \`rules\`.`);
        ignored.const = null; // any value is reported, with the message above
        props[k] = ignored;
      }
    },
  },
  {
    id: 'empty-values',
    // Last: it wraps what the patches above reshape.
    description: '(dind-doctor) every keyword GitLab builds with a config entry (`entry :name, Class`) or validates with `allow_nil: true` accepts an empty value (`key:` with nothing after it): a nil value makes an unspecified entry, which is valid (lib/gitlab/config/entry/factory.rb:58 `if @value.nil?` → `Entry::Unspecified`; lib/gitlab/config/entry/undefined.rb `valid? true`). Job keywords: lib/gitlab/ci/config/entry/job.rb:24-32 (`with_options allow_nil: true` for `when`, `dependencies`, `allow_failure`, `manual_confirmation`, `run`) and the `entry` lines after them; lib/gitlab/ci/config/entry/processable.rb:38-41 (`extends`, `rules`, `resource_group`) and its entries (`stage`, `only`, `except`, `variables`, `inherit`, `environment`, `interruptible`); top level: lib/gitlab/ci/config/entry/root.rb (every key is an `entry`); `default:` lib/gitlab/ci/config/entry/default.rb (every key is an `entry`); artifacts: lib/gitlab/ci/config/entry/artifacts.rb:32-54 (`with_options allow_nil: true`); image/services: lib/gitlab/ci/config/entry/imageable.rb (`entrypoint` allow_nil, `pull_policy` entry), lib/gitlab/ci/config/entry/service.rb (`command`, `alias` allow_nil, `variables` entry); cache: lib/gitlab/ci/config/entry/cache.rb (`key`, `paths`, `unprotect`, `untracked`, `fallback_keys` are entries, `when` allow_nil, `policy` `allow_blank: true` — so an empty string too). Not `script` (job.rb:22 `validates :script, presence: true`), not `start_in` (required with `when: delayed`), not `trigger`.',
    apply(s) {
      const job = at(s, ['definitions', 'job_template', 'properties']);
      nullable(job, ['image', 'services', 'before_script', 'after_script', 'hooks', 'variables', 'cache', 'id_tokens', 'run', 'stage', 'extends', 'needs', 'tags', 'allow_failure', 'timeout', 'when', 'manual_confirmation', 'dependencies', 'environment', 'release', 'coverage', 'retry', 'parallel', 'interruptible', 'resource_group', 'inherit', 'publish', 'pages'], 'job_template');
      nullable(at(s, ['properties', 'default', 'properties']), ['after_script', 'before_script', 'hooks', 'cache', 'image', 'interruptible', 'id_tokens', 'retry', 'services', 'tags', 'timeout'], 'default');
      nullable(at(s, ['properties']), ['image', 'services', 'before_script', 'after_script', 'variables', 'cache', 'default', 'stages', 'include', 'workflow'], 'root');
      const artifacts = at(s, ['definitions', 'artifacts', 'properties']);
      const reports = at(artifacts, ['reports', 'properties']);
      nullable(reports, Object.keys(reports).filter((k) => !reports[k]['x-severity']), 'artifacts.reports');
      nullable(artifacts, ['paths', 'exclude', 'expose_as', 'name', 'untracked', 'public', 'when', 'access', 'expire_in', 'reports'], 'artifacts');
      const cache = at(s, ['definitions', 'cache_item', 'properties']);
      cache.policy.pattern = `^$|${cache.policy.pattern}`;
      nullable(cache, ['key', 'paths', 'policy', 'unprotect', 'untracked', 'when', 'fallback_keys'], 'cache_item');
      const image = objectForm(at(s, ['definitions', 'image', 'oneOf']) as unknown as Json[], 'image map form');
      nullable(image.properties, ['entrypoint', 'pull_policy'], 'image');
      const service = objectForm(at(s, ['definitions', 'services', 'items', 'oneOf']) as unknown as Json[], 'service map form');
      nullable(service.properties, ['entrypoint', 'pull_policy', 'command', 'alias', 'variables'], 'services');
    },
  },
];

/**
 * Job failure reasons GitLab accepts in `retry:when` besides the schema's own list: app/models/concerns/enums/ci/
 * commit_status.rb `failure_reasons` and lib/gitlab/ci/status/build/failed.rb `REASONS`.
 */
const GITLAB_FAILURE_REASONS = [
  'unknown_failure', 'script_failure', 'api_failure', 'stuck_or_timeout_failure', 'runner_system_failure', 'missing_dependency_failure',
  'runner_unsupported', 'stale_schedule', 'job_execution_timeout', 'archived_failure', 'unmet_prerequisites', 'scheduler_failure',
  'data_integrity_failure', 'forward_deployment_failure', 'user_blocked', 'project_deleted', 'ci_quota_exceeded', 'pipeline_loop_detected',
  'no_matching_runner', 'trace_size_exceeded', 'builds_disabled', 'insufficient_bridge_permissions', 'downstream_bridge_project_not_found',
  'invalid_bridge_trigger', 'bridge_pipeline_is_child_pipeline', 'downstream_pipeline_creation_failed', 'secrets_provider_not_found',
  'reached_max_descendant_pipelines_depth', 'protected_environment_failure', 'insufficient_upstream_permissions',
  'upstream_bridge_project_not_found', 'reached_max_pipeline_hierarchy_size', 'environment_creation_failure', 'deployment_rejected',
  'ip_restriction_failure', 'failed_outdated_deployment_job', 'reached_downstream_pipeline_trigger_rate_limit',
];

/** Accepts an empty value (YAML `key:` with nothing after it) besides what `schema` accepts. */
function orNull(schema: Json): Json {
  return { anyOf: [{ type: 'null' }, schema] };
}

/** Makes each listed property of `props` accept an empty value; throws when one is missing. */
function nullable(props: Json, keys: string[], where: string): void {
  for (const k of keys) {
    if (!props[k]) throw new Error(`gitlab-ci.json: patch target ${where}.${k} not found`);
    props[k] = orNull(props[k]);
  }
}

/** The object form (with `properties`) among a oneOf/anyOf list. */
function objectForm(list: Json[], what: string): Json {
  return findObject(list, (o) => o.type === 'object' && o.properties, what);
}

/** A constraint GitLab may accept: its finding becomes a warning with this message. */
function doubtful(schema: Json, message: string): void {
  schema['x-severity'] = 'warning';
  schema['x-message'] = message;
}

/** A list nested up to `depth` levels (GitLab flattens nested script lists, e.g. from YAML anchors). */
function nestedStrings(depth: number): Json {
  let s: Json = { type: 'string' };
  for (let i = 0; i < depth; i++) s = { anyOf: [{ type: 'string' }, { type: 'array', items: s }] };
  return s;
}

/** A patched deep copy of GitLab's schema. */
export function patchCiSchema(original: Json): Json {
  const copy = structuredClone(original) as Json;
  for (const p of CI_SCHEMA_PATCHES) p.apply(copy);
  return copy;
}
