#!/usr/bin/env bash
# Everything a fresh Debian/Ubuntu machine needs before a drill or the tests, and
# nothing more when it is already there (each step checks first):
#   1. a Docker engine (ci/docker-engine.sh);
#   2. debootstrap, for the base image when no image registry is reachable, and
#      chromium for the report tests (FIREDRILL_SKIP_BROWSER=1 skips it);
#   3. the npm dependencies;
#   4. firedrill's images (built once, then reused: they are tagged by content).
set -euo pipefail
cd "$(dirname "$0")/.."

bash ci/docker-engine.sh

if ! command -v debootstrap >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "setup: installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  else
    echo "setup: debootstrap is missing; if no image registry is reachable, run 'sudo apt-get install -y debootstrap'"
  fi
fi

# Chromium, headless, is how the tests look at a generated report as a person would.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && [ "${FIREDRILL_SKIP_BROWSER:-}" != 1 ]; then
  echo "setup: installing chromium (for the report tests)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
fi

# npm ci only when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi

node bin/firedrill.js images >/dev/null
echo "setup: ready"
