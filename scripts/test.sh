#!/usr/bin/env bash
# The project's test command: formatting, lints and every test of the workspace.
# CI runs exactly this (see .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace
