#!/usr/bin/env bash
# Bookings through the real netpontd and netpontctl: a mentor books PCs for
# residents, lists, cancels and moves bookings; every refusal (an unknown or
# out-of-order PC, an overlap of the PC or of the resident, the day's hours,
# its lunch break, a closed date or weekday, the past, an unknown, guest's
# or erased account, a booking no longer waiting) names what is in the way
# and leaves the database exactly as it was.
. "$(dirname "$0")/lib.sh"

: "${NETPONT_BUILD_DIR:?NETPONT_BUILD_DIR must name the build directory}"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

init_db
start_server
for pc in PC-01 PC-02 PC-03 PC-04; do add_seat "$pc"; done
ctl resident add kovacs --name "Kovács Mária" --pin 1234 >/dev/null
ctl resident add nagy --name "Nagy Béla" --pin 4321 >/dev/null
ctl resident add szabo --name "Szabó Éva" --pin 5678 >/dev/null
ctl resident add erased --name "Erased" --pin 5678 >/dev/null
NETPONT_NEW_PASSWORD=dora-password ctl staff add dora --role mentor >/dev/null
ctl staff set dora --display-name "Dóra" >/dev/null
NETPONT_NEW_PASSWORD=tamas-password ctl staff add tamas --role treasurer >/dev/null
# A walk-in guest's account and an erased one, as the server leaves them.
sqlite3 "$DB" "INSERT INTO residents (login, name, pin_hash, category_id, guest, created_at)
	VALUES ('guest-1', 'Guest 1', '', 1, 1, 0);
	UPDATE residents SET name = '', erased_at = 1 WHERE login = 'erased';"

# Tuesdays 09:00-18:00 with a lunch break, closed on Sundays and on
# Christmas Eve. 2030-12-10 and 2030-12-24 are Tuesdays, 2030-12-15 a Sunday.
ctl hours set tuesday 09:00-12:00,13:00-18:00 >/dev/null
ctl hours set sunday closed >/dev/null
ctl hours closed add 2030-12-24 --note Szenteste >/dev/null
DAY=2030-12-10

mentor() { as dora dora-password "$@"; }
mentor_hu() { LANGUAGE=hu as dora dora-password "$@"; }

bookings_dump() {
	db_state
	sqlite3 "$DB" "SELECT 'booking', * FROM bookings ORDER BY id;
		SELECT 'audit', * FROM audit WHERE action <> 'login' ORDER BY id;"
}

# unchanged DESCRIPTION EXPECTED_STATUS SENTENCE ARGS...: refused with the
# status, saying SENTENCE (a fixed string) on stderr, the database as before.
unchanged() {
	local what=$1 status=$2 sentence=$3
	shift 3
	bookings_dump >"$T/before"
	refused "$status" "$what" "$@"
	check "$what: says '$sentence'" grep -qF -- "$sentence" "$T/err"
	bookings_dump >"$T/after"
	check "$what: the database is unchanged" cmp -s "$T/before" "$T/after"
}

log "a mentor books a PC for Mrs Kovács"
out=$(mentor booking add --seat PC-03 --login kovacs --date $DAY --from 10:00 --to 11:00 --note "job search")
eq "the mentor is told" "Booking 1: PC-03 for Kovács Mária (kovacs) on $DAY from 10:00 to 11:00." "$out"
mentor --json booking list --date $DAY >"$T/list.json"
eq "the list has it" 1 "$(jq length "$T/list.json")"
eq "with its PC, span, resident, state, maker and note" \
	"1 PC-03 $DAY 10:00 11:00 kovacs Kovács Mária booked Dóra job search" \
	"$(jq -r '.[0] | "\(.id) \(.seat) \(.date) \(.from) \(.to) \(.login) \(.name) \(.state) \(.created_by) \(.note)"' "$T/list.json")"
eq "the span in Unix time" "$(date -d "$DAY 10:00" +%s) $(date -d "$DAY 11:00" +%s)" \
	"$(jq -r '.[0] | "\(.starts_at) \(.ends_at)"' "$T/list.json")"
eq "a course field is null for a resident's booking" null "$(jq -r '.[0].course' "$T/list.json")"
eq "the change is audited" "booking.add" \
	"$(sqlite3 "$DB" "SELECT action FROM audit WHERE action LIKE 'booking.%' ORDER BY id DESC LIMIT 1")"

log "two PCs at once for Mr Nagy"
added=$(mentor --json booking add --seat PC-01,PC-02 --login nagy --date $DAY --from 14:00 --to 15:00)
eq "two bookings made" "PC-01 PC-02" "$(jq -r 'map(.seat) | join(" ")' <<<"$added")"
eq "the list shows three bookings" 3 "$(ctlj booking list --date $DAY | jq length)"
eq "one PC's list" "PC-01" "$(ctlj booking list --date $DAY --seat PC-01 | jq -r 'map(.seat) | join(" ")')"
eq "a range of dates" 3 "$(ctlj booking list --from $DAY --to 2030-12-11 | jq length)"
eq "another day has none" "No bookings then." "$(ctl booking list --date 2030-12-11)"
eq "today's list by default" "No bookings then." "$(ctl booking list)"
table=$(ctl booking list --date $DAY)
check "the table names the resident" grep -q "Kovács Mária (kovacs)" <<<"$table"
check "the treasurer may list" as tamas tamas-password booking list --date $DAY

log "refusals change nothing"
unchanged "an unknown PC" 1 "There is no seat called PC-09." \
	mentor booking add --seat PC-09 --login szabo --date $DAY --from 10:00 --to 11:00
unchanged "PC-03 is taken: all or nothing" 1 \
	"PC-03 is already booked for Kovács Mária on Tuesday 10 December from 10:00 to 11:00." \
	mentor booking add --seat PC-04,PC-03 --login szabo --date $DAY --from 10:30 --to 11:30
add_seat PC-05
ctl seat remove PC-05 >/dev/null
unchanged "a PC taken out of the room" 1 "There is no seat called PC-05." \
	mentor booking add --seat PC-05 --login szabo --date $DAY --from 10:00 --to 11:00
ctl seat lock PC-04 >/dev/null
unchanged "an out-of-order PC" 1 "PC-04 is out of order; unlock it first or choose another PC." \
	mentor booking add --seat PC-04 --login szabo --date $DAY --from 10:00 --to 11:00
ctl seat unlock PC-04 >/dev/null
unchanged "Mrs Kovács is booked elsewhere then" 1 \
	"Kovács Mária already has a booking then: PC-03 on Tuesday 10 December from 10:00 to 11:00." \
	mentor booking add --seat PC-01 --login kovacs --date $DAY --from 10:30 --to 11:30
unchanged "before opening" 1 \
	"On Tuesday 10 December the room is open from 09:00 to 18:00; the booking must lie inside." \
	mentor booking add --seat PC-04 --login szabo --date $DAY --from 08:00 --to 09:30
unchanged "longer than the day" 1 \
	"The booking is longer than the opening hours of Tuesday 10 December (09:00 to 18:00)." \
	mentor booking add --seat PC-04 --login szabo --date $DAY --from 08:00 --to 19:00
unchanged "the lunch break" 1 "On Tuesday 10 December the room is closed for lunch from 12:00 to 13:00." \
	mentor booking add --seat PC-04 --login szabo --date $DAY --from 11:30 --to 12:30
unchanged "a closed date" 1 "The room is closed on Tuesday 24 December (Szenteste)." \
	mentor booking add --seat PC-04 --login szabo --date 2030-12-24 --from 10:00 --to 11:00
unchanged "a closed weekday" 1 "The room is closed on Sunday 15 December." \
	mentor booking add --seat PC-04 --login szabo --date 2030-12-15 --from 10:00 --to 11:00
unchanged "the past" 1 "is in the past; only a time from now on can be booked." \
	mentor booking add --seat PC-04 --login szabo --date "$(date -d yesterday +%F)" --from 10:00 --to 11:00
unchanged "an end before the start" 1 "The booking must end after it starts." \
	mentor booking add --seat PC-04 --login szabo --date $DAY --from 11:00 --to 10:00
unchanged "a time that is no time" 1 "The time must look like 14:30." \
	mentor booking add --seat PC-04 --login szabo --date $DAY --from 10:00 --to 25:00
unchanged "an unknown resident" 1 "There is no resident with the login nobody." \
	mentor booking add --seat PC-04 --login nobody --date $DAY --from 10:00 --to 11:00
unchanged "a guest's account" 1 "guest-1 is a walk-in guest's account; book for a resident's own account." \
	mentor booking add --seat PC-04 --login guest-1 --date $DAY --from 10:00 --to 11:00
unchanged "an erased account" 1 "The account erased was erased; it cannot be booked." \
	mentor booking add --seat PC-04 --login erased --date $DAY --from 10:00 --to 11:00
unchanged "the treasurer cannot book" 1 "Only a mentor or an administrator can book PCs." \
	as tamas tamas-password booking add --seat PC-04 --login szabo --date $DAY --from 10:00 --to 11:00
unchanged "no --login" 2 "--login is required." \
	mentor booking add --seat PC-04 --date $DAY --from 10:00 --to 11:00
unchanged "a date written another way" 2 "--date must be a date like 2026-12-08." \
	mentor booking add --seat PC-04 --login szabo --date 10.12.2030 --from 10:00 --to 11:00
unchanged "the same refusal in Hungarian" 1 \
	"Ez a gép már foglalt: PC-03, Kovács Mária számára, december 10., kedd, 10:00 és 11:00 között." \
	mentor_hu booking add --seat PC-03 --login szabo --date $DAY --from 10:30 --to 11:30
unchanged "a closed date in Hungarian" 1 "A terem zárva tart: december 24., kedd (Szenteste)." \
	mentor_hu booking add --seat PC-04 --login szabo --date 2030-12-24 --from 10:00 --to 11:00

log "cancelling"
out=$(mentor booking cancel 1)
eq "the mentor is told" \
	"Booking 1 is cancelled: PC-03 for Kovács Mária (kovacs) on $DAY from 10:00 to 11:00." "$out"
eq "the list shows it cancelled" cancelled "$(ctlj booking list --date $DAY --seat PC-03 | jq -r '.[0].state')"
eq "who cancelled it is kept" "$(sqlite3 "$DB" "SELECT id FROM staff WHERE name = 'dora'")" \
	"$(sqlite3 "$DB" "SELECT cancelled_by FROM bookings WHERE id = 1")"
unchanged "cancelling it again" 1 "Booking 1 was cancelled already." mentor booking cancel 1
unchanged "an unknown booking" 1 "There is no booking 99." mentor booking cancel 99
unchanged "moving a cancelled booking" 1 "Booking 1 was cancelled already." \
	mentor booking move 1 --seat PC-04
unchanged "a booking number that is no number" 2 "'x' is not a number." mentor booking cancel x
check "PC-03 is free again at 10:00" \
	mentor booking add --seat PC-03 --login szabo --date $DAY --from 10:00 --to 11:00

log "moving"
out=$(mentor booking move 2 --seat PC-04 --from 15:00 --to 16:00)
eq "the mentor is told" \
	"Booking 2 is now: PC-04 for Nagy Béla (nagy) on $DAY from 15:00 to 16:00." "$out"
eq "the list shows it moved" "PC-04 15:00 16:00" \
	"$(ctlj booking list --date $DAY | jq -r '.[] | select(.id == 2) | "\(.seat) \(.from) \(.to)"')"
moved=$(mentor --json booking move 2 --date 2030-12-11)
eq "a new date alone keeps the times" "2030-12-11 15:00 16:00" "$(jq -r '"\(.date) \(.from) \(.to)"' <<<"$moved")"
eq "moves are audited" 2 "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'booking.move'")"
unchanged "moving onto a taken PC" 1 \
	"PC-03 is already booked for Szabó Éva on Tuesday 10 December from 10:00 to 11:00." \
	mentor booking move 3 --seat PC-03 --from 10:30 --to 11:00
unchanged "moving into the lunch break" 1 "the room is closed for lunch from 12:00 to 13:00." \
	mentor booking move 3 --from 12:00 --to 13:30
unchanged "moving without saying where" 2 "Say where to move the booking" mentor booking move 3
unchanged "a start without an end" 2 "Give both --from and --to." mentor booking move 3 --from 10:00

log "a booking claimed, released or over is no longer changed"
sqlite3 "$DB" "UPDATE bookings SET claimed_at = $(date -d "$DAY 14:02" +%s) WHERE id = 3"
unchanged "cancelling a claimed booking" 1 \
	"Booking 3 was claimed at 14:02 (its resident logged in); it cannot be changed any more." \
	mentor booking cancel 3
unchanged "moving a claimed booking" 1 "Booking 3 was claimed at 14:02" mentor booking move 3 --seat PC-04
sqlite3 "$DB" "UPDATE bookings SET claimed_at = NULL, released_at = $(date -d "$DAY 14:10" +%s) WHERE id = 3"
unchanged "cancelling a released booking" 1 \
	"Booking 3 was released at 14:10 (nobody came); it cannot be changed any more." \
	mentor booking cancel 3
yesterday=$(date -d yesterday +%F)
sqlite3 "$DB" "INSERT INTO bookings (seat_id, starts_at, ends_at, resident_id, created_at)
	VALUES (1, $(date -d "$yesterday 10:00" +%s), $(date -d "$yesterday 11:00" +%s),
	(SELECT id FROM residents WHERE login = 'szabo'), 0)"
unchanged "cancelling a booking that is over" 1 "Booking 5 is over (it ended at 11:00 on" \
	mentor booking cancel 5
unchanged "the treasurer cannot cancel" 1 "Only a mentor or an administrator can cancel a booking." \
	as tamas tamas-password booking cancel 4

check "netpontd stops cleanly" stop_server
finish
