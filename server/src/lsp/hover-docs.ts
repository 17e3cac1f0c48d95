/** Hover texts for the keys whose meaning decides most dind setups (GitLab: https://docs.gitlab.com/ci/docker/using_docker_build/). */
export const KEY_DOCS: Record<string, string> = {
  DOCKER_HOST:
    '**DOCKER_HOST** — where the Docker client connects.\n\n- `tcp://docker:2376`: dind with TLS (`DOCKER_TLS_CERTDIR` non-empty)\n- `tcp://docker:2375`: dind without TLS (`DOCKER_TLS_CERTDIR: ""`)\n- unset: on the Docker executor the official image\'s entrypoint picks `tcp://docker:2376` when the client certificates exist, else 2375; on Kubernetes the client falls back to `unix:///var/run/docker.sock`.\n\nThe host part must be an alias of a service (`docker` for `docker:<tag>-dind`).',
  DOCKER_TLS_CERTDIR:
    '**DOCKER_TLS_CERTDIR** — read by the dind service\'s entrypoint.\n\n- non-empty (the image default is `/certs`): generates certificates under it and listens with TLS on **2376**; the client certificates land in `$DOCKER_TLS_CERTDIR/client`, which the runner must share with the job (`volumes = ["/certs/client"]`, or an `empty_dir` on Kubernetes).\n- `""`: no TLS, plain **2375** (insecure; ~15 s slow start without `--tls=false`).\n\nRemoving the variable does **not** turn TLS off — only an explicit empty string does.',
  DOCKER_TLS_VERIFY:
    '**DOCKER_TLS_VERIFY** — makes the Docker client use TLS and verify the daemon. Set it to `"1"` on the Kubernetes executor (the image entrypoint that would set it does not run there) or with a job image other than `docker:*`.',
  DOCKER_CERT_PATH:
    '**DOCKER_CERT_PATH** — where the client finds `ca.pem`, `cert.pem`, `key.pem`: `"$DOCKER_TLS_CERTDIR/client"` (`/certs/client`), the folder shared with the dind service.',
  HEALTHCHECK_TCP_PORT:
    '**HEALTHCHECK_TCP_PORT** — on a service\'s own `variables:`, the port the runner waits for before starting the job (Kubernetes executor: GitLab Runner ≥ 16.9). Use `"2376"` for dind with TLS, `"2375"` without.',
  privileged:
    '**privileged** — Docker-in-Docker needs a privileged container. Docker executor: `[runners.docker] privileged = true` (or `services_privileged = true` with `allowed_privileged_services`); Kubernetes: `[runners.kubernetes] privileged = true` or `[runners.kubernetes.service_container_security_context] privileged = true`. Privileged containers have full access to the host: keep such runners for trusted projects.',
};
