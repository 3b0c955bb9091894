# The registry's PostgreSQL tests start a throwaway server on loopback
# (scripts/pg-test-server.sh); without it they are skipped with a message.
[ -x "$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)/initdb" ] || need+=(postgresql)
