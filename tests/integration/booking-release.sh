#!/usr/bin/env bash
# A resident's booking nobody claims within booking_release_min minutes of
# its start is released by the server's timer: the PC's notice goes and a
# walk-in may use the PC. The setting is checked (0 = never, at most 120).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/booking-lib.sh"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

booked_room PC-01

log "the setting's range"
before=$(db_state)
refused 1 "121 minutes" ctl setting set booking_release_min 121
check "it names the range" grep -q "from 0 to 120" "$T/err"
refused 1 "a negative number" ctl setting set booking_release_min -1
eq "the database is unchanged" "$before" "$(db_state)"

log "a booking that began 55 s ago, released after a minute"
booking=$(book_resident PC-01 kovacs -55 1800)
# The setting also makes the server look at the bookings' deadlines again.
check "release after 1 minute" ctl setting set booking_release_min 1
online PC-01
check "the PC shows the booking" wait_until 10 pc_booking_is PC-01 "booking $booking .* 0 Kovács Mária"
refused 1 "nobody else meanwhile" agent PC-01 login nagy 4321
released() { [ -n "$(sql "SELECT released_at FROM bookings WHERE id = $booking")" ]; }
check "the server releases it" wait_until 20 released
check "the PC's notice goes" wait_until 10 pc_booking_is PC-01 "booking 0"
check "it was never claimed" test -z "$(sql "SELECT claimed_session_id FROM bookings WHERE id = $booking")"
check "Nagy Béla may use the PC now" agent PC-01 login nagy 4321
finish
