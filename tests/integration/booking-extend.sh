#!/usr/bin/env bash
# A mentor may extend a session up to a booking of the PC, not into it:
# the refusal names whom the PC is kept for and from when, and changes
# nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/booking-lib.sh"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

booked_room PC-01
booking=$(book_resident PC-01 kovacs 2400 3600)
at=$(date -d "@$(sql "SELECT starts_at FROM bookings WHERE id = $booking")" +%H:%M)
online PC-01
check "a guest session for 30 minutes" ctl session start PC-01 --guest --minutes 30
check "5 more minutes fit before the booking" ctl session extend PC-01 --minutes 5
before=$(db_state)
refused 1 "30 more minutes would run into the booking" ctl session extend PC-01 --minutes 30
check "the mentor hears why" \
	grep -q "PC-01 is reserved for Kovács Mária from $at: the session can run until then at most." "$T/err"
eq "the database is unchanged" "$before" "$(db_state)"
finish
