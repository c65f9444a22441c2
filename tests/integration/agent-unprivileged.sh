#!/usr/bin/env bash
# The agent as netpont-agent.service runs it: as an unprivileged user of its
# own (here a spare uid, through setpriv), with the control socket's group
# as a supplementary group and the token handed over as a systemd credential
# ($CREDENTIALS_DIRECTORY/token, LoadCredential=). Against a real netpontd it
# starts, takes a login and a logout through its control socket, and at the
# end of the session runs the commands that do what needs root:
# [session] end_session (netpont-end-session.service on a PC) and reset
# (netpont-reset.service); here stand-in scripts record that they ran, as
# the root units themselves are tested by the reset tests. An agent that
# lacks a permission says so: no group for the control socket and a
# root-only token file are refused with a sentence naming the unit's
# setting, and without end_session it logs that it cannot end another
# account's session (and each process it could not end).
#
# Needs root to run programs as other uids; exits 77 otherwise.
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: the test runs the agent and the public account as other uids (needs root)"
	exit 77
fi
. "$(dirname "$0")/lib.sh"

# spare_uid: a uid with no account and no process, so that nothing of this
# machine is touched (other tests borrow such uids too).
spare_uid() {
	local candidate
	for _ in $(seq 50); do
		candidate=$((60000 + RANDOM % 5000))
		if ! getent passwd "$candidate" >/dev/null && [ -z "$(ps -u "$candidate" -o pid=)" ] &&
			[ "$candidate" != "${AGENT_UID:-}" ]; then
			echo "$candidate"
			return 0
		fi
	done
	return 1
}
AGENT_UID=$(spare_uid) || { echo "no spare uid found" >&2; exit 1; }
PUBLIC_UID=$(spare_uid) || { echo "no spare uid found" >&2; exit 1; }
# The control socket's group: one the machine has, given to the agent as a
# supplementary group as the unit's SupplementaryGroups= does.
GROUP=nogroup
getent group "$GROUP" >/dev/null || { echo "no group $GROUP here" >&2; exit 1; }
GROUP_ID=$(getent group "$GROUP" | cut -d: -f3)
PUBLIC_PIDS=()
end_public() {
	for pid in "${PUBLIC_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
}
trap 'rc=$?; end_public; (exit $rc); cleanup' EXIT
spawn_public() {
	setpriv --reuid=$PUBLIC_UID --regid=$PUBLIC_UID --clear-groups sleep 300 </dev/null >/dev/null 2>&1 &
	PUBLIC_PIDS+=($!)
	disown $!
}
public_count() { ps -u $PUBLIC_UID -o stat= | grep -vc '^Z' || true; }

# The agent's folders, its own as systemd's RuntimeDirectory= and
# StateDirectory= make them; the test's folder only lets it through.
chmod 0711 "$T"
mkdir -p "$T/run" "$T/state" "$T/creds" "$T/marks"
chown "$AGENT_UID:$AGENT_UID" "$T/run" "$T/state" "$T/marks"
chmod 0700 "$T/state"
# netpontctl --agent finds the socket where lib.sh's helpers look for it.
ln -s "$T/run/agent.sock" "$T/PC-01.sock"

# Stand-ins for `systemctl start netpont-end-session.service` and
# `systemctl start netpont-reset.service`: each records its run (as the
# agent's uid) and exits with the status in its .status file, 0 if none.
for cmd in end-session reset; do
	cat >"$T/$cmd.sh" <<EOF
#!/bin/sh
echo "\$(id -u)" >>"$T/marks/$cmd"
exit \$(cat "$T/$cmd.status" 2>/dev/null || echo 0)
EOF
	chmod 0755 "$T/$cmd.sh"
done
runs() { [ -f "$T/marks/$1" ] && wc -l <"$T/marks/$1" || echo 0; }
more_runs_than() { [ "$(runs "$1")" -gt "$2" ]; }

write_conf() { # write_conf [END_SESSION]: the agent's config
	cat >"$T/agent.conf" <<EOF
[agent]
control_group = $GROUP

[session]
public_user = $PUBLIC_UID
terminate = yes
end_session = ${1-}
reset = $T/reset.sh
EOF
}

# run_agent [ENV...] -- [ARGS...]: the agent as AGENT_UID with GROUP, in
# the background, its log in $T/agent-PC-01.log. No --token-file: the
# token comes from $CREDENTIALS_DIRECTORY unless ARGS name one.
run_agent() {
	local env=()
	while [ "$1" != -- ]; do env+=("$1"); shift; done
	shift
	env "${env[@]}" setpriv --reuid="$AGENT_UID" --regid="$AGENT_UID" --groups="$GROUP_ID" \
		"$NETPONT_AGENT" --server "127.0.0.1:$PORT" --seat PC-01 --server-fingerprint "$FINGERPRINT" \
		--ui headless --control "$T/run/agent.sock" --state-dir "$T/state" --config "$T/agent.conf" \
		"$@" >>"$T/agent-PC-01.log" 2>&1 &
	AGENT_PID[PC-01]=$!
}
agent_uid() { ps -o uid= -p "${AGENT_PID[PC-01]}" | tr -d ' '; }

init_db
start_server
open_all_day
NETPONT_PIN=1234 check "add Kovács Mária" ctl resident add kovacs --name "Kovács Mária"
check "enrol PC-01" add_seat PC-01
# The credential as systemd makes it: a copy of the root-only token,
# readable by the service's user alone.
cp "$T/PC-01.token" "$T/creds/token"
chown -R "$AGENT_UID" "$T/creds"
chmod 0500 "$T/creds"
chmod 0400 "$T/creds/token"
chmod 0600 "$T/PC-01.token" # root's, as /etc/netpont/agent.token

log "the agent starts unprivileged with the token as a credential"
write_conf "$T/end-session.sh"
run_agent CREDENTIALS_DIRECTORY="$T/creds" --
check "it serves its control socket" wait_until 20 agent PC-01 status
eq "it runs as its own uid, not root" "$AGENT_UID" "$(agent_uid)"
check "it is connected to the server with the credential's token" wait_until 20 agent_connected PC-01
eq "the control socket is 0660 and the group's" "660 $GROUP" "$(stat -c '%a %G' "$T/run/agent.sock")"
check "it says how it ends the public account's session" \
	grep -q "through end_session in \[session\]: $T/end-session.sh" "$T/agent-PC-01.log"
check "the reset runs at start, as the agent's uid" wait_until 10 more_runs_than reset 0
eq "the reset command ran as the agent's uid" "$AGENT_UID" "$(head -n 1 "$T/marks/reset")"
check "the start's reset finishes" wait_until 10 grep -q "the PC is ready for the next person" "$T/agent-PC-01.log"

log "a stray session of the public account: the agent runs end_session"
spawn_public
check "end_session runs" wait_until 10 more_runs_than end-session 0
check "the agent reported the session without a lease" grep -q "ran without a lease" "$T/agent-PC-01.log"
check "end_session ran as the agent's uid" grep -qx "$AGENT_UID" "$T/marks/end-session"
check "the agent did not try to end the process itself" sh -c "! grep -q 'cannot end process' '$T/agent-PC-01.log'"
before=$(runs end-session)
check "while the account is there, end_session is run again" wait_until 10 more_runs_than end-session "$before"
end_public
PUBLIC_PIDS=()
check "the agent sees the session ended" wait_until 10 grep -q "the public account's session has ended" "$T/agent-PC-01.log"

log "a login and a logout through the control socket"
check "Mrs Kovács logs in" agent PC-01 login kovacs 1234
eq "PC-01 is unlocked" unlocked "$(agent_field PC-01 state)"
spawn_public # her desktop
resets=$(runs reset)
ends=$(runs end-session)
sleep 2.5
eq "end_session leaves a leased session alone" "$ends" "$(runs end-session)"
check "she logs out" agent PC-01 logout
eq "PC-01 is locked" locked "$(agent_field PC-01 state)"
check "the session's end runs end_session" wait_until 10 more_runs_than end-session "$ends"
check "the session's end runs the reset" wait_until 10 more_runs_than reset "$resets"
check "the agent logs the normal end" grep -q "the lease ended: ending the public account's session" "$T/agent-PC-01.log"

log "an end_session that fails is logged with its status"
echo 3 >"$T/end-session.status"
check "the failure is logged" wait_until 10 grep -q \
	"the public account's session could not be ended: $T/end-session.sh exited with status 3" "$T/agent-PC-01.log"
rm -f "$T/end-session.status"
end_public
PUBLIC_PIDS=()
check "the agent stops cleanly" stop_agent PC-01

log "without end_session an unprivileged agent says what it cannot do"
write_conf ""
: >"$T/agent-PC-01.log"
run_agent CREDENTIALS_DIRECTORY="$T/creds" --
check "it starts" wait_until 20 agent PC-01 status
check "it says it cannot end another account's session" \
	grep -q "the agent is not root, so it cannot end another account's session itself: set end_session" "$T/agent-PC-01.log"
check "and still says the session is ended without a lease (terminate = yes)" \
	sh -c "grep -q 'its session is ended when no lease runs' '$T/agent-PC-01.log' && ! grep -q 'terminate = no' '$T/agent-PC-01.log'"
spawn_public
check "it logs each process it may not end" \
	wait_until 10 grep -q "cannot end process [0-9]* of uid $PUBLIC_UID: Operation not permitted" "$T/agent-PC-01.log"
check "the process is still there (it could not)" test "$(public_count)" -ge 1
end_public
PUBLIC_PIDS=()
check "the agent stops cleanly" stop_agent PC-01

# refused_start DESCRIPTION SENTENCE [ENV...] -- [ARGS...]: the agent exits
# non-zero at once, saying the sentence.
refused_start() {
	local what=$1 sentence=$2
	shift 2
	: >"$T/agent-PC-01.log"
	run_agent "$@"
	local rc=0
	wait "${AGENT_PID[PC-01]}" || rc=$?
	unset "AGENT_PID[PC-01]"
	CHECKS=$((CHECKS + 1))
	if [ "$rc" = 0 ]; then
		fail "$what: the agent started"
	elif ! grep -qF "$sentence" "$T/agent-PC-01.log"; then
		fail "$what: it said '$(cat "$T/agent-PC-01.log")'"
	else
		echo "ok - $what: $(grep -F "$sentence" "$T/agent-PC-01.log" | head -n 1)"
	fi
}
log "what the agent lacks is refused with a sentence"
write_conf "$T/end-session.sh"
refused_start "a token file only root may read" \
	"The agent runs as uid $AGENT_UID, and the token is root's: netpont-agent.service hands it over with LoadCredential=" \
	-- --token-file "$T/PC-01.token"
refused_start "a credential token without CREDENTIALS_DIRECTORY" \
	"CREDENTIALS_DIRECTORY is not set" -- --token-file %d/token
# Without the group, as a unit without SupplementaryGroups= would run it.
AGENT_GROUPS_SAVED=$GROUP_ID
GROUP_ID=$AGENT_UID
refused_start "a control socket group the agent is not in" \
	"the agent's user is not a member of that group (netpont-agent.service makes it one with SupplementaryGroups=)" \
	CREDENTIALS_DIRECTORY="$T/creds" --
GROUP_ID=$AGENT_GROUPS_SAVED
check "a refused start leaves no socket behind" test ! -S "$T/run/agent.sock"

finish
