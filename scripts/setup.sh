#!/usr/bin/env bash
# Install what the build and the tests need beyond the Rust toolchain.
# Idempotent; safe to run on every invocation.
set -euo pipefail
need=()
# Nothing outside cargo is needed yet for text/HTML; PDF support will add
# poppler-utils + poppler-data here.
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  else
    echo "missing packages: ${need[*]} (install them with apt-get)" >&2
    exit 1
  fi
fi
