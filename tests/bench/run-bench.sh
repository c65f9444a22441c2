#!/usr/bin/env bash
# Starts a real netpontd on a temporary database with 50 seats and runs
# bench-server against it. Prints the figures reported in BENCHMARKS.md.
#   tests/bench/run-bench.sh BUILD_DIR [CONNECTIONS] [REQUESTS]
# NETPONT_BENCH_WRAP runs the server under a tool, e.g.
#   NETPONT_BENCH_WRAP="valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out"
# for instruction counts that do not depend on the machine's load (the
# memory figures then measure the tool, not netpontd).
set -euo pipefail
BUILD=${1:-build}
BIN=$(cd "$BUILD/bin" && pwd)
T=$(mktemp -d)
PID=
trap 'kill $PID 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
export NETPONT_PWHASH=${NETPONT_PWHASH-min}   # NETPONT_PWHASH= (empty) measures the real Argon2id cost
NETPONT_PASSWORD=bench-secret "$BIN/netpontd" --db "$T/b.db" --init-admin admin >/dev/null
# Every connection is TLS; netpontctl and bench-server pin the server.
NETPONT_FINGERPRINT=$("$BIN/netpontd" --db "$T/b.db" --fingerprint)
export NETPONT_FINGERPRINT
PORT=$((20000 + RANDOM % 12000))
# shellcheck disable=SC2086 # the wrapper is a command line of words
# All the benchmark's connections come from 127.0.0.1: allow them from one
# address (the default cap is 64 per address).
printf '[server]\nmax_connections_per_address = %d\n' "$(( ${2:-200} + 16 ))" >"$T/netpontd.conf"
${NETPONT_BENCH_WRAP:-} "$BIN/netpontd" --config "$T/netpontd.conf" --db "$T/b.db" \
	--listen "127.0.0.1:$PORT" >"$T/server.log" 2>&1 &
PID=$!
ctl() { NETPONT_PASSWORD=bench-secret "$BIN/netpontctl" --server "127.0.0.1:$PORT" --user admin "$@" >/dev/null; }
for _ in $(seq 100); do ctl seat list 2>/dev/null && break; sleep 0.1; done
for i in $(seq -w 1 50); do ctl seat add "PC-$i"; done
"$BIN/bench-server" "127.0.0.1:$PORT" admin bench-secret "$PID" "${2:-200}" "${3:-2000}"
