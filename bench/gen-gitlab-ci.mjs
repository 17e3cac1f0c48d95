#!/usr/bin/env node
// Copied from ../shared/tools/lsp-bench/gen-gitlab-ci.mjs (the project's shared benchmark tools), unchanged apart from this line.
// Generate a realistic synthetic .gitlab-ci.yml with a requested number of (visible) jobs.
//
//   node gen-gitlab-ci.mjs --jobs 100 [--seed 1] [--errors 0] [--anchors yes|none] [--out path/.gitlab-ci.yml]
//
// Deterministic: the same --jobs/--seed/--errors give a byte-identical file.
// Features exercised: stages, global variables (plain + value/options/description form), workflow:rules,
// default: (image, services, tags, retry, timeout, before_script), hidden template jobs used through
// extends: (string and list), YAML anchors/aliases (&x, *x, merge keys <<: *x), !reference tags (in script,
// before_script, rules items and whole rules:), docker:dind jobs (DOCKER_HOST / DOCKER_TLS_CERTDIR /
// DOCKER_TLS_VERIFY / DOCKER_CERT_PATH), kaniko jobs, rules: (if/changes/when/allow_failure/variables),
// needs: (plain and {job, artifacts}), artifacts (paths, expire_in, reports: junit/coverage_report/dotenv),
// cache (key:files + prefix, policy), parallel:matrix, services with alias/command, environment (+on_stop,
// action: stop, auto_stop_in), resource_group, release:, trigger: child pipelines, id_tokens, inherit.
//
// --errors K injects K deliberate schema violations (spread evenly over the jobs) so a benchmark can check
// that schema validation is really active: wrong type, unknown property, out-of-range retry, bad enum.
// --anchors none writes the same pipeline without any YAML anchor/alias/merge key (the aliased content is
// inlined and `<<: *docker_dind` becomes `extends: .docker_dind`), to tell alias-driven costs from size-driven ones.
// A summary (jobs, lines, bytes, aliases, injected errors with their 0-based line numbers) goes to stderr as JSON.

import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeRng, parseArgs } from './rng.mjs';

const args = parseArgs(process.argv.slice(2), { booleans: ['help', 'quiet'] });
if (args.help || args.jobs === undefined) {
  console.error('usage: node gen-gitlab-ci.mjs --jobs N [--seed S] [--errors K] [--anchors yes|none] [--out FILE] [--quiet]');
  process.exit(args.help ? 0 : 1);
}
const N = Number(args.jobs);
const SEED = Number(args.seed ?? 1);
const ERRORS = Number(args.errors ?? 0);
const ANCHORS = String(args.anchors ?? 'yes') !== 'none';
if (!Number.isInteger(N) || N < 1) throw new Error('--jobs must be a positive integer');
const rng = makeRng(SEED * 7919 + N);

const BASES = ['billing', 'auth', 'search', 'catalog', 'checkout', 'inventory', 'ledger', 'profile', 'notifier',
  'scheduler', 'ingest', 'reports', 'media', 'gateway', 'analytics', 'exporter', 'pricing', 'shipping', 'ratings',
  'webhooks', 'identity', 'audit', 'recommender', 'storefront'];

const LANGS = {
  node: {
    template: '.lang_node', cache: 'node_cache', image: 'node:20.12-alpine',
    install: ['npm ci --prefer-offline --no-audit --cache .npm'],
    lint: ['npm run lint -- --format junit --output-file reports/lint.xml', 'npm run typecheck'],
    test: ['npm test -- --ci --coverage --reporters=default --reporters=jest-junit'],
    build: ['npm run build'],
    coverage: String.raw`'/All files[^|]*\|[^|]*\s+([\d\.]+)/'`,
    coverageFormat: 'cobertura', coveragePath: 'coverage/cobertura-coverage.xml', junit: 'junit.xml', dist: 'dist/',
  },
  go: {
    template: '.lang_go', cache: 'go_cache', image: 'golang:1.22-bookworm',
    install: ['go mod download'],
    lint: ['golangci-lint run --timeout 5m --out-format junit-xml:reports/lint.xml,colored-line-number'],
    test: ['go test -race -coverprofile=coverage.out -covermode=atomic ./... 2>&1 | tee test.log',
      'go-junit-report < test.log > reports/junit.xml', 'gocover-cobertura < coverage.out > coverage.xml'],
    build: ['CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$CI_COMMIT_SHORT_SHA" -o bin/ ./cmd/...'],
    coverage: String.raw`'/coverage: \d+\.\d+% of statements/'`,
    coverageFormat: 'cobertura', coveragePath: 'coverage.xml', junit: 'reports/junit.xml', dist: 'bin/',
  },
  python: {
    template: '.lang_python', cache: 'pip_cache', image: 'python:3.12-slim',
    install: ['python -m pip install --upgrade pip', 'pip install -r requirements-dev.txt'],
    lint: ['ruff check --output-format junit . > reports/lint.xml', 'mypy --junit-xml reports/mypy.xml src'],
    test: ['pytest -n auto --junitxml=reports/junit.xml --cov=src --cov-report=term --cov-report=xml:coverage.xml'],
    build: ['python -m build --wheel --outdir dist/'],
    coverage: String.raw`'/TOTAL.*\s+(\d+%)$/'`,
    coverageFormat: 'cobertura', coveragePath: 'coverage.xml', junit: 'reports/junit.xml', dist: 'dist/',
  },
  java: {
    template: '.lang_java', cache: 'gradle_cache', image: 'eclipse-temurin:21-jdk',
    install: ['./gradlew --no-daemon --version'],
    lint: ['./gradlew --no-daemon spotlessCheck checkstyleMain'],
    test: ['./gradlew --no-daemon test jacocoTestReport', 'awk -F"," \'{ i += $4 + $5 } END { print "covered", i }\' build/reports/jacoco/test/jacocoTestReport.csv'],
    build: ['./gradlew --no-daemon bootJar -x test'],
    coverage: String.raw`'/Total.*?([0-9]{1,3})%/'`,
    coverageFormat: 'jacoco', coveragePath: 'build/reports/jacoco/test/jacocoTestReport.xml', junit: 'build/test-results/test/**/TEST-*.xml', dist: 'build/libs/',
  },
};
const LANG_NAMES = Object.keys(LANGS);

const out = [];
const L = (s = '') => out.push(s);
const pad = (n) => ' '.repeat(n);
// content that is shared through anchors/aliases, or inlined with --anchors none
const retryLines = (ind) => ANCHORS ? [`${pad(ind)}retry: *retry_policy`]
  : [`${pad(ind)}retry:`, `${pad(ind + 2)}max: 2`, `${pad(ind + 2)}when:`, `${pad(ind + 4)}- runner_system_failure`, `${pad(ind + 4)}- stuck_or_timeout_failure`];
const DIND_VARS = ['DOCKER_HOST: tcp://docker:2376', 'DOCKER_TLS_CERTDIR: "/certs"', 'DOCKER_TLS_VERIFY: "1"',
  'DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"', 'DOCKER_BUILDKIT: "1"'];
const dindVarLines = (ind) => ANCHORS ? [`${pad(ind)}<<: *dind_variables`] : DIND_VARS.map((v) => pad(ind) + v);
const CACHE_BODY = {
  node: ['key:', '  files:', '    - package-lock.json', '  prefix: node-$CI_COMMIT_REF_SLUG', 'paths:', '  - .npm/', '  - node_modules/'],
  go: ['key:', '  files:', '    - go.sum', '  prefix: go-$CI_COMMIT_REF_SLUG', 'paths:', '  - .go/pkg/mod/'],
  python: ['key:', '  files:', '    - requirements-dev.txt', '  prefix: python-$CI_COMMIT_REF_SLUG', 'paths:', '  - .cache/pip/', '  - .venv/'],
  java: ['key:', '  files:', '    - gradle/libs.versions.toml', '  prefix: java-$CI_COMMIT_REF_SLUG', 'paths:', '  - .gradle/caches/', '  - .gradle/wrapper/'],
};
const cacheRefLines = (langName, ind) => ANCHORS ? [`${pad(ind)}<<: *${LANGS[langName].cache}`] : CACHE_BODY[langName].map((l) => pad(ind) + l);
let aliasCount = 0; // counted from the output at the end

// ---------------------------------------------------------------- header, globals
L('# .gitlab-ci.yml (synthetic) generated by lsp-bench/gen-gitlab-ci.mjs');
L(`# jobs=${N} seed=${SEED} errors=${ERRORS}${ANCHORS ? '' : ' anchors=none'}`);
L('');
L('stages:');
for (const s of ['lint', 'build', 'test', 'security', 'package', 'deploy', 'release', 'cleanup']) L(`  - ${s}`);
L('');
L('variables:');
L('  GIT_DEPTH: "20"');
L('  GIT_STRATEGY: fetch');
L('  FF_USE_FASTZIP: "true"');
L('  ARTIFACT_COMPRESSION_LEVEL: fast');
L('  CACHE_COMPRESSION_LEVEL: fast');
L('  TRANSFER_METER_FREQUENCY: 5s');
L('  DOCKER_VERSION: "24.0.7"');
L('  KANIKO_VERSION: v1.23.2-debug');
L('  HELM_VERSION: "3.14.2"');
L('  KUBE_CONTEXT: platform/agents:prod-eu1');
L('  NODE_OPTIONS: --max-old-space-size=4096');
L('  PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"');
L('  GOPATH: "$CI_PROJECT_DIR/.go"');
L('  GRADLE_USER_HOME: "$CI_PROJECT_DIR/.gradle"');
L('  DEPLOY_ENVIRONMENT:');
L('    value: staging');
L('    options:');
L('      - staging');
L('      - production');
L('    description: Target environment for manually started pipelines');
L('');
L('workflow:');
L('  name: "$CI_COMMIT_REF_NAME ($CI_PIPELINE_SOURCE)"');
L('  rules:');
L('    - if: $CI_PIPELINE_SOURCE == "merge_request_event"');
L('    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS');
L('      when: never');
L('    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH');
L('      variables:');
L('        DEPLOY_ENVIRONMENT: staging');
L('    - if: $CI_COMMIT_TAG =~ /^v\\d+\\.\\d+\\.\\d+$/');
L('      variables:');
L('        DEPLOY_ENVIRONMENT: production');
L('');
L('default:');
L('  image: registry.example.com/platform/ci-base:2024.06.1');
L('  services:');
L('    - name: registry.example.com/platform/metadata-mock:1.4');
L('      alias: metadata');
L('  tags:');
L('    - linux');
L('    - docker');
L('  interruptible: true');
L('  retry:');
L('    max: 2');
L('    when:');
L('      - runner_system_failure');
L('      - stuck_or_timeout_failure');
L('      - api_failure');
L('  timeout: 45 minutes');
L('  before_script:');
L('    - echo "Running $CI_JOB_NAME ($CI_JOB_ID) on $CI_RUNNER_DESCRIPTION"');
L('');

// ---------------------------------------------------------------- hidden templates, anchors
let hidden = 0;
const H = (name, anchor) => { hidden++; L(anchor && ANCHORS ? `${name}: &${anchor}` : `${name}:`); };

L('# ---- shared snippets, pulled in with !reference');
H('.scripts');
L('  setup:');
L('    - export PATH="$CI_PROJECT_DIR/.ci/bin:$PATH"');
L('    - mkdir -p reports');
L('    - \'[ -f .ci/env.sh ] && source .ci/env.sh || true\'');
L('  docker_login:');
L('    - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"');
L('  kube_context:');
L('    - kubectl config get-contexts');
L('    - kubectl config use-context "$KUBE_CONTEXT"');
L('  notify:');
L('    - \'curl -fsS -X POST -H "Content-Type: application/json" --data "{\\"text\\": \\"$CI_JOB_NAME finished\\"}" "$CHAT_WEBHOOK_URL" || true\'');
L('');
H('.rules');
L('  mr_and_default:');
L('    - if: $CI_PIPELINE_SOURCE == "merge_request_event"');
L('    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH');
L('  default_branch:');
L('    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH');
L('    - if: $CI_COMMIT_TAG =~ /^v\\d+/');
L('  manual_production:');
L('    - if: $CI_COMMIT_TAG =~ /^v\\d+/');
L('      when: manual');
L('      allow_failure: false');
L('    - when: never');
L('  tags_only:');
L('    - if: $CI_COMMIT_TAG');
L('');
L('# ---- anchors reused through aliases and merge keys');
H('.retry_policy', 'retry_policy');
L('  max: 2');
L('  when:');
L('    - runner_system_failure');
L('    - stuck_or_timeout_failure');
L('');
H('.dind_variables', 'dind_variables');
L('  DOCKER_HOST: tcp://docker:2376');
L('  DOCKER_TLS_CERTDIR: "/certs"');
L('  DOCKER_TLS_VERIFY: "1"');
L('  DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"');
L('  DOCKER_BUILDKIT: "1"');
L('');
for (const [lang, cfg] of Object.entries(LANGS)) {
  H(`.${cfg.cache}`, cfg.cache);
  for (const l of CACHE_BODY[lang]) L('  ' + l);
  L('  policy: pull-push');
  L('');
}
L('# ---- template jobs used with extends:');
H('.base_job');
L('  tags:');
L('    - linux');
L('    - docker');
L('  interruptible: true');
retryLines(2).forEach((l) => L(l));
L('');
H('.docker_dind', 'docker_dind');
L('  image: docker:${DOCKER_VERSION}');
L('  services:');
L('    - name: docker:${DOCKER_VERSION}-dind');
L('      alias: docker');
L('      command:');
L('        - "--tls=true"');
L('        - "--mtu=1450"');
L('  variables:');
dindVarLines(4).forEach((l) => L(l));
L('  before_script:');
L('    - !reference [.scripts, docker_login]');
L('    - docker info');
L('  tags:');
L('    - linux');
L('    - docker-privileged');
L('');
H('.kaniko_build');
L('  stage: build');
L('  image:');
L('    name: gcr.io/kaniko-project/executor:${KANIKO_VERSION}');
L('    entrypoint: [""]');
L('  variables:');
L('    KANIKO_CACHE_ARGS: "--cache=true --cache-repo=$CI_REGISTRY_IMAGE/cache --cache-ttl=168h"');
L('  before_script:');
L('    - mkdir -p /kaniko/.docker');
L('    - echo "{\\"auths\\":{\\"$CI_REGISTRY\\":{\\"auth\\":\\"$(printf "%s:%s" "$CI_REGISTRY_USER" "$CI_REGISTRY_PASSWORD" | base64 | tr -d \'\\n\')\\"}}}" > /kaniko/.docker/config.json');
L('  script:');
L('    - >-');
L('      /kaniko/executor');
L('      --context "$CI_PROJECT_DIR/$COMPONENT_DIR"');
L('      --dockerfile "$CI_PROJECT_DIR/$COMPONENT_DIR/Dockerfile"');
L('      --destination "$CI_REGISTRY_IMAGE/$COMPONENT:$CI_COMMIT_SHORT_SHA"');
L('      --build-arg "VERSION=$CI_COMMIT_SHORT_SHA"');
L('      $KANIKO_CACHE_ARGS');
L('');
for (const [lang, cfg] of Object.entries(LANGS)) {
  H(cfg.template);
  L('  extends: .base_job');
  L(`  image: ${cfg.image}`);
  L('  cache:');
  cacheRefLines(lang, 4).forEach((l) => L(l));
  L('    policy: pull');
  L('  before_script:');
  L('    - !reference [.scripts, setup]');
  for (const c of cfg.install) L(`    - ${c}`);
  L('');
}
H('.test_base');
L('  stage: test');
L('  artifacts:');
L('    when: always');
L('    expire_in: 1 week');
L('    reports:');
L('      junit: reports/junit.xml');
L('');
H('.security_scan');
L('  stage: security');
L('  image: registry.example.com/security/scanner:3.8');
L('  allow_failure: true');
L('  variables:');
L('    SCAN_SEVERITY_THRESHOLD: high');
L('    SECURE_LOG_LEVEL: info');
L('  script:');
L('    - scanner fs --format gitlab --output gl-dependency-scanning-report.json "$COMPONENT_DIR"');
L('    - scanner image --format gitlab --output gl-container-scanning-report.json "$CI_REGISTRY_IMAGE/$COMPONENT:$CI_COMMIT_SHORT_SHA"');
L('  artifacts:');
L('    reports:');
L('      dependency_scanning: gl-dependency-scanning-report.json');
L('      container_scanning: gl-container-scanning-report.json');
L('');
H('.deploy_base');
L('  stage: deploy');
L('  image:');
L('    name: alpine/helm:${HELM_VERSION}');
L('    entrypoint: [""]');
L('  interruptible: false');
L('  id_tokens:');
L('    VAULT_ID_TOKEN:');
L('      aud: https://vault.example.com');
L('  before_script:');
L('    - !reference [.scripts, setup]');
L('    - !reference [.scripts, kube_context]');
L('  after_script:');
L('    - !reference [.scripts, notify]');
L('');

// ---------------------------------------------------------------- jobs
// Each job is a list of lines plus the set of its top-level keys (used when injecting errors).
const jobs = [];
let ci = 0;
while (jobs.length < N) {
  const name = `${BASES[ci % BASES.length]}-${String(ci).padStart(3, '0')}`;
  const langName = LANG_NAMES[rng.int(0, LANG_NAMES.length - 1)];
  const lang = LANGS[langName];
  const dir = `services/${name}`;
  // component 0 always uses the merge-key dind variant so that every anchor is used at least once
  const kaniko = ci === 0 ? false : rng.chance(0.4);
  const dindMerge = ci === 0 ? true : rng.chance(0.5);
  const comp = [];
  const job = (jname, lines, keys) => comp.push({ name: `${name}:${jname}`, lines, keys: new Set(keys) });
  const varsBlock = (extra = []) => ['  variables:', `    COMPONENT: ${name}`, `    COMPONENT_DIR: ${dir}`, ...extra];

  // lint
  job('lint', [
    `  extends: ${lang.template}`,
    '  stage: lint',
    '  needs: []',
    ...varsBlock(),
    '  script:',
    ...lang.lint.map((c) => `    - ${c}`),
    '  rules:',
    '    - !reference [.rules, mr_and_default]',
    '    - changes:',
    `        - ${dir}/**/*`,
    '        - .gitlab-ci.yml',
    '  artifacts:',
    '    when: always',
    '    expire_in: 3 days',
    '    reports:',
    '      junit: reports/lint.xml',
  ], ['extends', 'stage', 'needs', 'variables', 'script', 'rules', 'artifacts']);

  // build: kaniko or docker:dind (merge-key variant or extends variant)
  if (kaniko) {
    job('build', [
      '  extends: .kaniko_build',
      ...varsBlock([`    DOCKERFILE_TARGET: ${rng.pick(['runtime', 'release', 'distroless'])}`]),
      '  needs:',
      `    - ${name}:lint`,
      '  rules:',
      '    - !reference [.rules, mr_and_default]',
    ], ['extends', 'variables', 'needs', 'rules']);
  } else if (dindMerge) {
    job('build', [
      ANCHORS ? '  <<: *docker_dind' : '  extends: .docker_dind',
      '  stage: build',
      '  variables:',
      ...dindVarLines(4),
      `    COMPONENT: ${name}`,
      `    IMAGE: $CI_REGISTRY_IMAGE/${name}`,
      '  script:',
      `    - docker build --pull --cache-from "$IMAGE:latest" --tag "$IMAGE:$CI_COMMIT_SHORT_SHA" ${dir}`,
      '    - docker push "$IMAGE:$CI_COMMIT_SHORT_SHA"',
      '  rules:',
      '    - !reference [.rules, mr_and_default]',
    ], ['image', 'services', 'variables', 'before_script', 'tags', 'stage', 'script', 'rules']);
  } else {
    job('build', [
      '  extends:',
      '    - .base_job',
      '    - .docker_dind',
      '  stage: build',
      ...varsBlock([`    IMAGE: $CI_REGISTRY_IMAGE/${name}`]),
      '  script:',
      ...lang.build.map((c) => `    - docker run --rm -v "$CI_PROJECT_DIR:/src" -w /src/${dir} ${lang.image} sh -c '${c.replace(/'/g, '')}'`),
      `    - docker build --pull --tag "$IMAGE:$CI_COMMIT_SHORT_SHA" ${dir}`,
      '    - docker push "$IMAGE:$CI_COMMIT_SHORT_SHA"',
      '  artifacts:',
      `    name: "${name}-$CI_COMMIT_SHORT_SHA"`,
      '    paths:',
      `      - ${dir}/${lang.dist}`,
      '    expire_in: 1 day',
    ], ['extends', 'stage', 'variables', 'script', 'artifacts']);
  }

  // unit tests
  job('test:unit', [
    '  extends:',
    `    - ${lang.template}`,
    '    - .test_base',
    '  needs:',
    `    - job: ${name}:build`,
    '    - job: ' + `${name}:lint`,
    '      artifacts: false',
    ...varsBlock(),
    '  cache:',
    ...cacheRefLines(langName, 4),
    '    policy: pull',
    '  script:',
    `    - cd ${dir}`,
    ...lang.test.map((c) => `    - ${c}`),
    `  coverage: ${lang.coverage}`,
    '  artifacts:',
    '    when: always',
    '    expire_in: 1 week',
    '    paths:',
    `      - ${dir}/${lang.coveragePath}`,
    '    reports:',
    `      junit: ${dir}/${lang.junit}`,
    '      coverage_report:',
    `        coverage_format: ${lang.coverageFormat}`,
    `        path: ${dir}/${lang.coveragePath}`,
  ], ['extends', 'needs', 'variables', 'cache', 'script', 'coverage', 'artifacts']);

  // integration tests with services, sometimes a parallel matrix
  if (rng.chance(0.6)) {
    const matrix = rng.chance(0.3);
    job('test:integration', [
      `  extends: ${lang.template}`,
      '  stage: test',
      '  needs:',
      `    - ${name}:build`,
      '  services:',
      matrix ? '    - name: postgres:${PG_VERSION}-alpine' : `    - name: postgres:${rng.pick(['14', '15', '16'])}-alpine`,
      '      alias: db',
      '    - name: redis:7-alpine',
      '      alias: cache',
      '      command: ["redis-server", "--save", "", "--appendonly", "no"]',
      ...varsBlock([
        `    POSTGRES_DB: ${name.replace(/-/g, '_')}`,
        '    POSTGRES_USER: ci',
        '    POSTGRES_PASSWORD: ci-password',
        '    DATABASE_URL: "postgres://ci:ci-password@db:5432/$POSTGRES_DB?sslmode=disable"',
        '    REDIS_URL: redis://cache:6379/0',
      ]),
      ...(matrix ? ['  parallel:', '    matrix:', '      - PG_VERSION: ["14", "15", "16"]', '        SUITE: [api, worker]'] : []),
      '  script:',
      '    - !reference [.scripts, setup]',
      `    - make -C ${dir} integration-test`,
      ...retryLines(2),
      '  timeout: 30 minutes',
      '  artifacts:',
      '    when: on_failure',
      '    paths:',
      `      - ${dir}/logs/`,
      '    expire_in: 2 days',
    ], ['extends', 'stage', 'needs', 'services', 'variables', 'script', 'retry', 'timeout', 'artifacts', ...(matrix ? ['parallel'] : [])]);
  }

  // security scan
  if (rng.chance(0.5)) {
    job('scan', [
      '  extends: .security_scan',
      ...varsBlock(),
      '  needs:',
      `    - ${name}:build`,
      '  rules:',
      '    - if: $CI_PIPELINE_SOURCE == "schedule"',
      '      when: always',
      '    - !reference [.rules, mr_and_default]',
    ], ['extends', 'variables', 'needs', 'rules']);
  }

  // package: docker:dind retag + push on the default branch / tags
  const pkg = !kaniko && rng.chance(0.7);
  if (pkg) {
    job('package', [
      '  extends: .docker_dind',
      '  stage: package',
      '  variables:',
      ...dindVarLines(4),
      `    IMAGE: $CI_REGISTRY_IMAGE/${name}`,
      '  needs:',
      `    - ${name}:test:unit`,
      `    - job: ${name}:build`,
      '      artifacts: true',
      '  script:',
      '    - docker pull "$IMAGE:$CI_COMMIT_SHORT_SHA"',
      '    - docker tag "$IMAGE:$CI_COMMIT_SHORT_SHA" "$IMAGE:${CI_COMMIT_TAG:-latest}"',
      '    - docker push "$IMAGE:${CI_COMMIT_TAG:-latest}"',
      '  rules: !reference [.rules, default_branch]',
    ], ['extends', 'stage', 'variables', 'needs', 'script', 'rules']);
  }

  // deployments
  if (rng.chance(0.6)) {
    const after = pkg ? `${name}:package` : `${name}:build`;
    const withStop = rng.chance(0.5);
    job('deploy:staging', [
      '  extends: .deploy_base',
      '  needs:',
      `    - ${after}`,
      ...varsBlock([`    HELM_RELEASE: ${name}`, '    NAMESPACE: staging']),
      `  resource_group: staging-${name}`,
      '  environment:',
      `    name: staging/${name}`,
      `    url: https://${name}.staging.example.com`,
      ...(withStop ? [`    on_stop: ${name}:stop:staging`, '    auto_stop_in: 2 weeks'] : []),
      '    deployment_tier: staging',
      '  script:',
      '    - >',
      `      helm upgrade --install "$HELM_RELEASE" charts/service --namespace "$NAMESPACE"`,
      `      --values ${dir}/deploy/values-staging.yaml`,
      '      --set image.tag="$CI_COMMIT_SHORT_SHA" --wait --timeout 5m',
      '  rules:',
      '    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH',
      '      changes:',
      `        - ${dir}/**/*`,
      '    - if: $CI_PIPELINE_SOURCE == "web" && $DEPLOY_ENVIRONMENT == "staging"',
      '      when: manual',
      '      allow_failure: true',
    ], ['extends', 'needs', 'variables', 'resource_group', 'environment', 'script', 'rules']);
    if (withStop) {
      job('stop:staging', [
        '  extends: .deploy_base',
        '  needs: []',
        '  variables:',
        '    GIT_STRATEGY: none',
        `    HELM_RELEASE: ${name}`,
        '  environment:',
        `    name: staging/${name}`,
        '    action: stop',
        '  script:',
        '    - helm uninstall "$HELM_RELEASE" --namespace staging --wait',
        '  rules:',
        '    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH',
        '      when: manual',
        '      allow_failure: true',
      ], ['extends', 'needs', 'variables', 'environment', 'script', 'rules']);
    }
    if (rng.chance(0.7)) {
      job('deploy:production', [
        '  extends: .deploy_base',
        '  needs:',
        `    - job: ${name}:deploy:staging`,
        '      artifacts: false',
        ...varsBlock([`    HELM_RELEASE: ${name}`, '    NAMESPACE: production']),
        `  resource_group: production-${name}`,
        '  environment:',
        `    name: production/${name}`,
        `    url: https://${name}.example.com`,
        '    deployment_tier: production',
        '    kubernetes:',
        '      agent: platform/agents:prod-eu1',
        '  script:',
        `    - helm upgrade --install "$HELM_RELEASE" charts/service --namespace "$NAMESPACE" --values ${dir}/deploy/values-production.yaml --set image.tag="$CI_COMMIT_SHORT_SHA" --atomic --timeout 10m`,
        '  rules: !reference [.rules, manual_production]',
      ], ['extends', 'needs', 'variables', 'resource_group', 'environment', 'script', 'rules']);
    }
  }

  if (rng.chance(0.1)) {
    job('release', [
      '  stage: release',
      '  image: registry.gitlab.com/gitlab-org/release-cli:latest',
      '  needs: []',
      '  script:',
      `    - echo "Releasing ${name} $CI_COMMIT_TAG"`,
      '  release:',
      `    tag_name: ${name}-$CI_COMMIT_TAG`,
      `    name: "${name} $CI_COMMIT_TAG"`,
      `    description: ${dir}/CHANGELOG.md`,
      '  rules:',
      '    - !reference [.rules, tags_only]',
    ], ['stage', 'image', 'needs', 'script', 'release', 'rules']);
  }
  if (rng.chance(0.05)) {
    job('docs', [
      '  stage: test',
      '  needs: []',
      '  inherit:',
      '    default: false',
      '    variables:',
      '      - GIT_DEPTH',
      '  trigger:',
      '    include:',
      `      - local: ${dir}/.gitlab/docs-pipeline.yml`,
      '    strategy: depend',
      '  rules:',
      '    - changes:',
      `        - ${dir}/docs/**/*`,
    ], ['stage', 'needs', 'inherit', 'trigger', 'rules']);
  }
  if (rng.chance(0.2)) {
    job('cleanup', [
      '  stage: cleanup',
      '  image: alpine:3.19',
      '  when: always',
      '  dependencies: []',
      '  variables:',
      '    GIT_STRATEGY: none',
      '  script:',
      `    - echo "cleaning up ${name} review leftovers"`,
      '    - rm -rf "$CI_PROJECT_DIR/.cache/tmp" || true',
    ], ['stage', 'image', 'when', 'dependencies', 'variables', 'script']);
  }
  for (const j of comp) if (jobs.length < N) jobs.push(j);
  ci++;
}

// ---------------------------------------------------------------- deliberate schema errors
const ERROR_KINDS = [
  { key: 'interruptible', lines: ['  interruptible: "yes"'], what: 'interruptible: string instead of boolean' },
  { key: 'artifactz', lines: ['  artifactz:', '    paths:', '      - dist/'], what: 'unknown property artifactz' },
  { key: 'retry', lines: ['  retry: 5'], what: 'retry above maximum 2' },
  { key: 'when', lines: ['  when: sometimes'], what: 'when: value not in enum' },
];
const injected = [];
for (let k = 0; k < Math.min(ERRORS, jobs.length); k++) {
  let idx = Math.floor(((k + 0.5) * jobs.length) / ERRORS);
  let kind = ERROR_KINDS[k % ERROR_KINDS.length];
  // find a job that does not already define this key (keeps the YAML free of duplicate keys)
  let guard = 0;
  while ((jobs[idx].keys.has(kind.key) || jobs[idx].injected) && guard++ < jobs.length) idx = (idx + 1) % jobs.length;
  jobs[idx].lines.push(...kind.lines);
  jobs[idx].keys.add(kind.key);
  jobs[idx].injected = kind;
}

L('# ---- jobs');
for (const j of jobs) {
  const first = out.length;
  L(`${j.name}:`);
  for (const l of j.lines) L(l);
  if (j.injected) {
    const at = first + j.lines.length - j.injected.lines.length + 1;
    injected.push({ job: j.name, line: at, what: j.injected.what });
  }
  L('');
}

const text = out.join('\n');
aliasCount = (text.match(/(^|[\s\[,])\*[A-Za-z_][\w-]*/gm) ?? []).length;
const summary = {
  jobs: jobs.length, hiddenJobs: hidden, components: ci, seed: SEED, anchors: ANCHORS ? 'yes' : 'none', aliases: aliasCount, errors: injected.length,
  lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0), bytes: Buffer.byteLength(text), injected,
};
if (args.out) { mkdirSync(dirname(String(args.out)), { recursive: true }); writeFileSync(String(args.out), text); }
else process.stdout.write(text);
if (!args.quiet) console.error(JSON.stringify(summary));
