# Helpers of the booking tests (booking-*.sh, course-login.sh): a room with
# two residents, and bookings, courses and occasions written straight into
# the database, as the bookings and courses requests would store them.
# shellcheck shell=bash

# booked_room SEAT...: a new database and its server, open all day, the
# seats enrolled (no agent yet: it hears of a booking in its Welcome), and
# the residents Kovács Mária (kovacs, 1234) and Nagy Béla (nagy, 4321).
booked_room() {
	local name
	init_db
	start_server
	open_all_day
	for name in "$@"; do add_seat "$name"; done
	NETPONT_PIN=1234 ctl resident add kovacs --name "Kovács Mária" >/dev/null
	NETPONT_PIN=4321 ctl resident add nagy --name "Nagy Béla" >/dev/null
}

# online SEAT...: starts the agents and waits until each PC is free.
online() {
	local name
	for name in "$@"; do start_agent "$name"; done
	for name in "$@"; do check "$name online" wait_until 20 seat_is "$name" free; done
}

now() { date +%s; }
sql() { sqlite3 -separator " " -cmd ".timeout 5000" "$DB" "$@"; }

# book_resident SEAT LOGIN FROM TO: a resident's booking from FROM to TO
# seconds after now; prints its id.
book_resident() {
	local t
	t=$(now)
	sql "INSERT INTO bookings (seat_id, starts_at, ends_at, resident_id, created_at)
	     SELECT s.id, $t + $3, $t + $4, r.id, $t FROM seats s, residents r
	     WHERE s.name = '$1' AND r.login = '$2'; SELECT last_insert_rowid();"
}

# course_now NAME FEE FROM TO SEAT...: a course with an occasion from FROM to
# TO seconds after now, its PCs booked; prints the occasion's id.
course_now() {
	local name=$1 fee=$2 from=$3 to=$4 t seat
	shift 4
	t=$(now)
	local occasion
	occasion=$(sql "INSERT INTO courses (name, fee, created_at) VALUES ('$name', $fee, $t);
	    INSERT INTO course_occasions (course_id, starts_at, ends_at)
	    VALUES (last_insert_rowid(), $t + $from, $t + $to); SELECT last_insert_rowid();")
	for seat in "$@"; do
		sql "INSERT INTO bookings (seat_id, starts_at, ends_at, occasion_id, created_at)
		     SELECT s.id, o.starts_at, o.ends_at, o.id, $t FROM seats s, course_occasions o
		     WHERE s.name = '$seat' AND o.id = $occasion"
	done
	echo "$occasion"
}

# enrol OCCASION LOGIN: the resident enrolled in the occasion's course.
enrol() {
	sql "INSERT INTO course_enrolments (course_id, resident_id, enrolled_at)
	     SELECT o.course_id, r.id, $(now) FROM course_occasions o, residents r
	     WHERE o.id = $1 AND r.login = '$2'"
}

# pc_booking SEAT: what the PC's agent says of its booking (control-client.py
# booking): "booking ID STARTS ENDS COURSE RESERVED_FOR", "booked_from N",
# "course NAME".
pc_booking() {
	python3 "$(dirname "${BASH_SOURCE[0]}")/control-client.py" "$T/$1.sock" booking -
}
pc_booking_is() { pc_booking "$1" | grep -qx "$2"; }

# session_of LOGIN COLUMN: a column of the resident's latest session.
session_of() {
	sql "SELECT s.$2 FROM sessions s JOIN residents r ON r.id = s.resident_id
	     WHERE r.login = '$1' ORDER BY s.id DESC LIMIT 1"
}
