#!/usr/bin/env bash
# The agent shows today's closing time: it comes in the Welcome and with
# every lease, so a changed setting reaches a running agent. The room stays
# open around the clock except for the moment close_time is 23:59, and no
# session is started then, so the test passes at any hour.
. "$(dirname "$0")/lib.sh"

init_db
start_server
open_all_day
add_seat PC-01
start_agent PC-01
check "PC-01 is free" wait_until 20 seat_is PC-01 free
check "the agent is connected" wait_until 20 agent_connected PC-01
eq "closing at 24:00: no closing time to show" null "$(agent_field PC-01 close_time)"

closes_at() { [ "$(agent_field PC-01 close_time)" == "$1" ]; }
check "close_time 23:59" ctl setting set close_time 23:59
check "lock PC-01 (a lease goes to the agent)" ctl seat lock PC-01
check "the agent shows 23:59" wait_until 10 closes_at 23:59

check "the agent stops" stop_agent PC-01
start_agent PC-01
check "the agent reconnects" wait_until 20 agent_connected PC-01
eq "the Welcome told it 23:59" 23:59 "$(agent_field PC-01 close_time)"
eq "the plain status says so" 1 "$(agent PC-01 status | grep -c "Room closes at: *23:59")"

check "close_time back to 24:00" ctl setting set close_time 24:00
check "unlock PC-01" ctl seat unlock PC-01
check "the agent no longer shows a closing time" wait_until 10 closes_at null
eq "nor does the plain status" 0 "$(agent PC-01 status | grep -c "Room closes at")"

check "the agent stops cleanly" stop_agent PC-01
check "netpontd stops cleanly" stop_server
finish
