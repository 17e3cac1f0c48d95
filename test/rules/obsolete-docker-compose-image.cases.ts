import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'docker:29-cli with docker compose', files: { '.gitlab-ci.yml': 'test:\n  image: docker:29-cli\n  script: [docker compose up -d]\n' } },
    { name: 'a compose image from another namespace', files: { '.gitlab-ci.yml': 'test:\n  image: tmaier/docker-compose:latest\n  script: [docker-compose up -d]\n' } },
  ],
  invalid: [
    {
      name: 'docker/compose with entrypoint reset',
      files: { '.gitlab-ci.yml': y`
        test:
          image:
            name: docker/compose:1.29.2
            entrypoint: [""]
          script:
            - docker-compose up -d
      ` },
      findings: [{ line: 3, column: 11, endColumn: 32, severity: 'warning', message: /obsolete/ }],
      fixes: [{ title: 'Use docker:29-cli', output: { '.gitlab-ci.yml': y`
        test:
          image:
            name: docker:29-cli
            entrypoint: [""]
          script:
            - docker-compose up -d
      ` } }],
    },
  ],
};
