#!/usr/bin/env bash
# During a course occasion its PCs take the enrolled participants: their
# login is the occasion's session (attendance recorded, a tutor's row kept,
# the course fee charged once per occasion, no internet charge, nor time
# taken from the daily allowance); someone
# not enrolled is refused with the course's name and end; a mentor may
# start a course guest there.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/booking-lib.sh"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

booked_room PC-01 PC-02 PC-03
occasion=$(course_now "Digital skills for seniors" 500 -60 3600 PC-01 PC-02)
enrol "$occasion" kovacs
until=$(date -d "@$(sql "SELECT ends_at FROM course_occasions")" +%H:%M)
online PC-01 PC-02
course_fees() { sql "SELECT count(*) || ' ' || coalesce(sum(amount), 0) FROM ledger WHERE service = 'course'"; }

log "the course's PCs show it"
check "PC-01's notice names the course" wait_until 10 pc_booking_is PC-01 "booking .* 1 Digital skills for seniors"

log "someone not enrolled"
before=$(db_state)
refused 1 "Nagy Béla at PC-02" agent PC-02 login nagy 4321
check "the PC names the course and its end" \
	grep -q "This PC is for the course Digital skills for seniors until $until." "$T/err"
refused 1 "a mentor's session for him there" ctl session start PC-02 --resident nagy
check "the mentor hears he is not enrolled" grep -q "Nagy Béla is not enrolled" "$T/err"
eq "the database is unchanged" "$before" "$(db_state)"

log "an enrolled participant"
check "Kovács Mária logs in at PC-01" agent PC-01 login kovacs 1234
eq "the session is the occasion's" "$occasion" "$(session_of kovacs occasion_id)"
check "the PC says it is the course's" pc_booking_is PC-01 "course Digital skills for seniors"
eq "her attendance is recorded from the login" "1 login $(session_of kovacs id)" \
	"$(sql "SELECT present, source, session_id FROM course_attendance WHERE occasion_id = $occasion")"
eq "the course fee is charged" "1 500" "$(course_fees)"
check "she logs out" agent PC-01 logout
check "she logs in again" agent PC-01 login kovacs 1234
check "and out" agent PC-01 logout
eq "the fee is charged once per occasion" "1 500" "$(course_fees)"
eq "no internet charge for the course's time" 0 \
	"$(sql "SELECT count(*) FROM ledger WHERE service = 'internet'")"
eq "one attendance row" 1 "$(sql "SELECT count(*) FROM course_attendance")"

log "a tutor's row is never overridden by a login"
sql "UPDATE course_attendance SET present = 0, source = 'tutor'"
check "she logs in once more" agent PC-01 login kovacs 1234
eq "the tutor's row stays" "0 tutor" "$(sql "SELECT present, source FROM course_attendance")"

log "a course guest started by a mentor"
check "a guest session at PC-02" ctl session start PC-02 --guest
guest=$(sql "SELECT occasion_id FROM sessions s JOIN seats t ON t.id = s.seat_id WHERE t.name = 'PC-02'")
eq "the guest's session is the occasion's" "$occasion" "$guest"
eq "a guest pays no course fee" "1 500" "$(course_fees)"

log "the course's time is not taken from the daily allowance"
check "she logs out of PC-01" agent PC-01 logout
sql "UPDATE sessions SET started_at = started_at - 1800 WHERE occasion_id IS NOT NULL"
start_agent PC-03
check "PC-03 online" wait_until 20 seat_is PC-03 free
check "she logs in at PC-03, outside the course" agent PC-03 login kovacs 1234
rem=$(agent_field PC-03 remaining_s)
check "she has her whole daily hour ($rem s)" test "$rem" -gt 3500
check "she logs out of PC-03" agent PC-03 logout

log "a PC outside the course is not the course's"
check "Nagy Béla logs in at PC-03" agent PC-03 login nagy 4321
eq "his session is nobody's occasion" "" "$(session_of nagy occasion_id)"
finish
