#!/bin/sh
# Builds the libFuzzer targets in a configuration of their own and runs
# each for SECONDS on a copy of its seed corpus (so the repository's
# corpus is not changed):
#   tests/fuzz/run-fuzz.sh BUILD_DIR SECONDS
# BUILD_DIR is used for this configuration only (clang, -DNETPONT_FUZZ=ON),
# e.g. tests/fuzz/run-fuzz.sh build-fuzz 60 (CI) or build-fuzz 3600 (an
# hour each). Fails on the first crash, leak, sanitizer report or timeout:
# the input that caused it is kept as BUILD_DIR/fuzz-artifacts/TARGET/crash-*
# (replay it with BUILD_DIR/bin/libfuzzer-TARGET FILE) and the whole log as
# BUILD_DIR/fuzz-logs/TARGET.log. FUZZ_TARGETS chooses the targets (default
# "frame gateway"), FUZZ_CC the compiler (default clang-14, as Debian 12
# names it), JOBS the build's parallelism (default 2).
set -eu

if [ $# -ne 2 ]; then
	echo "usage: $0 BUILD_DIR SECONDS" >&2
	exit 2
fi
build=$1
seconds=$2
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
targets=${FUZZ_TARGETS:-frame gateway}

# -O1 keeps the stack traces readable; Debug keeps assert() on.
cmake -S "$source_dir" -B "$build" -DNETPONT_FUZZ=ON -DCMAKE_C_COMPILER="${FUZZ_CC:-clang-14}" \
	-DNETPONT_GTK=OFF -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS=-O1 >/dev/null
for target in $targets; do
	cmake --build "$build" -j"${JOBS:-2}" --target "libfuzzer-$target" >/dev/null
done

work=$(mktemp -d "${TMPDIR:-/tmp}/netpont-fuzz-run-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$build/fuzz-logs"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for target in $targets; do
	cp -R "$source_dir/tests/fuzz/corpus/$target" "$work/$target"
	artifacts="$build/fuzz-artifacts/$target"
	mkdir -p "$artifacts"
	log="$build/fuzz-logs/$target.log"
	echo "== fuzzing $target for $seconds s"
	# -close_fd_mask=2: the gateway logs every refusal to stderr, which
	# would slow the run down; libFuzzer's and the sanitizers' reports
	# still reach the log.
	if ! "$build/bin/libfuzzer-$target" -max_total_time="$seconds" -timeout=10 \
		-rss_limit_mb=2048 -close_fd_mask=2 -print_final_stats=1 \
		-artifact_prefix="$artifacts/" "$work/$target" >"$log" 2>&1; then
		tail -n 60 "$log" >&2
		echo "libfuzzer-$target found a problem; its input is in $artifacts/" >&2
		exit 1
	fi
	grep -E '^#[0-9]+[[:space:]]+DONE|^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log"
done
