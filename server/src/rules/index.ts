/** The rule registry: every rule, in a stable order, gathered by topic (one file per topic in `groups/`). */
import type { Rule } from '../engine/rule';
import { parseAndStructureRules } from './groups/parse-and-structure';
import { daemonReachabilityRules } from './groups/daemon-reachability';
import { dindTlsRules } from './groups/dind-tls';
import { privilegeRules } from './groups/privileges';
import { socketBindingRules } from './groups/socket-binding';
import { imageAndVersionRules } from './groups/images-and-versions';
import { kanikoRules } from './groups/kaniko';
import { buildkitBuildxBuildahRules } from './groups/buildkit-buildx-buildah';
import { performanceAndHygieneRules } from './groups/performance-and-hygiene';
import { registryAndCredentialRules } from './groups/registries-and-credentials';
import { runnerRegistrationAndHelmRules } from './groups/runner-registration-and-helm';
import { pipelineStructureRules } from './groups/pipeline-structure';
import { daemonStartupAndScriptPitfallRules } from './groups/daemon-startup-and-script-pitfalls';
import { shellExecutorRules } from './groups/shell-executor';

export const rules: Rule[] = [
  ...parseAndStructureRules,
  ...daemonReachabilityRules,
  ...dindTlsRules,
  ...privilegeRules,
  ...socketBindingRules,
  ...imageAndVersionRules,
  ...kanikoRules,
  ...buildkitBuildxBuildahRules,
  ...performanceAndHygieneRules,
  ...registryAndCredentialRules,
  ...runnerRegistrationAndHelmRules,
  ...pipelineStructureRules,
  ...daemonStartupAndScriptPitfallRules,
  ...shellExecutorRules,
];

const byId = new Map(rules.map((r) => [r.id, r]));
export function ruleById(id: string): Rule | undefined { return byId.get(id); }
