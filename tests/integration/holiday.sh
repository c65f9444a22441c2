#!/usr/bin/env bash
# A closed date (a holiday): logins are refused all day with a sentence that
# says when the room opens again, a session running when the date is added
# gets five minutes, and the date can be listed and removed. Bad dates are
# refused with a sentence and change nothing.
. "$(dirname "$0")/lib.sh"

init_db
start_server
open_all_day
add_seat PC-01
add_seat PC-02
ctl resident add kovacs --name "Kovács Mária" --pin 1234 >/dev/null
ctl resident add nagy --name "Nagy Béla" --pin 4321 >/dev/null
start_agent PC-01
start_agent PC-02
check "PC-01 is connected" wait_until 20 agent_connected PC-01
check "PC-02 is connected" wait_until 20 agent_connected PC-02
today=$(date +%F)
tomorrow=$(date -d tomorrow +%F)

check "Mrs Kovács logs in at PC-01" agent PC-01 login kovacs 1234
check "PC-01 unlocks" wait_until 10 agent_is PC-01 unlocked

log "today becomes a closed date"
now=$(date +%s)
check "the room is closed today" ctl hours closed add "$today" --note "Town holiday"
ends=$(sqlite3 "$DB" "SELECT ends_at FROM sessions WHERE ended_at IS NULL")
check "Mrs Kovács has five minutes to save her work" \
	test "$ends" -ge $((now + 295)) -a "$ends" -le $((now + 310))
check "PC-01 is told" wait_until 10 bash -c "[ \$($NETPONTCTL --agent $T/PC-01.sock --json status | jq .remaining_s) -le 300 ]"
eq "the list shows it with its note" "$today Town holiday" \
	"$(ctlj hours closed list | jq -r '.[0] | .date + " " + .note')"

refused 1 "Mr Nagy's login at PC-02 is refused" agent PC-02 login nagy 4321
check "the refusal says the room is closed today and when it opens" \
	grep -q "The room is closed today. It opens at 00:00 on" "$T/err"
eq "PC-02 stays locked" locked "$(agent_field PC-02 state)"
refused 1 "a mentor cannot start a session either" ctl session start PC-02 --guest
check "with the same sentence" grep -q "closed today" "$T/err"
check "the lock screen knows the room is closed" wait_until 10 bash -c "[ \"\$($NETPONTCTL --agent $T/PC-02.sock --json status | jq -r .closed)\" = true ]"

log "bad dates are refused"
refused 2 "a date that is no date" ctl hours closed add 24.12.2026
check "says how a date looks" grep -q "2026-12-24" "$T/err"
refused 1 "a day that does not exist" ctl hours closed add 2026-02-30
check "says how a date looks" grep -q "must look like 2026-11-24" "$T/err"
refused 1 "a day in the past" ctl hours closed add "$(date -d yesterday +%F)"
check "says it is in the past" grep -q "is in the past" "$T/err"
refused 1 "removing a day that is not closed" ctl hours closed remove "$tomorrow"
check "says so" grep -q "is not a closed date" "$T/err"
eq "still one closed date" 1 "$(sqlite3 "$DB" "SELECT count(*) FROM closed_dates")"

log "the holiday is called off"
check "today is open again" ctl hours closed remove "$today"
eq "no closed dates left" 0 "$(ctlj hours closed list | jq length)"
check "PC-02 hears that the room is open" wait_until 10 bash -c "[ \"\$($NETPONTCTL --agent $T/PC-02.sock --json status | jq -r .closed)\" = false ]"
check "Mr Nagy logs in at PC-02" agent PC-02 login nagy 4321
eq "PC-02 unlocked" unlocked "$(agent_field PC-02 state)"

check "PC-01's agent stops cleanly" stop_agent PC-01
check "PC-02's agent stops cleanly" stop_agent PC-02
check "netpontd stops cleanly" stop_server
finish
