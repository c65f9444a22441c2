#!/usr/bin/env bash
# A resident's booking with the real programs: the PC shows whom it is kept
# for; the booked resident's login claims the booking and keeps the PC until
# the booking's end, past the daily allowance of 60 minutes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/booking-lib.sh"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

booked_room PC-01
booking=$(book_resident PC-01 kovacs -60 5400)
ends=$(sql "SELECT ends_at FROM bookings WHERE id = $booking")
online PC-01

log "the PC knows its booking from its Welcome"
check "the notice names Kovács Mária" wait_until 10 pc_booking_is PC-01 "booking $booking .* 0 Kovács Mária"

log "Kovács Mária logs in at her booked PC"
check "she logs in" agent PC-01 login kovacs 1234
check "PC-01 unlocks" wait_until 10 agent_is PC-01 unlocked
session=$(session_of kovacs id)
eq "the booking is claimed by her session" "$session" \
	"$(sql "SELECT claimed_session_id FROM bookings WHERE id = $booking")"
check "the claim has its time" test -n "$(sql "SELECT claimed_at FROM bookings WHERE id = $booking")"
eq "the session runs until the booking's end" "$ends" "$(session_of kovacs ends_at)"
rem=$(agent_field PC-01 remaining_s)
check "more than the daily hour is left ($rem s)" test "$rem" -gt 3600
check "the session is not cut short by another booking" pc_booking_is PC-01 "booked_from 0"
finish
