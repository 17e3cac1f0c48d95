import { y, type RuleCases } from '../harness';

const k8s = '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = true\n';

export const cases: RuleCases = {
  valid: [
    { name: 'valid aliases (docker, my-db, db.local)', files: { '.gitlab-ci.yml': y`
      test:
        image: python:3.12
        services:
          - name: postgres:16
            alias: my-db,db.local
          - name: docker:29-dind
            alias: docker
        script: [pytest]
    `, 'config.toml': k8s } },
    { name: 'default aliases with __ are dropped silently, not an error', files: { '.gitlab-ci.yml': y`
      test:
        image: python:3.12
        services: [registry.example.com/group/postgres:16]
        script: [pytest]
    `, 'config.toml': k8s } },
    { name: 'alias from a variable', files: { '.gitlab-ci.yml': y`
      test:
        image: python:3.12
        services:
          - name: postgres:16
            alias: $DB_ALIAS
        script: [pytest]
    `, 'config.toml': k8s } },
    { name: 'shell runner ignores services', files: { '.gitlab-ci.yml': y`
      test:
        services:
          - name: postgres:16
            alias: my_db
        script: [pytest]
    `, 'config.toml': '[[runners]]\n  executor = "shell"\n' } },
  ],
  invalid: [
    {
      name: 'Kubernetes: underscore alias is fatal; DOCKER_HOST follows the rename',
      files: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services:
            - name: docker:29-dind
              alias: docker_daemon
          variables:
            DOCKER_HOST: tcp://docker_daemon:2375
            DOCKER_TLS_CERTDIR: ""
          script: [docker info]
      `, 'config.toml': k8s },
      findings: [{ line: 5, column: 14, endColumn: 27, severity: 'error', message: /provided host alias docker_daemon for service docker:29-dind is invalid DNS/ }],
      fixes: [{ title: "Rename the alias to 'docker-daemon' (and DOCKER_HOST)", output: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services:
            - name: docker:29-dind
              alias: docker-daemon
          variables:
            DOCKER_HOST: tcp://docker-daemon:2375
            DOCKER_TLS_CERTDIR: ""
          script: [docker info]
      ` } }],
    },
    {
      name: 'runner unknown: conditional warning on one token of a multi-alias',
      files: { '.gitlab-ci.yml': y`
        test:
          image: python:3.12
          services:
            - name: postgres:16
              alias: "db, My_DB"
          script: [pytest]
      ` },
      findings: [{ line: 5, column: 19, severity: 'warning', message: /^.{20,100}?[.!?] If this job runs on a Kubernetes executor/ }],
      fixes: [{ title: "Rename the alias to 'my-db'", output: { '.gitlab-ci.yml': y`
        test:
          image: python:3.12
          services:
            - name: postgres:16
              alias: "db, my-db"
          script: [pytest]
      ` } }],
    },
    {
      name: 'Docker runner: info',
      files: { '.gitlab-ci.yml': 'test:\n  image: python:3.12\n  services: [{ name: "redis:7", alias: cache_1 }]\n  script: [pytest]\n', 'config.toml': '[[runners]]\n  executor = "docker"\n' },
      findings: [{ line: 3, column: 40, severity: 'info' }],
      fixes: [{ title: "Rename the alias to 'cache-1'", output: { '.gitlab-ci.yml': 'test:\n  image: python:3.12\n  services: [{ name: "redis:7", alias: cache-1 }]\n  script: [pytest]\n' } }],
    },
  ],
};
