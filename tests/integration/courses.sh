#!/usr/bin/env bash
# Courses: a weekly course with its PCs booked at every occasion (a closed
# date left out), shown as JSON; residents enrolled; the tutor's word on
# who came; an occasion and the course cancelled with their bookings. Every
# refusal names what is in the way, and the database stays as it was.
. "$(dirname "$0")/lib.sh"
# The Hungarian refusals come from the build tree's translations.
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

init_db
start_server
open_all_day
add_seat PC-01
add_seat PC-02
add_seat PC-03
NETPONT_NEW_PASSWORD=dora-secret ctl staff add dora --role mentor >/dev/null
ctl staff set dora --display-name "Dóra" >/dev/null
NETPONT_NEW_PASSWORD=zoli-secret ctl staff add zoli --role mentor >/dev/null
NETPONT_NEW_PASSWORD=tamas-secret ctl staff add tamas --role treasurer >/dev/null
NETPONT_NEW_PASSWORD=old-secret ctl staff add old --role mentor >/dev/null
ctl staff disable old >/dev/null
ctl resident add kovacs --name "Kovács Mária" --pin 1234 >/dev/null
ctl resident add nagy --name "Nagy Béla" --pin 4321 >/dev/null
ctl resident add gone --name "Erased Person" --pin 5555 >/dev/null
sqlite3 "$DB" "INSERT INTO residents (login, name, pin_hash, category_id, guest, created_at)
	SELECT 'guest-1', 'Guest 1', '', category_id, 1, created_at FROM residents WHERE login = 'kovacs';
	UPDATE residents SET erased_at = strftime('%s','now') WHERE login = 'gone'"

# The rows a refused course request must leave as they were.
course_state() {
	db_state
	sqlite3 "$DB" <<'SQL'
SELECT 'course', * FROM courses ORDER BY id;
SELECT 'enrolment', * FROM course_enrolments ORDER BY course_id, resident_id;
SELECT 'occasion', * FROM course_occasions ORDER BY id;
SELECT 'booking', * FROM bookings ORDER BY id;
SELECT 'attendance', * FROM course_attendance ORDER BY occasion_id, resident_id;
SELECT 'audit', id, action, detail FROM audit WHERE action <> 'login' ORDER BY id;
SQL
}

# unchanged DESCRIPTION EXPECTED_STATUS SENTENCE ARGS...: refused with the
# status and the sentence on stderr, and nothing changed.
unchanged() {
	local what=$1 status=$2 sentence=$3
	shift 3
	course_state >"$T/before"
	refused "$status" "$what" "$@"
	check "$what: says \"$sentence\"" grep -qF -- "$sentence" "$T/err"
	course_state >"$T/after"
	check "$what: nothing changed" cmp -s "$T/before" "$T/after"
	cmp -s "$T/before" "$T/after" || diff "$T/before" "$T/after" | head -n 6 >&2
}

# into FILE ARGS...: runs ARGS with their output into FILE (for check).
into() {
	local file=$1
	shift
	"$@" >"$file"
}

first=$(date -d "next thursday" +%F)
second=$(date -d "$first + 7 days" +%F)
third=$(date -d "$first + 14 days" +%F)
until=$(date -d "$first + 63 days" +%F)
ctl hours closed add "$second" --note "Holiday" >/dev/null
# A day as the refusals say it: "Thursday 17 December".
day() { LC_ALL=C date -d "$1" +"%A %-d %B"; }

log "a resident's booking stands in the way of the course"
sqlite3 "$DB" "INSERT INTO bookings (seat_id, starts_at, ends_at, resident_id, created_at)
	SELECT s.id, $(date -d "$third 14:00" +%s), $(date -d "$third 15:00" +%s), r.id, 0
	FROM seats s, residents r WHERE s.name = 'PC-03' AND r.login = 'kovacs'"
add=(course add --name "Digital skills for seniors" --tutor dora --seats PC-01,PC-02,PC-03
	--days thu --from 14:00 --to 15:30 --first "$first" --until "$until" --fee 200)
unchanged "PC-03 booked for Mrs Kovács" 1 \
	"PC-03 is already booked for Kovács Mária on $(day "$third") from 14:00 to 15:00." ctl "${add[@]}"
sqlite3 "$DB" "DELETE FROM bookings"

log "the course is set up"
check "a mentor sets up the course" into "$T/added" as zoli zoli-secret --json "${add[@]}"
eq "nine Thursdays but the holiday" 9 "$(jq .occasions "$T/added")"
eq "the holiday is left out" "[\"$second\"]" "$(jq -c .skipped "$T/added")"
eq "three PCs booked at each occasion" 27 "$(sqlite3 "$DB" "SELECT count(*) FROM bookings WHERE occasion_id IS NOT NULL")"
id=$(jq .id "$T/added")
ctlj course show "$id" >"$T/show"
eq "the tutor by display name" "Dóra" "$(jq -r .tutor_name "$T/show")"
eq "the PCs" "PC-01,PC-02,PC-03" "$(jq -r '.seats | join(",")' "$T/show")"
eq "the fee" 200 "$(jq .fee "$T/show")"
eq "the first occasion" "$first 14:00 15:30" "$(jq -r '.occasion_list[0] | "\(.date) \(.from) \(.to)"' "$T/show")"
eq "the next occasion is the first" "$(jq .occasion_list[0].starts_at "$T/show")" "$(jq .next_at "$T/show")"
eq "a treasurer may list the courses" "Digital skills for seniors" \
	"$(as tamas tamas-secret --json course list | jq -r '.[0].name')"
check "and show one" as tamas tamas-secret course show "$id"
eq "audited" 1 "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'course.add'")"
check "the text listing names it" grep -q "Digital skills for seniors" <<<"$(ctl course list)"

log "refusals of course add"
unchanged "the same PCs again" 1 "PC-01 is already booked for the course Digital skills for seniors on $(day "$first") from 14:00 to 15:30." \
	ctl course add --name Other --seats PC-01 --dates "$first" --from 15:00 --to 16:00
unchanged "a closed date" 1 "The room is closed on $(day "$second")." \
	ctl course add --name Other --seats PC-01 --dates "$second" --from 10:00 --to 11:00
sunday=$(date -d "next sunday" +%F)
ctl hours set sunday 09:00-12:00 >/dev/null
unchanged "outside the hours" 1 "On $(day "$sunday") the room is open from 09:00 to 12:00; the booking must lie inside." \
	ctl course add --name Other --seats PC-01 --dates "$sunday" --from 14:00 --to 15:30
ctl hours set sunday 00:00-24:00 >/dev/null
unchanged "an unknown PC" 1 "There is no seat called PC-99." \
	ctl course add --name Other --seats PC-01,PC-99 --dates "$sunday" --from 10:00 --to 11:00
unchanged "an unknown tutor" 1 "There is no staff member called nobody to be the tutor." \
	ctl course add --name Other --tutor nobody --seats PC-01 --dates "$sunday" --from 10:00 --to 11:00
unchanged "a disabled tutor" 1 "The account old is disabled" \
	ctl course add --name Other --tutor old --seats PC-01 --dates "$sunday" --from 10:00 --to 11:00
unchanged "an empty name" 2 "--name is required." \
	ctl course add --name "" --seats PC-01 --dates "$sunday" --from 10:00 --to 11:00
unchanged "no PCs" 1 "Name at least one PC for the course." \
	ctl course add --name Other --seats , --dates "$sunday" --from 10:00 --to 11:00
unchanged "the last date before the first" 1 "The last date ($first) is before the first ($until)." \
	ctl course add --name Other --seats PC-01 --days mon --first "$until" --until "$first" --from 10:00 --to 11:00
unchanged "more than 200 occasions" 1 "That makes more than 200 occasions" \
	ctl course add --name Other --seats PC-01 --days mon,tue,wed,thu,fri,sat --first "$first" \
	--until "$(date -d "$first + 1 year" +%F)" --from 10:00 --to 11:00
unchanged "a negative fee" 2 "The amount must be a whole number" \
	ctl course add --name Other --seats PC-01 --dates "$sunday" --from 10:00 --to 11:00 --fee -5
unchanged "an end before the start" 1 "The course must end after it starts (from 11:00 to 10:00)." \
	ctl course add --name Other --seats PC-01 --dates "$sunday" --from 11:00 --to 10:00
unchanged "a treasurer" 1 "Only a mentor or an administrator can set up a course." \
	as tamas tamas-secret course add --name Other --seats PC-01 --dates "$sunday" --from 10:00 --to 11:00

log "in Hungarian"
mentor_hu() { LANGUAGE=hu as zoli zoli-secret "$@"; }
unchanged "a guest, in Hungarian" 1 "Ez egy alkalmi vendég felhasználóneve: guest-1. Tanfolyamra csak lakót lehet beíratni." \
	mentor_hu course enrol "$id" --login guest-1
unchanged "the last date before the first, in Hungarian" 1 "Az utolsó nap ($first) korábbi, mint az első ($until)." \
	mentor_hu course add --name Other --seats PC-01 --days mon --first "$until" --until "$first" --from 10:00 --to 11:00

log "enrolments"
check "Mrs Kovács is enrolled" ctl course enrol "$id" --login kovacs
check "Mr Nagy is enrolled by a mentor" as zoli zoli-secret course enrol "$id" --login nagy
eq "two participants" 2 "$(ctlj course show "$id" | jq '.participants | length')"
unchanged "enrolling twice" 1 "Kovács Mária is already enrolled in Digital skills for seniors." \
	ctl course enrol "$id" --login kovacs
unchanged "a guest" 1 "guest-1 is a guest account" ctl course enrol "$id" --login guest-1
unchanged "an erased resident" 1 "The resident gone was erased" ctl course enrol "$id" --login gone
unchanged "an unknown course" 1 "There is no course number 99." ctl course enrol 99 --login kovacs
check "Mr Nagy leaves" ctl course enrol "$id" --login nagy --leave
eq "his leaving is kept" 1 "$(ctlj course show "$id" | jq '[.participants[] | select(.left_at != null)] | length')"
unchanged "leaving twice" 1 "Nagy Béla is not enrolled in Digital skills for seniors." \
	ctl course enrol "$id" --login nagy --leave

log "attendance"
occ=$(jq .occasion_list[0].id "$T/show")
unchanged "an occasion not yet begun" 1 "has not begun yet" \
	as dora dora-secret course attendance "$occ" --login kovacs --present yes
hour=$(date +%H)
check "a course today, under way" into "$T/today" ctl --json course add --name "Today's course" --tutor dora --seats PC-01 \
	--dates "$(date +%F)" --from "$hour:00" --to "$(printf %02d $((10#$hour + 1))):00"
today_id=$(jq .id "$T/today")
now_occ=$(ctlj course show "$today_id" | jq .occasion_list[0].id)
ctl course enrol "$today_id" --login kovacs >/dev/null
ctl course enrol "$today_id" --login nagy >/dev/null
sqlite3 "$DB" "INSERT INTO course_attendance (occasion_id, resident_id, present, source, recorded_at)
	SELECT $now_occ, id, 1, 'login', strftime('%s','now') FROM residents WHERE login = 'nagy'"
unchanged "a mentor who is not the tutor" 1 "Only the course's tutor or an administrator can record attendance." \
	as zoli zoli-secret course attendance "$now_occ" --login kovacs --present yes
unchanged "a resident not enrolled" 1 "There is no resident with the login nobody." \
	as dora dora-secret course attendance "$now_occ" --login nobody --present yes
ctl resident add toth --name "Tóth Ilona" --pin 7777 >/dev/null
unchanged "a resident not in the course" 1 "Tóth Ilona is not enrolled in Today's course." \
	as dora dora-secret course attendance "$now_occ" --login toth --present yes
check "the tutor marks Mrs Kovács present" as dora dora-secret course attendance "$now_occ" --login kovacs --present yes
check "and Mr Nagy, who logged in, absent after all" as dora dora-secret course attendance "$now_occ" --login nagy --present no
ctlj course attendance "$now_occ" >"$T/att"
eq "one present" 1 "$(jq .present "$T/att")"
eq "the tutor's word overrides the login" "nagy false tutor" \
	"$(jq -r '.attendance[] | select(.login == "nagy") | "\(.login) \(.present) \(.source)"' "$T/att")"
eq "the show counts the occasion's attendance" 1 "$(ctlj course show "$today_id" | jq .occasion_list[0].present)"
check "a treasurer may list the attendance" as tamas tamas-secret course attendance "$now_occ"

log "cancelling"
occ2=$(jq .occasion_list[1].id "$T/show")
check "one occasion is cancelled" into "$T/cancel1" ctl --json course cancel "$id" --occasion "$occ2"
eq "its three bookings go" 3 "$(jq .bookings "$T/cancel1")"
eq "they are cancelled in the store" 3 "$(sqlite3 "$DB" "SELECT count(*) FROM bookings WHERE occasion_id = $occ2 AND cancelled_at IS NOT NULL")"
unchanged "cancelling it again" 1 "was cancelled already" ctl course cancel "$id" --occasion "$occ2"
check "the whole course is cancelled" into "$T/cancel2" ctl --json course cancel "$id"
eq "the eight occasions left" 8 "$(jq .occasions "$T/cancel2")"
eq "no booking of the course stands" 0 "$(sqlite3 "$DB" "SELECT count(*) FROM bookings b JOIN course_occasions o ON o.id = b.occasion_id WHERE o.course_id = $id AND b.cancelled_at IS NULL")"
eq "the course is no longer listed" 0 "$(ctlj course list | jq --argjson id "$id" '[.[] | select(.id == $id)] | length')"
eq "but with --all" 1 "$(ctlj course list --all | jq --argjson id "$id" '[.[] | select(.id == $id)] | length')"
unchanged "cancelling it again" 1 "The course Digital skills for seniors was cancelled already." ctl course cancel "$id"
sqlite3 "$DB" "UPDATE course_occasions SET starts_at = starts_at - 86400, ends_at = ends_at - 86400 WHERE course_id = $today_id"
unchanged "an occasion over" 1 "is over; it cannot be cancelled." ctl course cancel "$today_id" --occasion "$now_occ"
unchanged "a course over" 1 "The course Today's course is over; there is nothing to cancel." ctl course cancel "$today_id"
eq "every change audited" "course.add 2 course.attendance 2 course.cancel 2 course.enrol 4 course.leave 1" \
	"$(sqlite3 "$DB" "SELECT action, count(*) FROM audit WHERE action LIKE 'course.%' GROUP BY action" | tr '|\n' '  ' | sed 's/ $//')"

check "netpontd stops cleanly" stop_server
finish
