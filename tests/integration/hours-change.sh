#!/usr/bin/env bash
# A change of opening hours reaches the sessions already running: their end
# moves to the new closing at once, the PCs are told (and warn "the room
# closes in 5 minutes"), time cannot be added past it and a new session
# ends by it; a lunch break ends sessions at its start. Bad hours are
# refused with a sentence.
. "$(dirname "$0")/lib.sh"
CLIENT=(python3 "$(dirname "$0")/control-client.py" "$T/PC-02.sock")

init_db
start_server
open_all_day
add_seat PC-01
add_seat PC-02
ctl resident add kovacs --name "Kovács Mária" --pin 1234 >/dev/null
start_agent PC-01
start_agent PC-02
check "PC-01 is connected" wait_until 20 agent_connected PC-01
check "PC-02 is connected" wait_until 20 agent_connected PC-02
today=$(date +%u)

check "Mrs Kovács gets an hour at PC-01" ctl session start PC-01 --resident kovacs --minutes 60
check "a guest gets an hour at PC-02" ctl session start PC-02 --guest --minutes 60
check "PC-01 unlocks" wait_until 10 agent_is PC-01 unlocked
check "PC-02 unlocks" wait_until 10 agent_is PC-02 unlocked

log "today's closing moves to 3 minutes from now"
close=$(date -d '+3 min' +%H:%M)
close_at=$(date -d "$close" +%s)
"${CLIENT[@]}" listen 15 >"$T/events" &
listener=$!
sleep 1
check "the room closes at $close today" ctl hours set "$today" "00:00-$close"
eq "Mrs Kovács' session ends at $close" "$close_at" \
	"$(sqlite3 "$DB" "SELECT ends_at FROM sessions WHERE seat_id = (SELECT id FROM seats WHERE name = 'PC-01') AND ended_at IS NULL")"
eq "the guest's too" "$close_at" \
	"$(sqlite3 "$DB" "SELECT ends_at FROM sessions WHERE seat_id = (SELECT id FROM seats WHERE name = 'PC-02') AND ended_at IS NULL")"
left_at_most() { [ "$(agent_field "$1" remaining_s)" -le "$2" ]; }
check "PC-01 is told: at most 3 minutes left" wait_until 10 left_at_most PC-01 180
check "PC-02 is told too" wait_until 10 left_at_most PC-02 180
eq "PC-01 shows the new closing" "$close" "$(agent_field PC-01 close_time)"
eq "PC-01 shows today's hours" "00:00–$close" "$(agent_field PC-01 hours_today)"
wait "$listener"
eq "PC-02's screen heard the room closing" 1 "$(grep -c '^event close5$' "$T/events")"
check "PC-01 warned of the closing too" wait_until 5 grep -q "the room closes in 5 minutes" "$T/agent-PC-01.log"
eq "the change is in the audit log" "2 session(s) until $close_at" "$(sqlite3 "$DB" "SELECT detail FROM audit WHERE action = 'session.cap'")"

refused 1 "no time can be added past the closing" ctl session extend PC-01 --minutes 10
check "the refusal names the closing" grep -q "closes at $close, so no more time can be added" "$T/err"
check "the guest leaves" ctl session end PC-02
check "a new guest's session" ctl session start PC-02 --guest --minutes 60
eq "ends by the closing too" "$close_at" \
	"$(sqlite3 "$DB" "SELECT ends_at FROM sessions WHERE seat_id = (SELECT id FROM seats WHERE name = 'PC-02') AND ended_at IS NULL")"

log "a lunch break"
check "PC-02's guest leaves" ctl session end PC-02
lunch=$(date -d '+10 min' +%H:%M)
back=$(date -d '+40 min' +%H:%M)
check "lunch from $lunch to $back today" ctl hours set "$today" "00:00-$lunch,$back-23:59"
eq "hours show says so" "00:00-$lunch,$back-23:59" \
	"$(ctlj hours show | jq -r --argjson d "$today" '.[] | select(.day == $d) | .hours')"
check "a guest after the change" ctl session start PC-02 --guest --minutes 60
eq "ends at the lunch break" "$(date -d "$lunch" +%s)" \
	"$(sqlite3 "$DB" "SELECT ends_at FROM sessions WHERE seat_id = (SELECT id FROM seats WHERE name = 'PC-02') AND ended_at IS NULL")"
eq "the session capped before stays as it was" "$close_at" \
	"$(sqlite3 "$DB" "SELECT ends_at FROM sessions WHERE seat_id = (SELECT id FROM seats WHERE name = 'PC-01') AND ended_at IS NULL")"

log "bad hours are refused and change nothing"
before=$(sqlite3 "$DB" "SELECT value FROM settings WHERE key = 'hours_$today'")
refused 2 "a day that is no day" ctl hours set funday 09:00-18:00
check "says what a day is" grep -q "weekday like monday" "$T/err"
refused 1 "closing before opening" ctl hours set "$today" 18:00-09:00
check "says how hours look" grep -q "must look like 09:00-18:00" "$T/err"
refused 1 "a lunch break outside the day" ctl hours set "$today" 09:00-12:00,11:00-18:00
eq "today's hours are unchanged" "$before" "$(sqlite3 "$DB" "SELECT value FROM settings WHERE key = 'hours_$today'")"
NETPONT_NEW_PASSWORD=dora-secret ctl staff add dora --role mentor >/dev/null
refused 1 "a mentor may not change the hours" as dora dora-secret hours set "$today" closed
check "says who may" grep -q "Only an administrator" "$T/err"

log "the old settings still set every open day"
tomorrow=$((today % 7 + 1))
check "close_time 20:00" ctl setting set close_time 20:00
eq "tomorrow closes at 20:00" "00:00-20:00" \
	"$(ctlj hours show | jq -r --argjson d "$tomorrow" '.[] | select(.day == $d) | .hours')"

check "PC-01's agent stops cleanly" stop_agent PC-01
check "PC-02's agent stops cleanly" stop_agent PC-02
check "netpontd stops cleanly" stop_server
finish
