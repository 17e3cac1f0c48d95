import { y, type RuleCases } from '../harness';

export const cases: RuleCases = {
  valid: [
    { name: 'the dind CA used for the docker daemon itself', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [docker:29-dind]
        script:
          - docker --tlsverify --tlscacert /certs/client/ca.pem -H tcp://docker:2376 info
          - ls -a $DOCKER_TLS_CERTDIR/client
          - openssl x509 -in /certs/client/ca.pem -noout -subject
    ` } },
    { name: 'a registry CA from a file variable', files: { '.gitlab-ci.yml': y`
      build:
        image: docker:29-cli
        services: [docker:29-dind]
        script:
          - curl --cacert "$REGISTRY_CA_FILE" "https://$CI_REGISTRY/v2/"
    ` } },
    { name: 'literal /certs/client/ca.pem without any dind service (own mount)', files: { '.gitlab-ci.yml': 'check:\n  image: curlimages/curl\n  script: [curl --cacert /certs/client/ca.pem https://registry.example.com/v2/]\n' } },
  ],
  invalid: [
    {
      name: 'real-world Helm-runner pipeline: curl --cacert /$DOCKER_TLS_CERTDIR/client/ca.pem in the default before_script',
      files: { '.gitlab-ci.yml': y`
        default:
          image:
            name: docker:19.03.13
          services:
            - name: docker:19.03.13-dind
        variables:
          DOCKER_TLS_CERTDIR: "/certs"
        before_script:
          - ls -a $DOCKER_TLS_CERTDIR/client
          - curl -v --cacert /$DOCKER_TLS_CERTDIR/client/ca.pem https://$CI_REGISTRY
          - docker info
        build-job:
          script:
          - echo "Hello, $GITLAB_USER_LOGIN!"
      ` },
      findings: [{ line: 10, column: 22, endColumn: 56, severity: 'warning', message: /^'\/\$DOCKER_TLS_CERTDIR\/client\/ca\.pem' is dind's own throw-away CA: .* curl --cacert/ },
      ],
    },
    {
      name: 'copied into the system store, and SSL_CERT_FILE as a job variable',
      files: { '.gitlab-ci.yml': y`
        build:
          image: docker:29-cli
          services: [docker:29-dind]
          variables:
            SSL_CERT_FILE: $DOCKER_CERT_PATH/ca.pem
          script:
            - |
              cp /certs/client/ca.pem /usr/local/share/ca-certificates/registry.crt && update-ca-certificates
      ` },
      findings: [
        { line: 5, column: 20, message: /SSL_CERT_FILE/ },
        { line: 8, column: 10, endColumn: 30, message: /cp into the system CA store/ },
      ],
    },
  ],
};
