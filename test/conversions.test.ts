/** Job conversions (dind / socket binding → Buildah, BuildKit rootless, Kaniko): applied, re-analysed, keys kept. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { conversions } from '../server/src/edits/conversions';
import { buildStrategyActions } from '../server/src/lsp/strategy-actions';
import { applyEdits as applyOffsetEdits } from '../server/src/engine/fixer';
import { analyze, y } from './harness';

const CI = y`
  stages: [build, deploy]
  build-image:
    stage: build
    image: docker:29-cli
    services:
      - docker:29-dind
    variables:
      DOCKER_HOST: tcp://docker:2376
      DOCKER_TLS_CERTDIR: "/certs"
      APP: web
    rules:
      - if: $CI_COMMIT_BRANCH == "main"
    tags: [linux]
    needs: []
    before_script:
      - docker info
      - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"
    script:
      - docker build --pull -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" -f docker/Dockerfile --build-arg "APP=$APP" .
      - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"
    artifacts:
      paths: [out/]
`;

function convert(target: string, text = CI) {
  const { ws } = analyze({ '.gitlab-ci.yml': text }, '.gitlab-ci.yml');
  const job = ws.jobsIn('/w/.gitlab-ci.yml').find((j) => j.name === 'build-image')!;
  const c = conversions(job, text).find((x) => x.target === target)!;
  return c;
}

for (const target of ['buildah', 'buildkit-rootless', 'kaniko']) {
  test(`convert to ${target}: keeps stage/rules/tags/needs/artifacts, drops dind, analyses without errors or warnings`, () => {
    const c = convert(target);
    assert.equal(c.disabled, undefined, c.disabled);
    const out = applyOffsetEdits(CI, c.edits!);
    const job = parse(out)['build-image'];
    assert.equal(job.stage, 'build');
    assert.deepEqual(job.rules, [{ if: '$CI_COMMIT_BRANCH == "main"' }]);
    assert.deepEqual(job.tags, ['linux']);
    assert.deepEqual(job.needs, []);
    assert.deepEqual(job.artifacts, { paths: ['out/'] });
    assert.equal(job.services, undefined);
    assert.equal(job.variables?.DOCKER_HOST, undefined);
    assert.equal(job.variables?.APP, 'web');
    assert.ok(!JSON.stringify(job).includes('docker build'), out);
    const findings = analyze({ '.gitlab-ci.yml': out }, '.gitlab-ci.yml').findings.filter((f) => f.severity !== 'info');
    assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), [], out);
  });
}

test('buildah conversion text', () => {
  const out = applyOffsetEdits(CI, convert('buildah').edits!);
  assert.match(out, /image: quay\.io\/buildah\/stable:v/);
  assert.match(out, /echo "\$CI_REGISTRY_PASSWORD" \| buildah login -u "\$CI_REGISTRY_USER" --password-stdin "\$CI_REGISTRY"/);
  assert.match(out, /- buildah build -t "\$CI_REGISTRY_IMAGE:\$CI_COMMIT_SHA" -f "docker\/Dockerfile" --build-arg "APP=\$APP" \./);
  assert.match(out, /- buildah push "\$CI_REGISTRY_IMAGE:\$CI_COMMIT_SHA"/);
  assert.match(out, /STORAGE_DRIVER: vfs/);
});

test('kaniko conversion pushes through --destination and needs no login for the GitLab registry', () => {
  const out = applyOffsetEdits(CI, convert('kaniko').edits!);
  assert.match(out, /\/kaniko\/executor --context "\$CI_PROJECT_DIR" --dockerfile "\$CI_PROJECT_DIR\/docker\/Dockerfile" --destination "\$CI_REGISTRY_IMAGE:\$CI_COMMIT_SHA"/);
  assert.doesNotMatch(out, /docker login|docker push|docker info/);
  assert.match(out, /entrypoint:/);
});

test('a job that also runs containers is not converted, and says why', () => {
  const text = CI.replace('    - docker push', '    - docker run --rm "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" ./test.sh\n    - docker push');
  const c = convert('buildah', text);
  assert.equal(c.edits, undefined);
  assert.match(c.disabled!, /docker run/);
});

test('a job written as a flow map is converted in flow style (valid YAML, image map inline)', () => {
  const text = 'build-image: { stage: build, image: docker:29-cli, services: [docker:29-dind], script: [docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" ., docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"] }\n';
  const c = convert('kaniko', text);
  assert.equal(c.disabled, undefined, c.disabled);
  const out = applyOffsetEdits(text, c.edits!);
  const job = parse(out)['build-image'];
  assert.deepEqual(job.image, { name: 'ghcr.io/osscontainertools/kaniko:debug', entrypoint: [''] }, out);
  assert.equal(job.stage, 'build');
  assert.equal(job.services, undefined, out);
  assert.ok(!out.includes('\n  '), `stays on one line: ${out}`);
});

test('one definition of a docker build job: the picker action and the conversion actions go together', () => {
  const jobs: [string, boolean][] = [
    ['  script:\n    - docker buildx build --push -t "$CI_REGISTRY_IMAGE" .\n', true], // buildx only: both (conversions disabled, with the reason)
    ['  script:\n    - docker build -t app .\n', true],
    ['  script:\n    - docker run --rm alpine true\n', false], // no image build: neither
  ];
  for (const [script, expected] of jobs) {
    const text = `build-image:\n  image: docker:29-cli\n  services: [docker:29-dind]\n${script}`;
    const { ws } = analyze({ '.gitlab-ci.yml': text }, '.gitlab-ci.yml');
    const actions = buildStrategyActions(ws, '/w/.gitlab-ci.yml', 'file:///w/.gitlab-ci.yml', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text);
    const picker = actions.filter((a) => a.command?.command === 'dindDoctor.chooseBuildStrategy');
    const converts = actions.filter((a) => a.title.startsWith("Convert 'build-image'"));
    assert.equal(picker.length, expected ? 1 : 0, script);
    assert.equal(converts.length, expected ? 3 : 0, script);
    if (script.includes('buildx')) assert.ok(converts.every((a) => /docker buildx/.test(a.disabled?.reason ?? '')), JSON.stringify(converts));
  }
});
