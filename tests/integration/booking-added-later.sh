#!/usr/bin/env bash
# A booking made while someone else uses the PC (netpontctl booking add):
# the PC hears of it at once (BookingNoticeEvent), and the running session
# now ends at the booking's start, which the PC says; cancelled, the notice
# goes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/booking-lib.sh"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

booked_room PC-01
online PC-01
check "Nagy Béla logs in at PC-01" agent PC-01 login nagy 4321
rem=$(agent_field PC-01 remaining_s)
check "he has his daily hour ($rem s)" test "$rem" -gt 3500

log "Kovács Mária's booking from 20 minutes on"
t=$(now)
day=$(date -d "@$((t + 1200))" +%F)
from=$(date -d "@$((t + 1200))" +%H:%M)
to=$(date -d "@$((t + 2400))" +%H:%M)
check "a mentor books PC-01" ctl booking add --seat PC-01 --login kovacs --date "$day" --from "$from" --to "$to"
booking=$(sql "SELECT id FROM bookings")
starts=$(sql "SELECT starts_at FROM bookings")
check "the PC hears of it at once" wait_until 10 pc_booking_is PC-01 "booking $booking $starts .* 0 Kovács Mária"
eq "his session now ends at the booking's start" "$starts" "$(session_of nagy ends_at)"
check "the PC says why his time is short" wait_until 10 pc_booking_is PC-01 "booked_from $starts"
rem=$(agent_field PC-01 remaining_s)
check "he has 20 minutes at most ($rem s)" test "$rem" -le 1200

log "the booking cancelled"
check "a mentor cancels it" ctl booking cancel "$booking"
check "the PC's notice goes" wait_until 10 pc_booking_is PC-01 "booking 0"
finish
