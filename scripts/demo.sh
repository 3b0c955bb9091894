#!/usr/bin/env bash
# Run gongkai on the bundled sample reports: extract every cell, then check.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --release --quiet
bin=target/release/gongkai
for f in samples/*; do
  echo "== $f"
  "$bin" extract --format tsv "$f" | head -n 20
  echo "   … ($("$bin" extract --format tsv "$f" | wc -l) lines)"
done
echo "== gongkai check samples/"
"$bin" check samples/ || true
