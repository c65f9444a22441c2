#!/usr/bin/env bash
# The agent cleans the PC between sessions: with [session] reset configured
# it runs the reset (here the real netpont-reset on a test home of a
# throwaway uid, held back by a "go" file so the test can act while it
# runs) when it starts and after every session; a login meanwhile is
# refused with a plain sentence (in the screen's language), a session a
# mentor starts meanwhile waits, a failed reset keeps the PC locked until a
# retry succeeds, and the next login works once the PC is clean.
#
# Needs root (netpont-reset kills the uid's processes); exits 77 otherwise.
if [ "$(id -u)" != 0 ]; then
	echo "skipped: the agent's reset test runs netpont-reset, which needs root"
	exit 77
fi
: "${NETPONT_RESET:?NETPONT_RESET must name the netpont-reset binary}"
. "$(dirname "$0")/../integration/lib.sh"

uid=61235
chmod 0755 "$T" # the resident's process reaches its home through it
home=$T/home/public
skel=$T/skel
mkdir -p "$skel/Desktop" "$home" "$T/tmp"
chmod 1777 "$T/tmp"
echo "Welcome" >"$skel/Desktop/Read me.txt"
chown "$uid:$uid" "$home"

# The reset command: says it started, waits (bounded) for the test's "go",
# fails once if told to, then runs the real netpont-reset.
cat >"$T/reset-cmd.sh" <<EOF
#!/bin/sh
touch "$T/reset-started"
i=0
while [ ! -e "$T/go" ] && [ \$i -lt 600 ]; do sleep 0.1; i=\$((i + 1)); done
rm -f "$T/go" "$T/reset-started"
if [ -e "$T/fail-once" ]; then rm -f "$T/fail-once"; echo "reset-cmd: failing once, as asked" >&2; exit 1; fi
exec "$NETPONT_RESET" --user $uid --home "$home" --skel "$skel" --tmp-dirs "$T/tmp" --no-cups
EOF
chmod 0755 "$T/reset-cmd.sh"
agent_conf() { # agent_conf LANGUAGE
	printf '[agent]\nlanguage = %s\n\n[session]\nreset = %s\n' "$1" "$T/reset-cmd.sh" >"$T/agent.conf"
}

init_db
start_server
open_all_day
NETPONT_PIN=1234 check "add Kovács Mária" ctl resident add kovacs --name "Kovács Mária"
check "enrol PC-01" add_seat PC-01

running() { [ -e "$T/reset-started" ]; }
finished_runs() { grep -c "the reset finished" "$T/agent-PC-01.log" || true; }
more_finished_than() { [ "$(finished_runs)" -gt "$1" ]; }
# refused_login SENTENCE: a login now is refused with that sentence.
refused_login() {
	local rc=0
	agent PC-01 login kovacs 1234 >"$T/out" 2>"$T/err" || rc=$?
	CHECKS=$((CHECKS + 1))
	if [ $rc = 0 ]; then
		fail "a login during the reset was let in"
	elif ! grep -qF "$1" "$T/err"; then
		fail "the refusal says '$(cat "$T/err")', not '$1'"
	else
		echo "ok - a login now is refused: $(cat "$T/err")"
	fi
}
let_reset_finish() { # let_reset_finish: the held reset goes on and ends
	local before
	before=$(finished_runs)
	touch "$T/go"
	wait_until 30 more_finished_than "$before"
}
WAIT="This PC is getting ready for the next person. Please wait a moment."

log "the agent starts on a locked PC and cleans it first"
agent_conf en
start_agent PC-01 --config "$T/agent.conf"
check "the reset runs at start" wait_until 10 running
check "the agent is connected" wait_until 20 agent_connected PC-01
refused_login "$WAIT"
check "the reset finishes" let_reset_finish
check "Mrs Kovács logs in after it" agent PC-01 login kovacs 1234
eq "PC-01 is unlocked" unlocked "$(agent_field PC-01 state)"

log "she leaves traces and logs out: they are gone before the next login"
setpriv --reuid=$uid --regid=$uid --clear-groups sh -c \
	"echo cookie >'$home/cookies.sqlite'; mkdir '$home/Downloads'; echo cv >'$home/Downloads/cv.pdf'; echo x >'$T/tmp/hers'"
setpriv --reuid=$uid --regid=$uid --clear-groups sleep 1000 &
sleeper=$!
check "she logs out" agent PC-01 logout
check "the reset runs after the session" wait_until 10 running
eq "PC-01 shows locked while it runs" locked "$(agent_field PC-01 state)"
refused_login "$WAIT"
check "the reset finishes" let_reset_finish
wait $sleeper 2>/dev/null || true # killed by the reset
check "her process is gone" sh -c "! kill -0 $sleeper 2>/dev/null"
check "her cookie is gone" test ! -e "$home/cookies.sqlite"
check "her downloads are gone" test ! -e "$home/Downloads"
check "her temporary file is gone" test ! -e "$T/tmp/hers"
check "the skeleton is back" diff -r "$skel" "$home"
check "she logs in again" agent PC-01 login kovacs 1234

log "a reset that fails keeps the PC locked until a retry succeeds"
touch "$T/fail-once"
check "she logs out" agent PC-01 logout
check "the reset runs" wait_until 10 running
touch "$T/go"
check "the agent logs the failed reset" \
	wait_until 10 grep -q "the reset failed (exit status 1)" "$T/agent-PC-01.log"
refused_login "This PC could not be cleaned after the last session. Please ask a mentor."
check "it tries again within the backoff" wait_until 15 running
check "the retry finishes" let_reset_finish
check "the login works after the retry" agent PC-01 login kovacs 1234

log "a session a mentor starts during the reset waits for it"
check "she logs out" agent PC-01 logout
check "the reset runs" wait_until 10 running
ctl --json session start PC-01 --guest --minutes 30 >"$T/guest.json"
check "the mentor's session started on the server" test -s "$T/guest.json"
check "the agent holds it" wait_until 10 grep -q "waits until the reset has finished" \
	"$T/agent-PC-01.log"
eq "PC-01 still shows locked" locked "$(agent_field PC-01 state)"
check "the reset finishes" let_reset_finish
check "then the session starts on the PC" wait_until 10 agent_is PC-01 unlocked
check "the mentor ends it" agent PC-01 logout
check "the reset runs once more" wait_until 10 running
check "the reset finishes" let_reset_finish

log "the refusal comes in Hungarian on a Hungarian PC"
check "the agent stops" stop_agent PC-01
agent_conf hu
start_agent PC-01 --config "$T/agent.conf"
check "the reset runs at start" wait_until 10 running
check "the agent is connected" wait_until 20 agent_connected PC-01
refused_login "A gép készül a következő emberre. Kérjük, várjon egy kicsit."
check "the reset finishes" let_reset_finish
check "the agent stops cleanly" stop_agent PC-01

finish
