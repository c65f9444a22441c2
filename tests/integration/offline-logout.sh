#!/usr/bin/env bash
# A logout made while the server is down is recorded when it happened: the
# agent holds it with its time, and the restarted server ends the session
# and charges it then, not at the reconnect.
. "$(dirname "$0")/lib.sh"

init_db
start_server
open_all_day
add_seat PC-01
ctl resident add kovacs --name "Kovács Mária" --pin 1234 >/dev/null
start_agent PC-01
check "PC-01 is connected" wait_until 20 agent_connected PC-01
check "Mrs Kovács logs in" agent PC-01 login kovacs 1234
check "PC-01 unlocks" wait_until 10 agent_is PC-01 unlocked
sleep 3 # she uses the PC a while: the session is charged a block

check "netpontd stops" stop_server
check "PC-01 knows the server is gone" wait_until 30 bash -c "[ \"\$($NETPONTCTL --agent $T/PC-01.sock --json status | jq -r .connected)\" = false ]"
before=$(date +%s)
check "Mrs Kovács logs out while the server is away" agent PC-01 logout
after=$(date +%s)
eq "PC-01 locks at once" locked "$(agent_field PC-01 state)"
sleep 8

start_server
back=$(date +%s)
check "PC-01 reconnects" wait_until 60 agent_connected PC-01
check "the server hears the logout" wait_until 20 bash -c "[ -n \"\$(sqlite3 $DB 'SELECT ended_at FROM sessions WHERE ended_at IS NOT NULL')\" ]"
ended=$(sqlite3 "$DB" "SELECT ended_at FROM sessions")
check "the session ended when she logged out ($ended in $before..$after), not at the reconnect ($back)" \
	test "$ended" -ge "$before" -a "$ended" -le "$after"
check "it lasted her few seconds" test "$(sqlite3 "$DB" "SELECT ended_at - started_at FROM sessions")" -ge 3
eq "as a logout" logout "$(sqlite3 "$DB" "SELECT end_reason FROM sessions")"
eq "the charge is dated then too" "$ended" "$(sqlite3 "$DB" "SELECT at FROM ledger WHERE kind = 'charge' AND session_id IS NOT NULL")"
check "the server logged the held logout" grep -q "logged out at PC-01 .* ago (held by the PC)" "$T/server.log"
eq "PC-01 stays locked" locked "$(agent_field PC-01 state)"

check "PC-01's agent stops cleanly" stop_agent PC-01
check "netpontd stops cleanly" stop_server
finish
