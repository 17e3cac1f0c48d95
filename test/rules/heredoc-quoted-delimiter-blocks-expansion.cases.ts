import { y, type RuleCases } from '../harness';
import { FR000_KANIKO } from './kaniko-archived-image.cases';

export const cases: RuleCases = {
  valid: [
    { name: 'unquoted delimiter expands', files: { '.gitlab-ci.yml': y`
      build:
        script:
          - |
            cat > /kaniko/.docker/config.json <<JSON
            {"auths":{"$CI_REGISTRY":{"username":"$CI_REGISTRY_USER","password":"$CI_REGISTRY_PASSWORD"}}}
            JSON
    ` } },
    { name: 'quoted heredoc into a remote shell keeps $ on purpose', files: { '.gitlab-ci.yml': y`
      deploy:
        script:
          - |
            ssh deploy@host bash <<'EOF'
            cd /srv/app && git pull && echo $CI_COMMIT_SHA
            EOF
    ` } },
    { name: 'quoted heredoc writing a script for later', files: { '.gitlab-ci.yml': y`
      build:
        script:
          - |
            cat > run.sh <<'EOF'
            docker login -u "$CI_REGISTRY_USER" "$CI_REGISTRY"
            EOF
          - sh run.sh
    ` } },
    { name: 'quoted heredoc without CI variables', files: { '.gitlab-ci.yml': "build:\n  script:\n    - |\n      cat > app.conf <<'EOF'\n      path=$HOME_DIR\n      EOF\n" } },
  ],
  invalid: [
    {
      name: 'real-world Kubernetes pipeline kaniko config.json',
      files: { '.gitlab-ci.yml': FR000_KANIKO },
      findings: [{ line: 9, column: 43, endLine: 9, endColumn: 49, severity: 'error', message: /literal text \$CI_REGISTRY, \$CI_REGISTRY_USER, \$CI_JOB_TOKEN/ }],
      fixes: [{ title: 'Unquote the delimiter: <<JSON', output: { '.gitlab-ci.yml': FR000_KANIKO.replace("<<'JSON'", '<<JSON') } }],
    },
    {
      name: 'double-quoted delimiter with <<- into a YAML file (warning), job variable',
      files: { '.gitlab-ci.yml': y`
        deploy:
          variables:
            APP_HOST: app.example.com
          script:
            - |
              cat > values.yaml <<-"EOF"
              	host: \${APP_HOST}
              	EOF
      ` },
      findings: [{ line: 6, column: 28, endColumn: 33, severity: 'warning', message: /literal text \$APP_HOST/ }],
      fixes: [{ title: 'Unquote the delimiter: <<-EOF', output: { '.gitlab-ci.yml': y`
        deploy:
          variables:
            APP_HOST: app.example.com
          script:
            - |
              cat > values.yaml <<-EOF
              	host: \${APP_HOST}
              	EOF
      ` } }],
    },
  ],
};
