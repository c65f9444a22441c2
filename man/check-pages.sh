#!/usr/bin/env bash
# The man-pages test: every page formats without a single groff warning, and
# every command netpontctl --help lists is described in netpontctl.1.
#   check-pages.sh NETPONTCTL PAGE...
set -euo pipefail
ctl=$1
shift
fails=0
for page in "$@"; do
	# man exits 0 even when groff warns, so the warnings on stderr decide.
	warnings=$(man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null) || {
		echo "FAIL: man could not format $page"; fails=$((fails + 1)); continue
	}
	if [ -n "$warnings" ]; then
		echo "FAIL: $page: $warnings"; fails=$((fails + 1))
	else
		echo "ok - $(basename "$page") formats without warnings"
	fi
	case $page in *netpontctl.1) ctl_page=$page ;; esac
done
[ -n "${ctl_page:-}" ] || { echo "FAIL: no netpontctl.1 among the pages"; exit 1; }
# The page as a reader sees it, on lines wide enough not to break a synopsis.
text=$(MANWIDTH=250 man -E ascii -l "$ctl_page" 2>/dev/null | col -b)
# The commands of `netpontctl --help`: the first words of each line under
# "Commands:" and "With --agent SOCKET:" up to the metavariables and options.
commands=$("$ctl" --help | awk '
	/^Commands:$|^With --agent SOCKET:$/ { on = 1; next }
	/^$/ { on = 0 }
	on && /^  [a-z]/ {
		# The synopsis ends where the description column starts.
		sub(/^  /, ""); sub(/   .*/, "")
		n = split($0, word, " ")
		cmd = ""
		for (i = 1; i <= n && i <= 2; i++) {
			if (word[i] !~ /^[a-z][a-z-]*$/) break
			cmd = cmd (cmd == "" ? "" : " ") word[i]
		}
		print cmd
	}')
[ -n "$commands" ] || { echo "FAIL: netpontctl --help listed no commands"; exit 1; }
count=0
before=$fails
while IFS= read -r cmd; do
	count=$((count + 1))
	if grep -qE "(^|[^a-z-])$cmd([^a-z-]|\$)" <<<"$text"; then
		:
	else
		echo "FAIL: netpontctl.1 does not describe '$cmd'"; fails=$((fails + 1))
	fi
done <<<"$commands"
if [ "$fails" = "$before" ]; then
	echo "ok - netpontctl.1 describes all $count commands of netpontctl --help"
fi
[ "$fails" = 0 ]
