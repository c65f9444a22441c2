#!/usr/bin/env bash
# A free PC booked later gives a walk-in only the time until the booking,
# and says why; less than 5 minutes before the booking it takes nobody but
# the booked resident, whose login a few minutes early claims it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/booking-lib.sh"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

booked_room PC-01 PC-02
later=$(book_resident PC-01 kovacs 1200 3000)
from=$(sql "SELECT starts_at FROM bookings WHERE id = $later")
soon=$(book_resident PC-02 kovacs 200 2000)
at=$(date -d "@$(sql "SELECT starts_at FROM bookings WHERE id = $soon")" +%H:%M)
online PC-01 PC-02

log "a walk-in 20 minutes before the booking"
check "the PC shows the booking ahead" wait_until 10 pc_booking_is PC-01 "booking $later $from .* 0 Kovács Mária"
check "Nagy Béla logs in at PC-01" agent PC-01 login nagy 4321
eq "his session ends at the booking's start" "$from" "$(session_of nagy ends_at)"
rem=$(agent_field PC-01 remaining_s)
check "he has 20 minutes, not his daily hour ($rem s)" test "$rem" -le 1200 -a "$rem" -gt 1100
check "the PC says why the time is short" pc_booking_is PC-01 "booked_from $from"
check "he logs out" agent PC-01 logout

log "less than 5 minutes before a booking"
before=$(db_state)
refused 1 "Nagy Béla at PC-02" agent PC-02 login nagy 4321
check "the PC says from when it is reserved" \
	grep -q "This PC is reserved from $at. Please ask a mentor for another PC." "$T/err"
refused 1 "a mentor's guest at PC-02" ctl session start PC-02 --guest
check "the mentor hears why" grep -q "PC-02 is reserved from $at, in less than 5 minutes" "$T/err"
eq "the database is unchanged" "$before" "$(db_state)"

log "the booked resident a few minutes early"
check "Kovács Mária logs in at PC-02" agent PC-02 login kovacs 1234
eq "her login claims the booking" "$(session_of kovacs id)" \
	"$(sql "SELECT claimed_session_id FROM bookings WHERE id = $soon")"
eq "her session runs to the booking's end" \
	"$(sql "SELECT ends_at FROM bookings WHERE id = $soon")" "$(session_of kovacs ends_at)"
finish
