import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'dind 20.10', files: { '.gitlab-ci.yml': 'build:\n  image: docker:20.10.16\n  services: [docker:20.10.16-dind]\n  script: [docker info]\n' } },
    { name: 'bare 19.03 is the CLI image, not a dind service', files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  services: [docker:19.03]\n  script: [docker info]\n' } },
    { name: 'custom dind image: version unknown', files: { '.gitlab-ci.yml': 'build:\n  services: [{name: "registry.example.com/mydind:19.03", alias: docker}]\n  script: [docker info]\n' } },
  ],
  invalid: [
    {
      name: 'custom-registry 19.03-dind with alias docker (real-world mixed-runner pipeline)',
      files: { '.gitlab-ci.yml': y`
        image: harbor-registry.inner.yd.com/devops/docker:19.03
        services:
          - name: harbor-registry.inner.yd.com/devops/docker:19.03-dind
            alias: docker
        build-image:
          script:
            - docker build -t app .
      ` },
      findings: [{ line: 3, column: 11, severity: 'warning', message: /cgroup mountpoint does not exist/ }],
      fixes: [{ title: 'Upgrade the service to harbor-registry.inner.yd.com/devops/docker:29-dind and the job image to harbor-registry.inner.yd.com/devops/docker:29-cli', output: { '.gitlab-ci.yml': y`
        image: harbor-registry.inner.yd.com/devops/docker:29-cli
        services:
          - name: harbor-registry.inner.yd.com/devops/docker:29-dind
            alias: docker
        build-image:
          script:
            - docker build -t app .
      ` } }],
    },
    {
      name: 'docker:19.03.13-dind in default (real-world Helm-runner pipeline), CLI already current',
      files: { '.gitlab-ci.yml': y`
        default:
          image: docker:29-cli
          services:
            - docker:19.03.13-dind
        build:
          script: [docker info]
      ` },
      findings: [{ line: 4, column: 7 }],
      fixes: [{ title: 'Upgrade the service to docker:29-dind', output: { '.gitlab-ci.yml': y`
        default:
          image: docker:29-cli
          services:
            - docker:29-dind
        build:
          script: [docker info]
      ` } }],
    },
  ],
};
