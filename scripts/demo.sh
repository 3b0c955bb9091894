#!/usr/bin/env bash
# Run gongkai on the bundled sample reports: extract every cell, then check.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --release --quiet
bin=target/release/gongkai
for f in samples/*.txt samples/*.html; do
  [ -f "$f" ] || continue
  echo "== $f"
  "$bin" extract --format tsv "$f" | head -n 20
  echo "   … ($("$bin" extract --format tsv "$f" | wc -l) lines)"
done
echo "== gongkai check samples/"
"$bin" check samples/ || true
echo "== gongkai agencies / summary (samples/bodies.csv names the bodies)"
"$bin" agencies --bodies samples/bodies.csv samples/
"$bin" summary --by level --bodies samples/bodies.csv --format html -o target/summary.html samples/
"$bin" summary --by level --bodies samples/bodies.csv samples/ > target/summary.txt
head -n 30 target/summary.txt
echo "   … (whole summary: target/summary.txt; page with charts: target/summary.html)"
echo "== gongkai render samples/render/*.toml (official layout from data) → target/render/"
mkdir -p target/render
for f in samples/render/*.toml; do
  for fmt in docx html md; do
    "$bin" render --format "$fmt" -o "target/render/$(basename "$f" .toml).$fmt" "$f"
  done
done
ls target/render
