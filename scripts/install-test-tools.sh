#!/usr/bin/env bash
# Installs what the test suite drives besides Node, idempotently:
#   Debian's Chromium (browser tests; never a downloaded browser build),
#   grpcurl, protoc-gen-go, protoc-gen-go-grpc, protoc-gen-connect-go and connectconformance (the Connect
#   conformance suite) at pinned versions (go install),
#   the Python client's venv: the pinned grpcio-tools and packages/client-python,
#   Debian's docker.io (engine and CLI) and busybox-static (the test images),
#   Debian's nginx (the bench's one-hop anchor; started by the bench with its own config),
#   Debian's openssh-server (an ssh:// engine on loopback; each test starts its own sshd).
# What it cannot install is reported; under CI=true that is an error.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
missing() {
  echo "install-test-tools: $*" >&2
  if [ "${CI:-}" = "true" ]; then status=1; fi
}

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    { [ -n "${apt_updated:-}" ] || apt-get update -q; } >/dev/null && apt_updated=1 &&
      apt-get install -y -q "$@" >/dev/null
  else
    return 1
  fi
}

command -v curl >/dev/null || apt_install curl || missing "no curl: the curl tests will fail"
# node-pty (host terminals for exec -t) is built from source at install: node-gyp needs these.
{ command -v g++ >/dev/null && command -v make >/dev/null; } || apt_install g++ make ||
  missing "no C++ compiler: node-pty will not build, and host terminals (exec -t) are refused"

if ! command -v chromium >/dev/null; then
  apt_install chromium || missing "no chromium (apt-get install chromium as root): the browser tests will skip"
fi

if ! command -v dockerd >/dev/null || ! command -v docker >/dev/null; then
  apt_install docker.io || missing "no docker.io (apt-get install docker.io as root): the Docker tests will skip"
fi
# The test images are FROM scratch with a static busybox (ldd refuses static binaries).
if [ ! -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then
  apt_install busybox-static || missing "no busybox-static: the Docker tests will skip"
fi

if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  apt_install nginx || missing "no nginx: the bench leaves out its nginx anchor"
fi

if [ ! -x /usr/sbin/sshd ]; then
  apt_install openssh-server || missing "no openssh-server: the ssh:// engine tests will skip"
fi

if command -v go >/dev/null; then
  gobin="${GOBIN:-$(go env GOPATH)/bin}"
  # grpcurl: docs/grpcurl-version.spec.ts checks the version the README names.
  for pkg in github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.4 \
    google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.11 \
    google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.1 \
    connectrpc.com/connect/cmd/protoc-gen-connect-go@v1.19.1 \
    connectrpc.com/conformance/cmd/connectconformance@v1.0.7; do
    GOBIN="$gobin" go install "$pkg" || missing "go install $pkg failed"
  done
else
  missing "no go: the grpcurl and Go client tests will skip"
fi

venv=examples/python-client/.venv
if command -v python3 >/dev/null; then
  { [ -x "$venv/bin/python" ] || python3 -m venv "$venv"; } &&
    "$venv/bin/pip" install -q -r examples/python-client/requirements.txt -e packages/client-python ||
    missing "could not set up $venv: the Python client tests will skip"
else
  missing "no python3: the Python client tests will skip"
fi
exit $status
