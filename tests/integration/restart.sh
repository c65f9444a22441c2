#!/usr/bin/env bash
# netpontd restarts in the middle of a session: the session goes on with the
# same end time, the agent stays unlocked and reconnects by itself.
. "$(dirname "$0")/lib.sh"

init_db
start_server
open_all_day
add_seat PC-03
ctl resident add kovacs --name "Kovács Mária" --pin 1234 >/dev/null
start_agent PC-03
check "PC-03 is free" wait_until 20 seat_is PC-03 free

check "a 20-minute session for Mrs Kovács" ctl session start PC-03 --resident kovacs --minutes 20
check "PC-03 unlocks" wait_until 10 agent_is PC-03 unlocked
running() { sqlite3 "$DB" "SELECT id || ' ' || ends_at FROM sessions WHERE ended_at IS NULL"; }
before=$(running)
check "one running session ($before)" test -n "$before"

check "netpontd stops" stop_server
check "the agent notices" wait_until 30 bash -c "[ \"\$($NETPONTCTL --agent $T/PC-03.sock --json status | jq -r .connected)\" = false ]"
eq "PC-03 stays unlocked while the server is away" unlocked "$(agent_field PC-03 state)"

start_server
check "the agent reconnects" wait_until 60 agent_connected PC-03
eq "the same session, the same end time" "$before" "$(running)"
eq "PC-03 is still unlocked" unlocked "$(agent_field PC-03 state)"
check "the console sees PC-03 in use" wait_until 10 seat_is PC-03 in_use
rem=$(seat_field PC-03 remaining_s)
check "time left still counts to the same end ($rem s)" test "$rem" -gt 1100 -a "$rem" -le 1200
rem=$(agent_field PC-03 remaining_s)
check "the agent agrees ($rem s)" test "$rem" -gt 1100 -a "$rem" -le 1200

check "netpontd stops cleanly" stop_server
finish
