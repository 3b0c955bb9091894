# The export tests read the Parquet files gongkai writes with DuckDB's Python
# package, as users do (the test skips, saying why, when it cannot import it).
install_duckdb() {
  if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import duckdb' 2>/dev/null; then
    python3 -m pip install -q duckdb 2>&1 | grep -v 'Running pip as the' >&2 ||
      echo "setup: duckdb (Python) not installed; the DuckDB read-back test will be skipped" >&2
  fi
  return 0
}
post+=(install_duckdb)
