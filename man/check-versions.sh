#!/usr/bin/env bash
# The versions test: each program, run with --version and no display at all,
# prints "PROGRAM VERSION" on one line and exits 0.
#   check-versions.sh VERSION PROGRAM...
set -uo pipefail
version=$1
shift
fails=0
for prog in "$@"; do
	name=$(basename "$prog")
	out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$prog" --version 2>&1)
	status=$?
	if [ "$status" = 0 ] && [ "$out" = "$name $version" ]; then
		echo "ok - $name --version: $out"
	else
		echo "FAIL: $name --version exited $status and printed '$out', not '$name $version'"
		fails=$((fails + 1))
	fi
done
[ "$fails" = 0 ]
