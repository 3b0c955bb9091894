#!/usr/bin/env bash
# Install what the build and the tests need beyond the Rust toolchain.
# Idempotent; safe to run on every invocation.
set -euo pipefail
need=()
# PDF text layers are read with poppler's pdftotext; without poppler-data it
# silently drops Chinese text, so both are required.
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -d /usr/share/poppler/cMap ] || need+=(poppler-data)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  else
    echo "missing packages: ${need[*]} (install them with apt-get)" >&2
    exit 1
  fi
fi
