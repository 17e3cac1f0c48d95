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
const smoke = y`
  smoke:
    image: docker:29-cli
    script:
      - docker run -d --name web -p 8080:80 nginx:1.27
      - docker exec web nginx -t
      - docker logs web
    after_script:
      - docker rm -f web
`;

export const cases: RuleCases = {
  valid: [
    { name: 'dind job: the name lives on the job\'s own daemon', files: { '.gitlab-ci.yml': y`
      smoke:
        image: docker:29-cli
        services: [docker:29-dind]
        script:
          - docker run -d --name web nginx:1.27
    `, 'config.toml': socketRunner() } },
    { name: 'runner without socket binding', files: { '.gitlab-ci.yml': smoke, 'config.toml': socketRunner('["/certs/client", "/cache"]') } },
    { name: 'no runner known', files: { '.gitlab-ci.yml': smoke } },
    { name: 'names made unique with variables; --name of other commands', files: { '.gitlab-ci.yml': y`
      smoke:
        image: docker:29-cli
        script:
          - docker run -d --name "web-$CI_JOB_ID" nginx:1.27
          - docker run -d --name=db-\${CI_PIPELINE_ID}-\${CI_JOB_ID} postgres:16
          - docker buildx create --use --name multiarch
          - docker run --rm alpine:3 sh -c 'echo --name fixed'
    `, 'config.toml': socketRunner() } },
  ],
  invalid: [
    {
      name: 'socket binding: --name web, referenced by exec, logs and rm',
      files: { '.gitlab-ci.yml': smoke, 'config.toml': socketRunner() },
      findings: [{ line: 4, column: 28, endColumn: 31, severity: 'info', message: /already in use/ }],
      fixes: [{ title: 'Name the container "web-$CI_JOB_ID" (unique per job)', output: { '.gitlab-ci.yml': y`
        smoke:
          image: docker:29-cli
          script:
            - docker run -d --name "web-$CI_JOB_ID" -p 8080:80 nginx:1.27
            - docker exec "web-$CI_JOB_ID" nginx -t
            - docker logs "web-$CI_JOB_ID"
          after_script:
            - docker rm -f "web-$CI_JOB_ID"
      ` } }],
    },
    {
      name: 'shell executor, --name=app inside a double-quoted scalar',
      files: { '.gitlab-ci.yml': y`
        test:
          script:
            - "docker run --rm --name=app -v /srv/app:/data alpine:3 ls /data"
      `, 'config.toml': shellRunner },
      findings: [{ line: 3, column: 31, endColumn: 34 }],
      fixes: [{ title: 'Name the container "app-$CI_JOB_ID" (unique per job)', output: { '.gitlab-ci.yml': y`
        test:
          script:
            - "docker run --rm --name=\\"app-$CI_JOB_ID\\" -v /srv/app:/data alpine:3 ls /data"
      ` } }],
    },
    {
      name: 'the name is also the image name (no fix: the rewrite would rename the image)',
      files: { '.gitlab-ci.yml': y`
        test:
          image: docker:29-cli
          script:
            - docker build -t app .
            - docker create --name app app
      `, 'config.toml': socketRunner() },
      findings: [{ line: 5, column: 28 }],
    },
      {
      name: 'another job stops the container by name (no fix: a per-job name would break it)',
      files: { '.gitlab-ci.yml': y`
        start:
          image: docker:29-cli
          script:
            - docker run -d --name registry registry:2
        stop:
          image: docker:29-cli
          script:
            - docker stop registry
      `, 'config.toml': socketRunner() },
      findings: [{ line: 4, column: 28 }],
    },
  ],
};
