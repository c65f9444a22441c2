#!/usr/bin/env bash
# While a resident's booking runs, nobody else starts a session on that PC:
# another resident's login and a mentor's SessionStart for a guest or a
# resident are refused with a sentence naming whom the PC is kept for and
# until when, and change nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/booking-lib.sh"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

booked_room PC-01
book_resident PC-01 kovacs -60 1800 >/dev/null
until=$(date -d "@$(sql "SELECT ends_at FROM bookings")" +%H:%M)
online PC-01
before=$(db_state)

refused 1 "Nagy Béla at PC-01" agent PC-01 login nagy 4321
check "the PC says whom it is kept for" \
	grep -q "This PC is reserved for Kovács Mária until $until. Please ask a mentor for another PC." "$T/err"
hu=$(python3 "$(dirname "$0")/control-client.py" "$T/PC-01.sock" login nagy 4321 hu)
eq "in Hungarian at a Hungarian login screen" \
	"error 14 Ez a gép $until óráig foglalt, neki: Kovács Mária. Kérjen meg egy mentort, hogy adjon másik gépet." "$hu"
refused 1 "a mentor's guest at PC-01" ctl session start PC-01 --guest
check "the mentor hears it too" grep -q "PC-01 is reserved for Kovács Mária until $until" "$T/err"
refused 1 "a mentor's session for Nagy Béla at PC-01" ctl session start PC-01 --resident nagy
eq "the database is unchanged" "$before" "$(db_state)"
check "PC-01 stays locked" agent_is PC-01 locked
check "no session was started" test "$(sql "SELECT count(*) FROM sessions")" = 0
finish
