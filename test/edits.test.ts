/**
 * One set of edit builders (server/src/edits/): the build-strategy picker's runner edits and the quick fixes of the
 * rules write the same settings, byte for byte, and fill empty TOML arrays the same way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIND_IMAGE } from '../common/pins';
import { DIND_ALLOW_PATTERN, generateJob, generateRunnerToml, type Executor, type RunnerNeed } from '../common/strategies';
import { planRunnerEdits } from '../server/src/edits/runner-needs';
import { addDockerVolume, appendTomlArray } from '../server/src/edits/runner';
import { applyEdits, fixTexts } from '../server/src/engine/fixer';
import { parseToml, tget, type TArray } from '../server/src/formats/toml';
import { readRunnerConfig } from '../server/src/model/runner';
import { analyze } from './harness';

const CONFIG = '/w/config.toml';

/** The config text after the preferred fix of `ruleId`'s finding in the CI file. */
function quickFixed(ci: string, config: string, ruleId: string): string {
  const { findings, fs } = analyze({ '.gitlab-ci.yml': ci, 'config.toml': config }, '.gitlab-ci.yml');
  const f = findings.find((x) => x.ruleId === ruleId);
  assert.ok(f, `${ruleId} fires:\n${findings.map((x) => `${x.ruleId}: ${x.message}`).join('\n')}`);
  const fix = f.fixes?.find((x) => x.preferred) ?? f.fixes?.[0];
  assert.ok(fix, `${ruleId} offers a fix`);
  const out = fixTexts(fix, (p) => fs.readFile(p))?.get(CONFIG);
  assert.ok(out !== undefined, `the fix of ${ruleId} edits config.toml`);
  return out;
}

/** The config text after the picker's runner edits for `needs`. */
function pickerApplied(config: string, executor: Executor, needs: RunnerNeed[]): string {
  const plan = planRunnerEdits(CONFIG, config, executor, needs);
  assert.equal(plan.problem, undefined);
  assert.deepEqual(plan.notes, []);
  assert.ok(plan.edits.length > 0, 'the picker edits the config');
  return applyEdits(config, plan.edits.map((e) => e.edit));
}

const DOCKER = (keys: string) => `[[runners]]
  name = "shared"
  url = "https://gitlab.example.com/"
  token = "glrt-abc"
  executor = "docker"
  [runners.docker]
    image = "alpine:3.20"
${keys.split('\n').map((l) => `    ${l}`).join('\n')}
`;
const K8S = (keys: string) => `[[runners]]
  name = "k8s"
  url = "https://gitlab.example.com/"
  token = "glrt-abc"
  executor = "kubernetes"
  [runners.kubernetes]
    namespace = "ci"
${keys.split('\n').map((l) => `    ${l}`).join('\n')}
`;

test('docker: dind-requires-privileged and the picker both allow docker:*-dind with services_privileged', () => {
  const config = DOCKER('privileged = false\nvolumes = ["/certs/client", "/cache"]');
  const fixed = quickFixed(generateJob('dind-tls', 'docker'), config, 'dind-requires-privileged');
  assert.match(fixed, new RegExp(`allowed_privileged_services = \\["${DIND_ALLOW_PATTERN.replace('*', '\\*')}"\\]`));
  assert.equal(pickerApplied(config, 'docker', [{ kind: 'privileged-services' }]), fixed);
});

test('docker: an allow-list that excludes the dind service is extended the same way by the rule and the picker', () => {
  const config = DOCKER('services_privileged = true\nallowed_privileged_services = ["registry.example.com/docker:*"]\nvolumes = ["/certs/client", "/cache"]');
  const fixed = quickFixed(generateJob('dind-tls', 'docker'), config, 'dind-not-in-allowed-privileged-services');
  assert.match(fixed, new RegExp(`allowed_privileged_services = \\["registry.example.com/docker:\\*", "${DIND_IMAGE}"\\]`));
  assert.equal(pickerApplied(config, 'docker', [{ kind: 'privileged-services' }]), fixed);
});

test('docker: an empty volumes array gets /certs/client the same way from the rule and the picker', () => {
  const config = DOCKER('privileged = true\nvolumes = []');
  const fixed = quickFixed(generateJob('dind-tls', 'docker'), config, 'dind-tls-certs-not-shared-docker');
  assert.match(fixed, /volumes = \["\/certs\/client"\]/);
  assert.equal(pickerApplied(config, 'docker', [{ kind: 'volume', path: '/certs/client', name: 'docker-certs', medium: 'Memory' }]), fixed);
});

test('kubernetes: the certs empty_dir is written the same way by the rule and the picker', () => {
  const config = K8S('[runners.kubernetes.service_container_security_context]\n  privileged = true');
  const fixed = quickFixed(generateJob('dind-tls', 'kubernetes'), config, 'dind-tls-certs-not-shared-k8s');
  assert.match(fixed, /\[\[runners\.kubernetes\.volumes\.empty_dir\]\]\n\s+name = "docker-certs"\n\s+mount_path = "\/certs\/client"\n\s+medium = "Memory"/);
  assert.equal(pickerApplied(config, 'kubernetes', [{ kind: 'volume', path: '/certs/client', name: 'docker-certs', medium: 'Memory' }]), fixed);
});

test('kubernetes: the privileged service container is written the same way by the rule and the picker', () => {
  const config = K8S('[[runners.kubernetes.volumes.empty_dir]]\n  name = "docker-certs"\n  mount_path = "/certs/client"\n  medium = "Memory"');
  const fixed = quickFixed(generateJob('dind-tls', 'kubernetes'), config, 'dind-requires-privileged');
  assert.match(fixed, /\[runners\.kubernetes\.service_container_security_context\]\n\s+privileged = true/);
  assert.equal(pickerApplied(config, 'kubernetes', [{ kind: 'privileged-services' }]), fixed);
});

test('kubernetes: unconfined seccomp/AppArmor for rootless BuildKit is written the same way by the rule and the picker', () => {
  const config = K8S('privileged = false');
  const fixed = quickFixed(generateJob('buildkit-rootless', 'kubernetes'), config, 'buildkit-rootless-k8s-seccomp-apparmor');
  assert.match(fixed, /seccomp_profile\]\n\s+type = "Unconfined"/);
  assert.equal(pickerApplied(config, 'kubernetes', [{ kind: 'build-unconfined' }]), fixed);
});

test('fresh runner settings use the same allow-list pattern as the fixes', () => {
  assert.match(generateRunnerToml('dind-tls', 'docker')!, new RegExp(`allowed_privileged_services = \\["${DIND_ALLOW_PATTERN.replace('*', '\\*')}"\\]`));
});

test('empty TOML arrays are filled one way: right after the opening bracket', () => {
  for (const written of ['[]', '[ ]', '[\n  ]']) {
    const text = DOCKER(`privileged = true\nvolumes = ${written}`);
    const doc = parseToml(CONFIG, text);
    const r = readRunnerConfig(doc, false).runners[0];
    const arr = tget(r.docker, 'volumes') as TArray;
    const appended = applyEdits(text, [appendTomlArray(doc, arr, '"/x"')]);
    assert.equal(appended, text.replace('volumes = [', 'volumes = ["/x"'));
    assert.equal(applyEdits(text, addDockerVolume(r, '/x')!), appended, 'addDockerVolume fills it the same way');
    assert.deepEqual(parseToml(CONFIG, appended).problems, []);
  }
});
