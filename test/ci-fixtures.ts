/** CI texts several LSP tests share. */

/** One job whose DOCKER_HOST uses port 2375 while dind starts with TLS (dind-tls-port-mismatch on line 6). */
export const TLS_PORT_MISMATCH_CI = `build:
  image: docker:29-cli
  services:
    - docker:29-dind
  variables:
    DOCKER_HOST: tcp://docker:2375
  script:
    - docker build -t app .
`;
