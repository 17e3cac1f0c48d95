import { y, type RuleCases } from '../harness';

const socketRunner = (vols = '["/var/run/docker.sock:/var/run/docker.sock", "/cache"]') => y`
  [[runners]]
    name = "docker-socket"
    executor = "docker"
    [runners.docker]
      image = "docker:29-cli"
      privileged = false
      volumes = ${vols}
`;
const shellRunner = y`
  [[runners]]
    name = "shell-docker"
    executor = "shell"
`;
const e2e = (cleanup: string) => y`
  e2e:
    image: docker:29-cli
    script:
      - docker run -d -p 5432:5432 postgres:16
      - docker run --rm app:test npm run e2e
    after_script:
      - ${cleanup}
`;

export const cases: RuleCases = {
  valid: [
    { name: 'dind job: the cleanup only touches the job\'s own dind daemon', files: { '.gitlab-ci.yml': y`
      e2e:
        image: docker:29-cli
        services: [docker:29-dind]
        script:
          - docker run -d postgres:16
        after_script:
          - docker rm -f $(docker ps -aq)
          - docker system prune -af
    `, 'config.toml': socketRunner('["/certs/client", "/cache"]') } },
    { name: 'runner without socket binding', files: { '.gitlab-ci.yml': e2e('docker rm -f $(docker ps -aq)'), 'config.toml': socketRunner('["/certs/client", "/cache"]') } },
    { name: 'no runner known', files: { '.gitlab-ci.yml': e2e('docker system prune -af') } },
    { name: 'scoped cleanups: label and name filters, labelled prune, docker image prune', files: { '.gitlab-ci.yml': y`
      e2e:
        image: docker:29-cli
        script:
          - docker run -d --label ci-job=$CI_JOB_ID postgres:16
        after_script:
          - docker rm -f $(docker ps -aq --filter label=ci-job=$CI_JOB_ID)
          - docker stop $(docker ps -q -f name=e2e-$CI_JOB_ID)
          - docker container prune -f --filter label=ci-job=$CI_JOB_ID
          - docker image prune -f
    `, 'config.toml': socketRunner() } },
  ],
  invalid: [
    {
      name: 'socket binding: docker rm -f $(docker ps -aq) after the job\'s own docker run lines',
      files: { '.gitlab-ci.yml': e2e('docker rm -f $(docker ps -aq)'), 'config.toml': socketRunner() },
      findings: [{ line: 7, column: 20, endColumn: 36, severity: 'warning', message: /other jobs' containers/ }],
      fixes: [{ title: 'Label the containers this job starts (--label ci-job=$CI_JOB_ID) and remove only those', output: { '.gitlab-ci.yml': y`
        e2e:
          image: docker:29-cli
          script:
            - docker run --label ci-job=$CI_JOB_ID -d -p 5432:5432 postgres:16
            - docker run --label ci-job=$CI_JOB_ID --rm app:test npm run e2e
          after_script:
            - docker rm -f $(docker ps -aq --filter label=ci-job=$CI_JOB_ID)
      ` } }],
    },
    {
      name: 'shell executor: prunes, and a kill before the job starts anything (no faithful fix: it cleans up other jobs\' leftovers)',
      files: { '.gitlab-ci.yml': y`
        deploy:
          before_script:
            - docker kill $(docker ps -q) || true
            - "docker container rm $(docker ps -a -q -f status=exited)"
          script:
            - docker build -t app .
            - docker system prune -af --volumes
            - docker volume prune -f && docker network prune -f
      `, 'config.toml': shellRunner },
      findings: [
        { line: 3, column: 19, endColumn: 34 },
        { line: 4, column: 28, endColumn: 63 },
        { line: 7, column: 14, endColumn: 26 },
        { line: 8, column: 14, endColumn: 26 },
        { line: 8, column: 40, endColumn: 53 },
      ],
    },
      {
      name: 'cleanup inherited from default: after_script (shared by every job: no fix)',
      files: { '.gitlab-ci.yml': y`
        default:
          after_script:
            - docker rm -f $(docker ps -a -q)
        e2e:
          image: docker:29-cli
          script:
            - docker run -d postgres:16
      `, 'config.toml': socketRunner() },
      findings: [{ line: 3, column: 20, endColumn: 38 }],
    },
  ],
};
