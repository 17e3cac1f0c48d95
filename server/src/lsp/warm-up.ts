/**
 * Warming up while idle: the first analysis of a process runs every parser, model builder and rule for the first time
 * (V8 compiles each function on its first call and runs it in its interpreter until it is hot), which is about a fifth
 * of what opening a file costs. The language server is started when a workspace holds CI files, usually before one is
 * opened; meanwhile it analyses a small built-in pipeline and runner config, in an engine of its own over memory (no
 * disk, no workspace file), in short steps that stop for good as soon as a real file is to be analysed.
 */
import { Workspace } from '../engine/workspace';
import type { FileSystem, Finding } from '../engine/types';

const ROOT = '/dind-doctor-warm-up';

/** A pipeline that touches most of what the rules read: dind with TLS, Kaniko, Buildah, BuildKit, socket binding. */
const CI = `stages: [build, test]
variables:
  DOCKER_HOST: tcp://docker:2375
.docker: &docker
  image: docker:29-cli
  services:
    - name: docker:29-dind
      alias: docker
  before_script:
    - docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" "$CI_REGISTRY"
build:
  <<: *docker
  stage: build
  variables:
    DOCKER_TLS_CERTDIR: "/certs"
  script:
    - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .
    - docker push "$CI_REGISTRY_IMAGE:latest"
test:
  extends: .docker
  stage: test
  script:
    - !reference [.docker, before_script]
    - docker compose up -d
kaniko:
  image: gcr.io/kaniko-project/executor:debug
  rules: [{ if: '$CI_COMMIT_TAG' }]
  script:
    - /kaniko/executor --context "$CI_PROJECT_DIR" --destination "$CI_REGISTRY_IMAGE:$CI_COMMIT_TAG"
buildah:
  image: quay.io/buildah/stable
  script: [buildah bud -t app ., buildah push app]
buildkit:
  image: moby/buildkit:rootless
  variables: { BUILDKITD_FLAGS: --oci-worker-no-process-sandbox }
  script: [buildctl-daemonless.sh build --frontend dockerfile.v0 --local context=. --local dockerfile=.]
socket:
  image: docker:29-cli
  script: [docker run --name helper alpine true]
`;

const TOML = `concurrent = 4
[[runners]]
  name = "docker"
  url = "https://gitlab.example.com/"
  executor = "docker"
  [runners.docker]
    image = "docker:29-cli"
    privileged = true
    volumes = ["/certs/client", "/cache", "/var/run/docker.sock:/var/run/docker.sock"]
[[runners]]
  name = "kubernetes"
  url = "https://gitlab.example.com/"
  executor = "kubernetes"
  [runners.kubernetes]
    privileged = true
    [[runners.kubernetes.volumes.empty_dir]]
      name = "certs"
      mount_path = "/certs/client"
`;

const FILES: Record<string, string> = { [`${ROOT}/.gitlab-ci.yml`]: CI, [`${ROOT}/config.toml`]: TOML };
const memory: FileSystem = { readFile: (p) => FILES[p], listFiles: () => Object.keys(FILES) };

/** The warm-up's steps: analysing the built-in CI file, then the built-in runner config. Returns what they found. */
export function* warmUpSteps(): Generator<void, Finding[], void> {
  const ws = new Workspace(memory, { roots: [ROOT] });
  const found: Finding[] = [];
  for (const file of Object.keys(FILES)) found.push(...(yield* ws.analyzeSteps(file)));
  return found;
}
