#!/usr/bin/env bash
# What the PC's screens read from the agent's status besides the lease: the
# opening hours (from the Welcome and every lease), whether the room is
# closed and when it opens next (counted by the agent from its own clock),
# the running session's cost (started blocks at the resident's price plus
# prints, counted on while the server is away), and the goodbye page's
# summary of the last session, which disappears after 20 seconds.
. "$(dirname "$0")/lib.sh"

init_db
start_server
open_all_day
# One-minute blocks at 100, so that the cost moves within the test.
check "internet at 100 a minute" ctl tariff set internet --price 100 --per-minutes 1
add_seat PC-01
start_agent PC-01
check "the agent is connected" wait_until 20 agent_connected PC-01

eq "the Welcome gave the opening time" 00:00 "$(agent_field PC-01 open_time)"
eq "and the open days" 1234567 "$(agent_field PC-01 open_days)"
eq "the room is open" false "$(agent_field PC-01 closed)"
eq "so no next opening is shown" null "$(agent_field PC-01 opens_next_at)"
eq "no session: no cost" null "$(agent_field PC-01 cost_so_far)"
eq "no session has ended yet" null "$(agent_field PC-01 last_session)"

log "a guest session; the server goes away in the middle of it"
check "a mentor starts a guest session" ctl session start PC-01 --guest --minutes 30
check "PC-01 unlocks" wait_until 10 agent_is PC-01 unlocked
cost_is() { [ "$(agent_field PC-01 cost_so_far)" == "$1" ]; }
check "the first minute costs 100" wait_until 5 cost_is 100
check "netpontd stops" stop_server
agent_offline() { ! agent_connected PC-01; }
check "the agent notices" wait_until 20 agent_offline
check "the second minute is counted without the server" wait_until 75 cost_is 200
start_server
check "the agent reconnects" wait_until 40 agent_connected PC-01
eq "the server's price agrees" 200 "$(agent_field PC-01 cost_so_far)"

log "the session ends: the goodbye page's summary"
check "the mentor ends the session" ctl session end PC-01
check "PC-01 locks" wait_until 10 agent_is PC-01 locked
agent PC-01 --json status | jq -c .last_session >"$T/last.json"
eq "the summary names the guest" true "$(jq -r .guest "$T/last.json")"
check "the summary names the resident" grep -q '"resident_name":"Guest 1"' "$T/last.json"
eq "the summary says a mentor ended it" mentor "$(jq -r .reason "$T/last.json")"
check "it ran more than a minute" test "$(jq -r .used_s "$T/last.json")" -ge 60
eq "it cost 200" 200 "$(jq -r .cost "$T/last.json")"
summary_gone() { [ "$(agent_field PC-01 last_session)" == null ]; }
check "the summary is gone after 20 seconds" wait_until 25 summary_gone

log "the room closed today"
not_today=$(echo 1234567 | tr -d "$(date +%u)")
open_days_are() { [ "$(agent_field PC-01 open_days)" == "$1" ]; }
check "every day but today is open" ctl setting set open_days "$not_today"
check "a lease takes the change to the PC" ctl seat lock PC-01
check "the agent learns the open days" wait_until 10 open_days_are "$not_today"
eq "the room is closed" true "$(agent_field PC-01 closed)"
eq "it opens at midnight" "$(date -d 'tomorrow 00:00' +%s)" "$(agent_field PC-01 opens_next_at)"

check "the agent stops cleanly" stop_agent PC-01
check "netpontd stops cleanly" stop_server
finish
