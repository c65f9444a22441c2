#!/usr/bin/env bash
# What a screen asks the agent and hears from it, through the control socket
# as the greeter and the time bar speak it (control-client.py): a help call
# taken back (the refusal when there is none comes in the screen's language),
# and the warning 5 minutes before the room closes, given once ("close5"
# rather than "5min" when the session ends with the room).
. "$(dirname "$0")/lib.sh"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale
CLIENT=(python3 "$(dirname "$0")/control-client.py" "$T/PC-01.sock")

init_db
start_server
open_all_day
add_seat PC-01
start_agent PC-01
check "the agent is connected" wait_until 20 agent_connected PC-01

log "a help call taken back"
check "the resident calls a mentor" agent PC-01 help "The printer is stuck"
eq "the call is taken back" "help_call 4" "$("${CLIENT[@]}" help-cancel en)"
eq "the mentors' list no longer shows it" 0 "$(ctlj help list | jq length)"
eq "the PC's status says so" cancelled "$(agent_field PC-01 help)"
eq "a second try is refused in the screen's language" \
	"error 4 Erről a gépről nincs visszavonható segítségkérés." "$("${CLIENT[@]}" help-cancel hu)"

log "the room closes in 5 minutes"
# The session must start more than 5 minutes before closing: start within
# the first half of a minute and close 6 minutes after that minute began.
second_ok() { [ "$((10#$(date +%S)))" -lt 30 ]; }
check "the first half of a minute" wait_until 35 second_ok
close=$(date -d '+6 min' +%H:%M)
check "the room closes at $close" ctl setting set close_time "$close"
"${CLIENT[@]}" listen 75 >"$T/events" &
listener=$!
sleep 1
check "a mentor starts a guest session (until closing)" ctl session start PC-01 --guest
check "PC-01 unlocks" wait_until 10 agent_is PC-01 unlocked
wait "$listener"
eq "the screen heard the room closing once" 1 "$(grep -c '^event close5$' "$T/events")"
eq "and no separate 5-minute warning" 0 "$(grep -c '^event 5min$' "$T/events")"
check "the agent logged it" grep -q "the room closes in 5 minutes" "$T/agent-PC-01.log"

check "the agent stops cleanly" stop_agent PC-01
check "netpontd stops cleanly" stop_server
finish
