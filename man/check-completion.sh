#!/usr/bin/env bash
# The completion test: packaging/bash-completion/netpontctl, sourced in a
# plain bash, completes command groups, their commands and global options.
#   check-completion.sh COMPLETION-FILE
set -uo pipefail
export LC_ALL=C
# shellcheck source=/dev/null
source "$1"
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
expect "add list lock message unlock" seat ""
expect "add list lock message unlock" --json seat ""
expect "reset-pin" resident re
expect "--accept-new --agent" --a
expect "login logout" --agent /run/netpont/agent.sock lo
[ "$fails" = 0 ]
