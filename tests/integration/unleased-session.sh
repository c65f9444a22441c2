#!/usr/bin/env bash
# The agent owns the truth on the PC: the public account (here a spare uid
# such as 62345, agent.conf [session] public_user) has no business on a locked PC.
# Its processes, started while no lease runs, are ended within a few
# seconds (also one that ignores SIGTERM) and the server's audit log and the
# mentors' help list show the incident. While a mentor's session runs they
# are left alone; when it ends they are ended again, without an incident.
# There is no logind here, so the agent works through signals; it needs
# root to signal another uid (skipped otherwise; CI runs as root).
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: the agent must run as root to end another account's processes"
	exit 77
fi
. "$(dirname "$0")/lib.sh"

# A spare uid nobody else uses now: other tests on this machine may borrow
# one too, and the agent would end their processes.
PUBLIC_UID=
for _ in $(seq 50); do
	candidate=$((62000 + RANDOM % 3000))
	if ! getent passwd "$candidate" >/dev/null && [ -z "$(ps -u "$candidate" -o pid=)" ]; then
		PUBLIC_UID=$candidate
		break
	fi
done
[ -n "$PUBLIC_UID" ] || { echo "no spare uid found" >&2; exit 1; }
PUBLIC_PIDS=()

# spawn_public [IGNORE_TERM]: a process of the public account, started the
# way a stray session would be; its pid is remembered for the clean-up.
spawn_public() {
	if [ "${1:-}" = ignore-term ]; then
		setpriv --reuid=$PUBLIC_UID --regid=$PUBLIC_UID --clear-groups \
			sh -c 'trap "" TERM; exec sleep 300' </dev/null >/dev/null 2>&1 &
	else
		setpriv --reuid=$PUBLIC_UID --regid=$PUBLIC_UID --clear-groups \
			sleep 300 </dev/null >/dev/null 2>&1 &
	fi
	PUBLIC_PIDS+=($!)
	# Its end is the test's business: bash does not announce it.
	disown $!
}

# The public account's live processes (zombies hold nothing).
public_count() { ps -u $PUBLIC_UID -o stat= | grep -vc '^Z' || true; }
public_gone() { [ "$(public_count)" = 0 ]; }
public_alive() { [ "$(public_count)" -ge 1 ]; }

# Only the processes this test started are ended, by their ids.
end_public() {
	for pid in "${PUBLIC_PIDS[@]}"; do
		kill -KILL "$pid" 2>/dev/null || true
	done
}
trap 'rc=$?; end_public; (exit $rc); cleanup' EXIT

incidents() { ctlj audit --action seat.incident | jq length; }
incident_audited() { [ "$(incidents)" -ge 1 ]; }

init_db
start_server
open_all_day
add_seat PC-01
cat >"$T/agent.conf" <<EOF
[session]
public_user = $PUBLIC_UID
terminate = yes
EOF
start_agent PC-01 --config "$T/agent.conf"
check "the agent is connected" wait_until 20 agent_connected PC-01
check "PC-01 is locked" agent_is PC-01 locked
check "the public account has nothing running" public_gone

log "a session of the public account without a lease"
spawn_public
spawn_public ignore-term
check "its processes are ended within a few seconds" wait_until 8 public_gone
check "the agent logged it" grep -q "ran without a lease" "$T/agent-PC-01.log"
check "the one that ignored SIGTERM got SIGKILL" grep -q "killed what was left of the public account" "$T/agent-PC-01.log"
check "the server's audit log shows the incident" wait_until 5 incident_audited
ctlj audit --action seat.incident | jq -r '.[0].detail' >"$T/incident"
check "the incident names the seat and the account" grep -q "PC-01 unleased_session: uid $PUBLIC_UID" "$T/incident"
ctlj help list >"$T/help.json"
eq "the mentors see it in the help list" 1 "$(jq '[.[] | select(.text | contains("without a session"))] | length' "$T/help.json")"

log "a mentor's session: the public account may run"
check "a mentor starts a guest session on PC-01" ctl session start PC-01 --guest --minutes 30
check "PC-01 unlocks" wait_until 10 agent_is PC-01 unlocked
spawn_public
sleep 5 # more than two looks of the watcher
check "the public account's process survives while the lease runs" public_alive

log "the session ends"
before=$(incidents)
check "the mentor ends the session" ctl session end PC-01
check "PC-01 locks" wait_until 10 agent_is PC-01 locked
check "the public account's process is ended within a few seconds" wait_until 8 public_gone
check "the agent logged the end" grep -q "the lease ended: ending the public account's session" "$T/agent-PC-01.log"
sleep 1
eq "the normal end of a session is no incident" "$before" "$(incidents)"

check "the agent stops cleanly" stop_agent PC-01
check "netpontd stops cleanly" stop_server
finish
