#!/usr/bin/env bash
# seat lock --grace with the real programs: the resident of a running session
# is warned on the PC at once and keeps the PC until the grace ends; then the
# session ends and the PC locks. No new session starts there meanwhile, a
# lock "now" during the grace ends the session at once, and a grace out of
# range is refused, changing nothing.
. "$(dirname "$0")/lib.sh"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

room_online PC-01 PC-02
agent_msg_has() { agent_field "$1" message | grep -q "$2"; }
session_ended() { [ "$(sqlite3 "$DB" "SELECT end_reason FROM sessions WHERE id = $1")" == "$2" ]; }

log "a grace out of range is refused, changing nothing"
ctl session start PC-01 --guest --minutes 30 >/dev/null
before=$(db_state)
refused 2 "a grace of 601 s" ctl seat lock PC-01 --grace 601
check "it names the range" grep -q "from 1 to 600" "$T/err"
refused 2 "a grace that is not a number" ctl seat lock PC-01 --grace soon
eq "the database is unchanged" "$before" "$(db_state)"

log "a lock with a grace warns first, then locks"
ctl seat lock PC-01 --grace 3 >"$T/out"
check "it says so" grep -q "locks in 3 seconds" "$T/out"
check "the resident is warned at once" wait_until 10 agent_msg_has PC-01 "save your work"
check "the session still runs" agent_is PC-01 unlocked
refused 1 "no new session on it meanwhile" ctl session start PC-01 --guest
check "the PC locks when the grace is over" wait_until 20 agent_is PC-01 locked
check "the session ended at the grace's end" wait_until 10 session_ended 1 time_up
check "the seat is out of order" wait_until 10 seat_is PC-01 locked
ctl seat unlock PC-01 >/dev/null
check "PC-01 free again" wait_until 20 seat_is PC-01 free

log "a lock now during the grace ends the session at once"
ctl session start PC-02 --guest --minutes 30 >/dev/null
ctl seat lock PC-02 --grace 600 >/dev/null
check "warned" wait_until 10 agent_msg_has PC-02 "save your work"
ctl seat lock PC-02 >/dev/null
check "locked at once" wait_until 10 agent_is PC-02 locked
check "ended by the lock" wait_until 10 session_ended 2 seat_locked
finish
