#!/usr/bin/env bash
# Every systemd unit in packaging/ passes `systemd-analyze verify`, the
# exposure (`systemd-analyze security --offline=yes`) of netpontd.service
# stays at 3.0 or below and that of netpont-agent.service (its own
# unprivileged user) at 2.0 or below, and the polkit rule that lets the
# agent's user start its root units names units that exist.
#
# Usage: systemd-units.sh SOURCE_DIR BUILD_DIR
#
# verify checks that each ExecStart= program exists and is executable, and
# the programs are not installed here: each unit is verified as a copy in
# which /usr/.../NAME becomes the build's bin/NAME (the same program the
# package installs). A program of ours (netpont*) the build does not have
# fails the test; another package's program (loginctl) must be on this
# machine, where it stays as it is.
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
		if [[ $(basename "$prog") != netpont* ]] && [ -x "$prog" ]; then
			continue
		fi
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

exposure_at_most() { # exposure_at_most UNIT LIMIT
	local out score
	out=$(systemd-analyze security --offline=yes "$T/$1" 2>&1) || true
	score=$(printf '%s\n' "$out" | sed -n "s/.*Overall exposure level for $1: \\([0-9.]*\\).*/\\1/p")
	if [ -z "$score" ]; then
		echo "FAIL: systemd-analyze security gave no exposure level for $1:"
		echo "$out"
		fails=$((fails + 1))
	elif awk -v s="$score" -v l="$2" 'BEGIN { exit !(s <= l) }'; then
		echo "ok - $1's exposure level is $score (at most $2)"
	else
		echo "FAIL: $1's exposure level is $score, above $2:"
		printf '%s\n' "$out" | grep '✗'
		fails=$((fails + 1))
	fi
}
exposure_at_most netpontd.service 3.0
exposure_at_most netpont-agent.service 2.0
exposure_at_most netpont-end-session.service 1.5

# The agent's unit runs it unprivileged, and each root unit the polkit rule
# lets it start is one of ours.
if grep -q '^User=_netpont-agent$' "$SRC/packaging/netpont-agent.service" &&
	! grep -q '^User=root' "$SRC/packaging/netpont-agent.service"; then
	echo "ok - netpont-agent.service runs as _netpont-agent"
else
	echo "FAIL: netpont-agent.service does not run as _netpont-agent"
	fails=$((fails + 1))
fi
rule=$SRC/packaging/polkit/60-netpont-agent.rules
allowed=$(grep -o '"netpont-[a-z-]*\.service"' "$rule" | tr -d '"' | sort -u)
[ -n "$allowed" ] || { echo "FAIL: $rule names no unit"; fails=$((fails + 1)); }
for unit in $allowed; do
	if [ -f "$SRC/packaging/$unit" ]; then
		echo "ok - the polkit rule's $unit is in packaging/"
	else
		echo "FAIL: the polkit rule lets the agent start $unit, which packaging/ does not have"
		fails=$((fails + 1))
	fi
done
echo "$fails failed"
[ "$fails" = 0 ]
