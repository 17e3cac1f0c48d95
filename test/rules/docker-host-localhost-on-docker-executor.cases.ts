import { y, type RuleCases } from '../harness';

const job = y`
  build:
    image: docker:19.03.5-dind
    services:
      - docker:19.03.5-dind
    variables:
      DOCKER_HOST: tcp://localhost:2375
      DOCKER_TLS_CERTDIR: ""
    script:
      - docker build -t app .
`;
const dockerRunner = '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n';

export const cases: RuleCases = {
  valid: [
    { name: 'Kubernetes executor: localhost is right (troubleshooting docs example)', files: { '.gitlab-ci.yml': job, 'config.toml': '[[runners]]\n  executor = "kubernetes"\n' } },
    { name: 'runner unknown: stays quiet', files: { '.gitlab-ci.yml': job } },
    { name: 'Docker executor with tcp://docker:2375', files: { '.gitlab-ci.yml': job.replace('localhost', 'docker'), 'config.toml': dockerRunner } },
    { name: 'localhost without a dind service (a daemon in the job image)', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        variables:
          DOCKER_HOST: tcp://localhost:2375
        script: [dockerd & sleep 5, docker info]
    `, 'config.toml': dockerRunner } },
  ],
  invalid: [
    {
      name: 'corpus team-parallax: localhost on a Docker runner',
      files: { '.gitlab-ci.yml': job, 'config.toml': dockerRunner },
      findings: [{ line: 6, column: 18, endColumn: 38, severity: 'error', message: /localhost is the build container itself/ }],
      fixes: [{ title: 'Use the service host name: tcp://docker:2375', output: { '.gitlab-ci.yml': job.replace('localhost', 'docker') } }],
    },
    {
      name: 'assumed Docker executor, 127.0.0.1, TLS: the fix keeps the certificate name docker',
      files: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services:
            - name: registry.example.com/docker:29-dind
              alias: dind
          variables:
            DOCKER_HOST: "tcp://127.0.0.1:2376"
          script: [docker info]
      ` },
      options: { runner: { executor: 'docker' } },
      findings: [{ line: 7, column: 18, severity: 'error' }],
      fixes: [{ title: "Use the service host name: tcp://docker:2376, and add the alias docker to service 'registry.example.com/docker:29-dind'", output: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services:
            - name: registry.example.com/docker:29-dind
              alias: dind,docker
          variables:
            DOCKER_HOST: "tcp://docker:2376"
          script: [docker info]
      ` } }],
    },
  ],
};
