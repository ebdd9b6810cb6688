#!/usr/bin/env bash
# Puts what the image's Dockerfile copies into image-build/: Debian's static
# busybox (sh, ps, kill, sleep for VM commands) and the backend built
# statically from backend-go/. Needs Go and busybox-static; no registry.
# Then: ddbridge up examples/hello-extension
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$here/image-build"
# ldd fails on a static binary ("not a dynamic executable").
if [ ! -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then
  echo "prepare-image.sh: needs a static /bin/busybox (apt-get install busybox-static)" >&2
  exit 1
fi
cp /bin/busybox "$here/image-build/busybox"
(cd "$here/backend-go" && CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o "$here/image-build/backend" .)
