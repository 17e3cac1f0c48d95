import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'defaults under default: and rules: in jobs', files: { '.gitlab-ci.yml': y`
      default:
        image: docker:29-cli
        before_script:
          - docker info
      build:
        rules:
          - if: $CI_COMMIT_BRANCH == "main"
        script:
          - docker build -t app .
    ` } },
    { name: 'top-level and default: both set: left to top-level-and-default-conflict', files: { '.gitlab-ci.yml': 'image: alpine:3.20\ndefault:\n  image: alpine:3.21\nbuild:\n  script:\n    - echo hi\n' } },
    { name: 'global variables are not deprecated', files: { '.gitlab-ci.yml': 'variables:\n  A: b\nbuild:\n  script:\n    - echo $A\n' } },
  ],
  invalid: [
    {
      name: 'real-world case shape: global image and services, except: in a job; moved into a new default:',
      files: { '.gitlab-ci.yml': y`
        image: docker:29-cli
        services:
          - name: docker:29-dind
            alias: docker
        stages: [build]
        build:
          stage: build
          except:
            - tags
          script:
            - docker build -t app .
      ` },
      findings: [
        { line: 1, column: 1, endColumn: 6, severity: 'info', message: /top-level `image:` is deprecated/ },
        { line: 2, column: 1, message: /top-level `services:`/ },
        { line: 8, column: 3, endColumn: 9, message: /`except:` is deprecated.*rules:/ },
      ],
      fixes: [{ title: 'Move top-level image, services into default:', output: { '.gitlab-ci.yml': y`
        default:
          image: docker:29-cli
          services:
            - name: docker:29-dind
              alias: docker
        stages: [build]
        build:
          stage: build
          except:
            - tags
          script:
            - docker build -t app .
      ` } }],
    },
    {
      name: 'global before_script next to an existing default: (real-world case: docker info for every job)',
      files: { '.gitlab-ci.yml': y`
        default:
          image: docker:29-cli
        before_script:
          - docker info
        build:
          script:
            - docker build -t app .
      ` },
      findings: [{ line: 3, column: 1, message: /top-level `before_script:`/ }],
      fixes: [{ title: 'Move top-level before_script into default:', output: { '.gitlab-ci.yml': y`
        default:
          image: docker:29-cli
          before_script:
            - docker info
        build:
          script:
            - docker build -t app .
      ` } }],
    },
    {
      name: 'an anchored global value is reported but not moved',
      files: { '.gitlab-ci.yml': '.img: &img alpine:3.20\nimage: *img\nbuild:\n  script:\n    - echo hi\n' },
      findings: [{ line: 2, column: 1 }],
    },
  ],
};
