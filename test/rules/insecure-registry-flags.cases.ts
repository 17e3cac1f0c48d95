import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'mirror and mtu flags only', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services:
          - name: docker:29-dind
            command: ["--registry-mirror", "https://mirror.example.com", "--mtu=1360"]
        script: [docker build .]
    ` } },
    { name: 'buildah with --tls-verify=true, kaniko with other flags', files: { '.gitlab-ci.yml': y`
      a:
        image: quay.io/buildah/stable:v1.38
        script:
          - buildah push --tls-verify=true "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"
      b:
        image: { name: "ghcr.io/osscontainertools/kaniko:debug", entrypoint: [""] }
        script:
          - /kaniko/executor --skip-unused-stages --destination "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"
    ` } },
    { name: 'echo of the flag is not a daemon', files: { '.gitlab-ci.yml': 'a:\n  script: [echo --insecure-registry=x]\n' } },
  ],
  invalid: [
    {
      name: 'real-world Kubernetes pipeline: two --insecure-registry items',
      files: { '.gitlab-ci.yml': y`
        docker-build:
          image: docker:24-cli
          services:
            - name: docker:24-dind
              command:
                - --tls=false
                - --insecure-registry=10.0.0.5:5000
                - --insecure-registry=10.0.0.6:5555
          script: [docker build .]
      ` },
      findings: [
        { line: 7, column: 11, endColumn: 44, severity: 'warning', message: /starts dockerd with --insecure-registry=10\.0\.0\.5:5000\. Registry TLS verification is disabled/ },
        { line: 8, column: 11 },
      ],
      fixes: [
        { title: "Remove --insecure-registry=10.0.0.5:5000 (once the registry's CA is trusted)", output: { '.gitlab-ci.yml': y`
          docker-build:
            image: docker:24-cli
            services:
              - name: docker:24-dind
                command:
                  - --tls=false
                  - --insecure-registry=10.0.0.6:5555
            script: [docker build .]
        ` } },
        { title: "Remove --insecure-registry=10.0.0.6:5555 (once the registry's CA is trusted)", output: { '.gitlab-ci.yml': y`
          docker-build:
            image: docker:24-cli
            services:
              - name: docker:24-dind
                command:
                  - --tls=false
                  - --insecure-registry=10.0.0.5:5000
            script: [docker build .]
        ` } },
      ],
    },
    {
      name: 'real-world Helm-runner pipeline: the only flag of a flow command in default:',
      files: { '.gitlab-ci.yml': y`
        default:
          image:
            name: docker:19.03.13
          services:
            - name: docker:19.03.13-dind
              command: ["--insecure-registry=registry.bellship.com"]
        build-job:
          script: [docker info]
      ` },
      findings: [{ line: 6, column: 17 }],
      fixes: [{ title: "Remove --insecure-registry=registry.bellship.com (once the registry's CA is trusted)", output: { '.gitlab-ci.yml': y`
        default:
          image:
            name: docker:19.03.13
          services:
            - name: docker:19.03.13-dind
        build-job:
          script: [docker info]
      ` } }],
    },
    {
      name: 'kaniko and buildah flags in scripts',
      files: { '.gitlab-ci.yml': y`
        kaniko:
          image: { name: "ghcr.io/osscontainertools/kaniko:debug", entrypoint: [""] }
          script:
            - /kaniko/executor --context . --skip-tls-verify --insecure-registry registry.local:5000 --destination registry.local:5000/app:1
        buildah:
          image: quay.io/buildah/stable:v1.38
          script:
            - buildah push --tls-verify=false registry.local:5000/app:1
      ` },
      findings: [
        { line: 4, column: 36, endColumn: 53, message: /`executor` runs with --skip-tls-verify\..*additional-ca-cert-bundle/ },
        { line: 4, column: 54, message: /--insecure-registry registry\.local:5000/ },
        { line: 8, column: 20, message: /`buildah` runs with --tls-verify=false/ },
      ],
      fixes: [
        { title: "Remove --skip-tls-verify (once the registry's CA is trusted)", output: { '.gitlab-ci.yml': y`
          kaniko:
            image: { name: "ghcr.io/osscontainertools/kaniko:debug", entrypoint: [""] }
            script:
              - /kaniko/executor --context . --insecure-registry registry.local:5000 --destination registry.local:5000/app:1
          buildah:
            image: quay.io/buildah/stable:v1.38
            script:
              - buildah push --tls-verify=false registry.local:5000/app:1
        ` } },
        { title: "Remove --insecure-registry registry.local:5000 (once the registry's CA is trusted)", output: { '.gitlab-ci.yml': y`
          kaniko:
            image: { name: "ghcr.io/osscontainertools/kaniko:debug", entrypoint: [""] }
            script:
              - /kaniko/executor --context . --skip-tls-verify --destination registry.local:5000/app:1
          buildah:
            image: quay.io/buildah/stable:v1.38
            script:
              - buildah push --tls-verify=false registry.local:5000/app:1
        ` } },
        { title: "Remove --tls-verify=false (once the registry's CA is trusted)", output: { '.gitlab-ci.yml': y`
          kaniko:
            image: { name: "ghcr.io/osscontainertools/kaniko:debug", entrypoint: [""] }
            script:
              - /kaniko/executor --context . --skip-tls-verify --insecure-registry registry.local:5000 --destination registry.local:5000/app:1
          buildah:
            image: quay.io/buildah/stable:v1.38
            script:
              - buildah push registry.local:5000/app:1
        ` } },
      ],
    },
    {
      name: 'runner-level service in config.toml',
      files: { 'config.toml': y`
        [[runners]]
          executor = "docker"
          [runners.docker]
            privileged = true
            [[runners.docker.services]]
              name = "docker:29-dind"
              alias = "docker"
              command = ["--mtu=1400", "--insecure-registry", "registry.local:5000"]
      ` },
      findings: [{ line: 8, column: 32, endColumn: 53, message: /runner-level service 'docker:29-dind' starts dockerd with --insecure-registry registry\.local:5000/ }],
      fixes: [{ title: "Remove --insecure-registry registry.local:5000 (once the registry's CA is trusted)", output: { 'config.toml': y`
        [[runners]]
          executor = "docker"
          [runners.docker]
            privileged = true
            [[runners.docker.services]]
              name = "docker:29-dind"
              alias = "docker"
              command = ["--mtu=1400"]
      ` } }],
    },
  ],
};
