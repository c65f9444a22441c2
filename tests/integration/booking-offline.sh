#!/usr/bin/env bash
# The PC keeps its booking notice while the server is away: the login
# screen goes on showing the last booking it heard of.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/booking-lib.sh"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

booked_room PC-01
booking=$(book_resident PC-01 kovacs 1200 3000)
online PC-01
check "the PC shows the booking" wait_until 10 pc_booking_is PC-01 "booking $booking .* 0 Kovács Mária"
check "the server stops" stop_server
agent_offline() { ! agent_connected "$1"; }
check "the PC notices" wait_until 20 agent_offline PC-01
check "the PC still shows the booking" pc_booking_is PC-01 "booking $booking .* 0 Kovács Mária"
finish
