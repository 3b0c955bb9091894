#!/usr/bin/env bash
# Install what the build and the tests need beyond the Rust toolchain.
# Idempotent; safe to run on every invocation.
#
# Each need has its own file in scripts/setup.d/: a fragment sourced here that
# appends Debian package names to `need` (and may define a `post_install`
# step of its own, run after the packages are in place).
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
post=()
for fragment in scripts/setup.d/*.sh; do
  # shellcheck source=/dev/null
  . "$fragment"
done
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  else
    echo "missing packages: ${need[*]} (install them with apt-get)" >&2
    exit 1
  fi
fi
for step in "${post[@]}"; do
  "$step"
done
