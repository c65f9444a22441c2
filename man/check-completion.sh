#!/usr/bin/env bash
# The completion test: packaging/bash-completion/netpontctl, sourced in a
# plain bash, completes command groups, their commands and global options.
# With NETPONTCTL, it also checks that each command of `netpontctl --help`
# is offered after its group's name.
#   check-completion.sh COMPLETION-FILE [NETPONTCTL]
set -uo pipefail
export LC_ALL=C
# shellcheck source=/dev/null
source "$1"
ctl=${2:-}
fails=0
# complete WORD... : runs the completion with the cursor at the last word and
# prints the candidates, sorted, on one line.
complete_line() {
	COMP_WORDS=(netpontctl "$@")
	COMP_CWORD=$#
	COMPREPLY=()
	_netpontctl
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}
expect() {
	local want=$1 got
	shift
	got=$(complete_line "$@")
	if [ "$got" = "$want" ]; then
		echo "ok - netpontctl $* -> $got"
	else
		echo "FAIL: netpontctl $* completes to '$got', not '$want'"; fails=$((fails + 1))
	fi
}
expect "seat session setting" se
expect "add invite kiosk list lock message remove renew unlock" seat ""
expect "add invite kiosk list lock message remove renew unlock" --json seat ""
expect "reset-pin" resident re
expect "backup bill booking" b
expect "add cancel list move" booking ""
expect "--force --help" backup --
expect "--accept-new --agent" --a
expect "login logout" --agent /run/netpont/agent.sock lo
if [ -n "$ctl" ]; then
	before=$fails
	count=0
	# "GROUP COMMAND" pairs of the Commands: section, or GROUP alone for a
	# command of one word (bill, pay, audit).
	while read -r group command; do
		count=$((count + 1))
		if [ -n "$command" ] &&
			! grep -qx -- "$command" <<<"$(complete_line "$group" "" | tr ' ' '\n')"; then
			echo "FAIL: netpontctl $group <TAB> does not offer $command"; fails=$((fails + 1))
		fi
		if ! grep -qx -- "$group" <<<"$(complete_line "" | tr ' ' '\n')"; then
			echo "FAIL: netpontctl <TAB> does not offer $group"; fails=$((fails + 1))
		fi
	done < <("$ctl" --help | awk '
		/^Commands:$/ { on = 1; next }
		/^$/ { on = 0 }
		on && $1 ~ /^[a-z][a-z-]*$/ { print $1, ($2 ~ /^[a-z][a-z-]*$/ ? $2 : "") }')
	if [ "$count" = 0 ]; then
		echo "FAIL: netpontctl --help listed no GROUP COMMAND pairs"; fails=$((fails + 1))
	elif [ "$fails" = "$before" ]; then
		echo "ok - all $count commands of netpontctl --help are completed"
	fi
fi
[ "$fails" = 0 ]
