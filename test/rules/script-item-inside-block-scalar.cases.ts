import type { RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'items written as items', files: { '.gitlab-ci.yml': 'build:\n  script:\n    - |\n      docker build -t app .\n    - docker push app\n' } },
    { name: 'a dash that is an argument after a line continuation', files: { '.gitlab-ci.yml': 'build:\n  script:\n    - |\n      docker run --rm \\\n        - echo hi\n' } },
    { name: 'heredoc body holding a YAML list', files: { '.gitlab-ci.yml': "build:\n  script:\n    - |\n      cat > list.yml <<'EOF'\n      - one\n      - two\n      EOF\n" } },
    { name: 'quoted dash inside a multi-line string', files: { '.gitlab-ci.yml': 'build:\n  script:\n    - |\n      echo "first\n      - second"\n' } },
    { name: 'a dash in the middle of a line', files: { '.gitlab-ci.yml': 'build:\n  script:\n    - |\n      tar -c - . | gzip > a.tgz\n' } },
    { name: 'folded block whose dash line is more indented (kept on its own line, but an argument after `\\`)', files: { '.gitlab-ci.yml': 'build:\n  script:\n    - >\n      docker build\n        --pull .\n' } },
    { name: 'plain multi-line item (not a block scalar)', files: { '.gitlab-ci.yml': 'build:\n  script:\n    - echo a\n      - b\n' } },
  ],
  invalid: [
    {
      name: 'a docker push written inside the | item of a docker build',
      files: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  script:\n    - |\n      docker build -t "$CI_REGISTRY_IMAGE" .\n      - docker push "$CI_REGISTRY_IMAGE"\n' },
      findings: [{ line: 6, column: 7, endColumn: 41, severity: 'error', message: /^.{20,100}?[.!?] This line is inside the `\|` block of the script item above, so it is shell text, not a new script item: the shell runs a command named `-` and the job fails with `\/bin\/sh: eval: line N: -: not found`\. Outdent it to the item's `-` so 'docker push "\$CI_REGISTRY_IMAGE"' is a list item of its own\.$/ }],
      fixes: [{ title: 'Make the indented `- …` lines script items of their own (the docker push is then checked too: push-mutable-tag-only)', output: { '.gitlab-ci.yml': 'build:\n  image: docker:29-cli\n  script:\n    - |\n      docker build -t "$CI_REGISTRY_IMAGE" .\n    - docker push "$CI_REGISTRY_IMAGE"\n' } }],
    },
    {
      name: 'two trailing dash lines in before_script, one needs quotes',
      files: { '.gitlab-ci.yml': 'build:\n  before_script:\n    - |\n      apk add curl\n      - echo "ready: yes"\n      - docker info\n  script:\n    - docker build .\n' },
      findings: [{ line: 5, column: 7, severity: 'error', message: /before_script item above/ }, { line: 6, column: 7, severity: 'error' }],
      fixes: [{ title: 'Make the indented `- …` lines script items of their own', output: { '.gitlab-ci.yml': "build:\n  before_script:\n    - |\n      apk add curl\n    - 'echo \"ready: yes\"'\n    - docker info\n  script:\n    - docker build .\n" } }],
    },
    {
      name: 'dash line followed by more shell: reported, no fix (which lines belong to the new item is not clear)',
      files: { '.gitlab-ci.yml': 'build:\n  script:\n    - |\n      echo one\n      - echo two\n      echo three\n' },
      findings: [{ line: 5, column: 7, severity: 'error' }],
    },
    {
      name: 'script: | (one string, not a list): reported, no fix',
      files: { '.gitlab-ci.yml': 'build:\n  script: |\n    echo one\n    - echo two\n' },
      findings: [{ line: 4, column: 5, severity: 'error' }],
    },
    {
      name: 'folded block: the dash line joins the command above (warning)',
      files: { '.gitlab-ci.yml': 'build:\n  script:\n    - >\n      docker build -t app .\n      - docker push app\n' },
      findings: [{ line: 5, column: 7, severity: 'warning', message: /folds it into the previous line: '- docker push app' becomes arguments/ }],
    },
    {
      name: 'in a hidden template used through extends: reported where written',
      files: { '.gitlab-ci.yml': '.push:\n  after_script:\n    - |\n      docker logout\n      - echo done\nbuild:\n  extends: .push\n  script:\n    - echo hi\n' },
      findings: [{ line: 5, column: 7, severity: 'error', message: /after_script item above/ }],
      fixes: [{ title: 'Make the indented `- …` lines script items of their own', output: { '.gitlab-ci.yml': '.push:\n  after_script:\n    - |\n      docker logout\n    - echo done\nbuild:\n  extends: .push\n  script:\n    - echo hi\n' } }],
    },
  ],
};
