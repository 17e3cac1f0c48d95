import { y, type RuleCases } from '../harness';

// real-world Kubernetes pipeline (trimmed)
const report000 = (vars: string) => y`
  docker-build:
    image: docker:24-cli
    services:
      - name: docker:24-dind
        command: ["--tls=false"]
    variables:
      DOCKER_HOST: "tcp://docker:2375"
      DOCKER_TLS_CERTDIR: ""
${vars}
    script:
      - docker build -t "$CI_REGISTRY_IMAGE:latest" .
`;

export const cases: RuleCases = {
  valid: [
    { name: 'docker 20.10 CLI still needs DOCKER_BUILDKIT=1', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:20.10.24
        services: [docker:20.10.24-dind]
        variables:
          DOCKER_BUILDKIT: "1"
        script: [docker build .]
    ` } },
    { name: 'global DOCKER_BUILDKIT also used by an old CLI job', files: { '.gitlab-ci.yml': y`
      variables:
        DOCKER_BUILDKIT: "1"
      new:
        image: docker:29-cli
        script: [docker build .]
      old:
        image: docker:20.10.24
        script: [docker build .]
    ` } },
    { name: 'custom job image: CLI version unknown', files: { '.gitlab-ci.yml': y`
      build:
        image: registry.example.com/tools/builder:1
        variables:
          DOCKER_BUILDKIT: "1"
        script: [docker build .]
    ` } },
    { name: 'DOCKER_BUILDKIT=0 turns BuildKit off (not redundant)', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        variables:
          DOCKER_BUILDKIT: "0"
        script: [docker build .]
    ` } },
    { name: 'DOCKER_DRIVER vfs is a choice', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [docker:29-dind]
        variables:
          DOCKER_DRIVER: vfs
        script: [docker build .]
    ` } },
    { name: 'custom dind image: default driver unknown', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services:
          - name: registry.example.com/mydind:1
            alias: docker
        variables:
          DOCKER_DRIVER: overlay2
        script: [docker build .]
    ` } },
  ],
  invalid: [
    {
      name: 'real-world Kubernetes pipeline: both variables',
      files: { '.gitlab-ci.yml': report000('      DOCKER_DRIVER: "overlay2"\n      DOCKER_BUILDKIT: "1"') },
      findings: [
        { line: 9, column: 5, endLine: 9, endColumn: 30, severity: 'info', message: /overlay2 is the default storage driver/ },
        { line: 10, column: 5, endColumn: 25, severity: 'info', message: /default builder .* since Docker Engine 23\.0/ },
      ],
      fixes: [
        { title: 'Remove DOCKER_DRIVER', output: { '.gitlab-ci.yml': report000('      DOCKER_BUILDKIT: "1"') } },
        { title: 'Remove DOCKER_BUILDKIT', output: { '.gitlab-ci.yml': report000('      DOCKER_DRIVER: "overlay2"') } },
      ],
    },
    {
      name: 'global variable in an included file, the only entry',
      files: {
        '.gitlab-ci.yml': 'include: ci/vars.yml\nbuild:\n  image: docker:29-cli\n  script: [docker build .]\n',
        'ci/vars.yml': 'variables:\n  DOCKER_BUILDKIT: 1\nlint:\n  image: alpine\n  script: [true]\n',
      },
      file: 'ci/vars.yml',
      findings: [{ line: 2, column: 3, file: 'ci/vars.yml' }],
      fixes: [{ title: 'Remove DOCKER_BUILDKIT', output: { 'ci/vars.yml': 'lint:\n  image: alpine\n  script: [true]\n' } }],
    },
    {
      name: 'flow map',
      files: { '.gitlab-ci.yml': 'build:\n  image: docker:cli\n  services: [docker:dind]\n  variables: { DOCKER_DRIVER: overlay2, DOCKER_HOST: "tcp://docker:2376" }\n  script: [docker info]\n' },
      findings: [{ line: 4, column: 16 }],
      fixes: [{ title: 'Remove DOCKER_DRIVER', output: { '.gitlab-ci.yml': 'build:\n  image: docker:cli\n  services: [docker:dind]\n  variables: { DOCKER_HOST: "tcp://docker:2376" }\n  script: [docker info]\n' } }],
    },
  ],
};
