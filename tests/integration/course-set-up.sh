#!/usr/bin/env bash
# A course set up with netpontctl, the way mentors do: its PCs hear of it
# at once, and an enrolled participant arriving a few minutes early logs in
# to the occasion's session (fee charged, attendance recorded), while
# someone else is refused.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/booking-lib.sh"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

booked_room PC-01 PC-02
online PC-01 PC-02
t=$(now)
day=$(date -d "@$((t + 180))" +%F)
from=$(date -d "@$((t + 180))" +%H:%M)
to=$(date -d "@$((t + 3600))" +%H:%M)
ctlj course add --name "Digital skills for seniors" --seats PC-01,PC-02 --dates "$day" \
	--from "$from" --to "$to" --fee 300 >"$T/course.json"
course=$(jq -r .id "$T/course.json")
check "the course is set up" test -n "$course"
check "Kovács Mária is enrolled" ctl course enrol "$course" --login kovacs
check "PC-01 hears of the course at once" \
	wait_until 10 pc_booking_is PC-01 "booking .* 1 Digital skills for seniors"

refused 1 "Nagy Béla at PC-02, minutes before the course" agent PC-02 login nagy 4321
check "the PC says from when it is reserved" grep -q "This PC is reserved from $from." "$T/err"
check "Kovács Mária logs in at PC-01 a few minutes early" agent PC-01 login kovacs 1234
occasion=$(sql "SELECT id FROM course_occasions")
eq "her session is the occasion's" "$occasion" "$(session_of kovacs occasion_id)"
eq "the course fee is charged" 300 "$(sql "SELECT amount FROM ledger WHERE service = 'course'")"
eq "she is present, from her login" "1 login" \
	"$(sql "SELECT present, source FROM course_attendance WHERE occasion_id = $occasion")"
check "the PC says it is the course's" pc_booking_is PC-01 "course Digital skills for seniors"
finish
