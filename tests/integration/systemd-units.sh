#!/usr/bin/env bash
# Every systemd unit in packaging/ passes `systemd-analyze verify`, and
# netpontd.service's exposure (`systemd-analyze security --offline=yes`)
# stays at 3.0 or below.
#
# Usage: systemd-units.sh SOURCE_DIR BUILD_DIR
#
# verify checks that each ExecStart= program exists and is executable, and
# the programs are not installed here: each unit is verified as a copy in
# which /usr/.../NAME becomes the build's bin/NAME (the same program the
# package installs). A program the build does not have fails the test.
# Documentation=man: pages are not looked up (--man=no): they come with the
# packages, not the build tree.
set -euo pipefail
SRC=$1
BUILD=$2
command -v systemd-analyze >/dev/null || { echo "systemd-analyze is missing (package systemd)" >&2; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/netpont-units.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
units=()
while IFS= read -r -d '' unit; do units+=("$unit"); done < <(
	find "$SRC/packaging" -type f \( -name '*.service' -o -name '*.timer' -o -name '*.socket' \
		-o -name '*.path' -o -name '*.target' \) -print0 | sort -z)
[ "${#units[@]}" -gt 0 ] || { echo "FAIL: no units found in $SRC/packaging"; exit 1; }

for unit in "${units[@]}"; do
	name=$(basename "$unit")
	copy=$T/$name
	cp "$unit" "$copy"
	# Each absolute program in an Exec*= line (after any of systemd's
	# prefixes - @ : + !) becomes the build's copy of it.
	while read -r prog; do
		built=$BUILD/bin/$(basename "$prog")
		if [ ! -x "$built" ]; then
			echo "FAIL: $name runs $prog, which the build does not make ($built)"
			fails=$((fails + 1))
			continue
		fi
		sed -i "s|$prog\\b|$built|g" "$copy"
	done < <(sed -n 's/^Exec[A-Za-z]*=[-@:+!]*\(\/[^ ]*\).*/\1/p' "$unit" | sort -u)
	if out=$(systemd-analyze verify --man=no "$copy" 2>&1) && [ -z "$out" ]; then
		echo "ok - systemd-analyze verify $name"
	else
		echo "FAIL: systemd-analyze verify $name:"
		echo "$out"
		fails=$((fails + 1))
	fi
done

out=$(systemd-analyze security --offline=yes "$T/netpontd.service" 2>&1) || true
score=$(printf '%s\n' "$out" | sed -n 's/.*Overall exposure level for netpontd.service: \([0-9.]*\).*/\1/p')
if [ -z "$score" ]; then
	echo "FAIL: systemd-analyze security gave no exposure level:"
	echo "$out"
	fails=$((fails + 1))
elif awk -v s="$score" 'BEGIN { exit !(s <= 3.0) }'; then
	echo "ok - netpontd.service's exposure level is $score (at most 3.0)"
else
	echo "FAIL: netpontd.service's exposure level is $score, above 3.0:"
	printf '%s\n' "$out" | grep '✗'
	fails=$((fails + 1))
fi
echo "$fails failed"
[ "$fails" = 0 ]
