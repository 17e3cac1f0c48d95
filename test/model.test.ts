/** Unit tests of parsing with origins and of the effective pipeline model (how GitLab builds a job's config). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml, get, str } from '../server/src/formats/yaml';
import { parseToml, tget, tstr } from '../server/src/formats/toml';
import { readHelmValues, neutraliseTemplates } from '../server/src/formats/helm';
import { LineIndex } from '../server/src/formats/text';
import { buildPipeline, jobCommands } from '../server/src/model/pipeline';
import { readRunnerConfig, dockerVolumes, k8sVolumes, privilegedForService, socketBound } from '../server/src/model/runner';
import { splitCommands } from '../server/src/model/shell';
import { MemoryFs, y } from './harness';

function pipeline(files: Record<string, string>, main = '.gitlab-ci.yml') {
  const fs = new MemoryFs(files);
  return buildPipeline(`/w/${main}`, { root: '/w', load: (p) => { const t = fs.readFile(p); return t === undefined ? undefined : parseYaml(p, t); }, listFiles: () => [...fs.files.keys()] });
}
const pos = (text: string, off: number) => { const p = new LineIndex(text).position(off); return `${p.line + 1}:${p.character + 1}`; };

test('merge keys follow GitLab\'s loader: document order, repeated << accepted, explicit keys after << win', () => {
  const t = y`
    .a: &a { image: a, tags: [x] }
    .b: &b { image: b }
    job:
      <<: *a
      <<: *b
      tags: [y]
  `;
  const r = parseYaml('/f', t);
  assert.deepEqual(r.problems, []);
  const job = get(r.root, 'job');
  assert.equal(str(get(job, 'image')), 'b');
  assert.equal(str(get(get(job, 'tags'), '0')), undefined);
  const tags = get(job, 'tags');
  assert.equal(tags?.kind === 'seq' && str(tags.items[0]), 'y');
  // the merged value keeps the origin of the anchor
  const img = get(job, 'image')!;
  assert.equal(pos(t, img.start), '2:17');
});

test('alias bombs stay linear (anchors are shared, not copied)', () => {
  let t = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 30; i++) t += `${String.fromCharCode(97 + (i % 26))}${i}: &n${i} [${Array(10).fill(i === 1 ? '*a' : `*n${i - 1}`).join(', ')}]\n`;
  const t0 = Date.now();
  const r = parseYaml('/f', t + 'job:\n  script: [echo]\n');
  assert.ok(Date.now() - t0 < 2000);
  assert.ok(r.root);
});

test('!reference becomes a reference node with its path', () => {
  const r = parseYaml('/f', 'job:\n  script: !reference [.t, script]\n');
  const s = get(get(r.root, 'job'), 'script')!;
  assert.equal(s.kind, 'ref');
  assert.deepEqual(s.kind === 'ref' && s.path, ['.t', 'script']);
});

test('effective job: include local (main wins, arrays replaced), extends (multi-parent, null removes), default + inherit, variables', () => {
  const p = pipeline({
    '.gitlab-ci.yml': y`
      include:
        - local: ci/base.yml
      variables:
        GLOBAL: g
        DOCKER_HOST: tcp://docker:2376
      default:
        image: docker:29-cli
        services: [docker:29-dind]
        before_script: [docker info]
      job:
        extends: [.one, .two]
        variables:
          OWN: o
          DROP: null
        script: [docker build .]
      plain:
        inherit:
          default: false
          variables: [GLOBAL]
        image: alpine:3
        script: [echo]
    `,
    'ci/base.yml': y`
      variables:
        FROM_INCLUDE: i
        GLOBAL: overridden-by-main
      .one:
        variables: { A: one, DROP: x }
        services: [postgres:16]
      .two:
        variables: { A: two }
        tags: [t]
    `,
  });
  assert.equal(p.partial, false);
  const job = p.jobs.find((j) => j.name === 'job')!;
  assert.equal(job.variables.get('A')!.value, 'two');
  assert.equal(job.variables.get('GLOBAL')!.value, 'g');
  assert.equal(job.variables.get('FROM_INCLUDE')!.value, 'i');
  assert.equal(job.variables.has('DROP'), false);
  assert.deepEqual(job.services.map((s) => s.name), ['postgres:16']); // extends replaces, default not applied
  assert.equal(job.keySource.get('services'), 'extends');
  assert.equal(job.image!.ref.raw, 'docker:29-cli');
  assert.equal(job.keySource.get('image'), 'default');
  assert.deepEqual(job.scripts.map((s) => `${s.section}:${s.text}:${s.source}`), ['before_script:docker info:default', 'script:docker build .:own']);
  assert.equal(job.variables.get('A')!.entry.file, '/w/ci/base.yml');
  const plain = p.jobs.find((j) => j.name === 'plain')!;
  assert.equal(plain.services.length, 0);
  assert.deepEqual([...plain.variables.keys()], ['GLOBAL']);
});

test('!reference is resolved after extends and flattened in scripts; remote includes make the pipeline partial', () => {
  const p = pipeline({ '.gitlab-ci.yml': y`
    include:
      - remote: https://example.com/x.yml
    .setup:
      script: [echo one, echo two]
    .child:
      extends: .setup
    job:
      script:
        - !reference [.child, script]
        - echo three
  ` });
  assert.equal(p.partial, true);
  const job = p.jobs.find((j) => j.name === 'job')!;
  assert.deepEqual(job.scripts.map((s) => s.text), ['echo one', 'echo two', 'echo three']);
  assert.equal(job.partial, true);
});

test('service aliases (alias derivation)', () => {
  const p = pipeline({ '.gitlab-ci.yml': y`
    job:
      services:
        - docker:24.0.5-dind
        - registry.example.com:5000/group/docker:20-dind
        - name: library/docker:dind
          alias: docker, other
        - $CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX/docker:24-dind
      script: [echo]
  ` });
  const s = p.jobs[0].services;
  assert.deepEqual(s[0].aliases, ['docker']);
  assert.deepEqual(s[1].aliases, ['registry.example.com__group__docker', 'registry.example.com-group-docker']);
  assert.deepEqual(s[2].aliases, ['library__docker', 'library-docker', 'docker', 'other']);
  assert.equal(s[3].aliases, undefined);
});

test('script commands keep exact file positions inside block scalars, heredocs included', () => {
  const t = y`
    job:
      script:
        - |
          mkdir -p /kaniko/.docker
          cat > /kaniko/.docker/config.json <<'JSON'
          {"auths":{"$CI_REGISTRY":{}}}
          JSON
          docker build \\
            --cache-from app .
  `;
  const p = pipeline({ '.gitlab-ci.yml': t });
  const cmds = jobCommands(p.jobs[0]);
  assert.deepEqual(cmds.map((c) => c.words[0].text), ['mkdir', 'cat', 'docker']);
  const hd = cmds[1].heredocs[0];
  assert.equal(hd.delimiter, 'JSON');
  assert.equal(hd.quoted, true);
  assert.equal(pos(t, hd.opStart), '5:41');
  const cache = cmds[2].words.find((w) => w.text === '--cache-from')!;
  assert.equal(pos(t, cache.start), '9:9');
  assert.equal(t.slice(cache.start, cache.end), '--cache-from');
});

test('shell lexer: quotes, substitutions, operators and leading keywords', () => {
  const cs = splitCommands('if docker info; then echo "$(docker ps -q)" && FOO=1 sudo docker rm -f x; fi # c');
  assert.deepEqual(cs.map((c) => c.words.map((w) => w.text).join(' ')), ['docker info', 'docker ps -q', 'echo $(docker ps -q)', 'docker rm -f x']);
  assert.equal(cs[3].assignments[0].text, 'FOO=1');
  assert.equal(cs[1].substituted, true);
});

test('TOML: runners, volumes and privileges with positions', () => {
  const t = y`
    [[runners]]
      executor = "docker"
      [runners.docker]
        privileged = false
        services_privileged = true
        allowed_privileged_services = ["docker:*-dind"]
        volumes = ["/certs/client", "/var/run/docker.sock:/var/run/docker.sock:ro"]
    [[runners]]
      executor = "kubernetes"
      [runners.kubernetes]
        [[runners.kubernetes.volumes.secret]]
          name = "ca"
          mount_path = "/certs/client"
  `;
  const doc = parseToml('/c.toml', t);
  assert.deepEqual(doc.problems, []);
  const rc = readRunnerConfig(doc, false);
  assert.equal(rc.runners.length, 2);
  const [d, k] = rc.runners;
  assert.equal(d.executor, 'docker');
  assert.deepEqual(dockerVolumes(d).map((v) => [v.host, v.container, v.mode]), [[undefined, '/certs/client', undefined], ['/var/run/docker.sock', '/var/run/docker.sock', 'ro']]);
  assert.equal(socketBound(d), true);
  assert.equal(privilegedForService(d, 'docker:29-dind'), true);
  assert.equal(privilegedForService(d, 'registry.x/docker:29-dind'), false);
  assert.equal(k.executor, 'kubernetes');
  const v = k8sVolumes(k)[0];
  assert.equal(v.type, 'secret');
  assert.equal(pos(t, v.mountPathEntry!.value.start), '13:20');
  assert.equal(tstr(tget(k.table, 'executor')), 'kubernetes');
});

test('Helm values: embedded TOML positions map into values.yaml; Go templates are neutralised', () => {
  const t = y`
    runners:
      config: |
        [[runners]]
          [runners.kubernetes]
            namespace = "{{.Release.Namespace}}"
            image = {{ .Values.image | quote }}
            {{- if .Values.privileged }}
            privileged = true
            {{- end }}
  `;
  const h = readHelmValues(parseYaml('/values.yaml', t));
  const doc = h.runnerConfig!;
  assert.deepEqual(doc.problems, []);
  assert.equal(doc.templated, true);
  const k8s = readRunnerConfig(doc, true).runners[0];
  assert.equal(k8s.executor, 'kubernetes');
  const priv = k8s.kubernetes!.entries.get('privileged')!;
  assert.equal(pos(t, priv.keyStart), '8:9');
  assert.equal(doc.baseIndent, '    ');
  assert.equal(neutraliseTemplates('a = {{ x }}').text.length, 'a = {{ x }}'.length);
});
