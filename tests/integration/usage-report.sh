#!/usr/bin/env bash
# The funders' usage report against a scripted month of activity: residents
# with and without a year of birth in several age bands, sessions at a PC,
# a guest, office charges and one reversal, help calls with topics, all
# through the real programs; course occasions and volunteer periods, which
# other parts of issue 13 write, are inserted with sqlite3. Every figure of
# `report usage --json` is checked against what the script did; counts of
# 1 to 4 people are "<5"; no login or name leaves in the report; a mentor
# is refused; --csv and --pdf carry the same tables.
. "$(dirname "$0")/lib.sh"

room_online PC-01
YEAR=$(date +%Y)
FROM=$(date +%Y-%m-01)
TO=$(date -d "$FROM +1 month -1 day" +%F)
MONTH_START=$(date -d "$FROM" +%s)
NOW=$(date +%s)

log "year of birth: optional, with the resident's consent"
# born LOGIN CATEGORY AGE|-: a resident of that fee category, AGE years old
# at the end of this year (no year of birth given for -).
born() {
	local login=$1 category=$2 age=$3 year=()
	[ "$age" = - ] || year=(--birth-year $((YEAR - age)))
	NETPONT_PIN=1234 ctl resident add "$login" --name "Name of $login" --category "$category" \
		"${year[@]}" >/dev/null
}
check "a1 (80, standard)" born usr-a1 standard 80
check "a2 (70)" born usr-a2 standard 70
check "a3 (65)" born usr-a3 standard 65
check "a4 (62)" born usr-a4 standard 62
check "a5 (68, reduced)" born usr-a5 reduced 68
check "a6 (61, reduced)" born usr-a6 reduced 61
check "a7 (40)" born usr-a7 standard 40
check "a8 (16)" born usr-a8 standard 16
check "a9 (year not given)" born usr-a9 standard -
check "a10 (50, no session)" born usr-a10 standard 50
eq "resident show --json has the year" $((YEAR - 80)) "$(ctlj resident show usr-a1 | jq .resident.birth_year)"
eq "and null when not given" null "$(ctlj resident show usr-a9 | jq .resident.birth_year)"
check "the plain show has the line" bash -c "NETPONT_PASSWORD=$ADMIN_PASSWORD $NETPONTCTL --server 127.0.0.1:$PORT --user admin resident show usr-a1 | grep -q 'Year of birth: *$((YEAR - 80))'"
BEFORE=$(db_state; sqlite3 "$DB" "SELECT login, birth_year FROM residents ORDER BY id")
refused 1 "a year before 1900" ctl resident update usr-a9 --birth-year 1899
check "it says which years" grep -q "between 1900 and $YEAR" "$T/err"
refused 1 "a year in the future" ctl resident update usr-a9 --birth-year $((YEAR + 1))
NETPONT_PIN=1234 refused 1 "nor when adding" ctl resident add usr-x --name X --birth-year 1850
refused 2 "a year that is not a number" ctl resident update usr-a9 --birth-year fifty
eq "the refusals changed nothing" "$BEFORE" "$(db_state; sqlite3 "$DB" "SELECT login, birth_year FROM residents ORDER BY id")"
check "a10 gives the year later" ctl resident update usr-a10 --birth-year 1990
eq "it is kept" 1990 "$(ctlj resident show usr-a10 | jq .resident.birth_year)"
check "and withdraws consent" ctl resident update usr-a10 --birth-year none
eq "the year is forgotten" null "$(ctlj resident show usr-a10 | jq .resident.birth_year)"
check "an empty value forgets too" ctl resident update usr-a10 --birth-year ""
check "a10 gives it again (50)" ctl resident update usr-a10 --birth-year $((YEAR - 50))

log "a month of sessions, charges and help calls"
# visit LOGIN: a session at PC-01, ended by the mentor.
visit() {
	ctl session start PC-01 --resident "$1" --minutes 30 >/dev/null &&
		ctl session end PC-01 >/dev/null
}
for r in usr-a1 usr-a2 usr-a3 usr-a4 usr-a5 usr-a6 usr-a7 usr-a8 usr-a9 usr-a1; do
	check "$r uses PC-01" visit "$r"
done
check "a walk-in guest" ctl session start PC-01 --guest --minutes 30
check "the guest leaves" ctl session end PC-01
check "a1: 3 copies" ctl charge add usr-a1 copy --qty 3
check "a2: 4 copies" ctl charge add usr-a2 copy --qty 4
check "a2: 2 scans" ctl charge add usr-a2 scan --qty 2
SCAN_ID=$(ctlj charge add usr-a3 scan --qty 1 | jq .id)
check "a3's scan was a mistake" ctl ledger reverse "$SCAN_ID" --note "scanned nothing"
# help_call LOGIN TEXT [TOPIC]: a call at PC-01 during a session, answered
# and resolved with TOPIC, or left open (the session's end closes it).
help_call() {
	ctl session start PC-01 --resident "$1" --minutes 30 >/dev/null
	agent PC-01 help "$2" >/dev/null
	local id
	id=$(ctlj help list | jq '.[] | select(.seat == "PC-01") | .id')
	if [ -n "${3:-}" ]; then
		sleep 1
		ctl help ack "$id" >/dev/null
		ctl help resolve "$id" --topic "$3" >/dev/null
	fi
	ctl session end PC-01 >/dev/null
}
check "a2 asks about a CV" help_call usr-a2 "My CV?" cv
check "a3 about an office form" help_call usr-a3 "The form?" e_government
check "a4 asks, nobody comes" help_call usr-a4 "Hello?"

log "what other parts write: course occasions and volunteer periods (inserted directly)"
sqlite3 "$DB" <<SQL
INSERT INTO courses (id, name, created_at) VALUES (1, 'Digital skills', $NOW);
INSERT INTO course_occasions (id, course_id, starts_at, ends_at) VALUES
  (1, 1, $NOW - 7200, $NOW - 5400), (2, 1, $NOW - 3600, $NOW - 1800);
INSERT INTO course_occasions (id, course_id, starts_at, ends_at, cancelled_at) VALUES
  (3, 1, $NOW - 5000, $NOW - 4000, $NOW - 9000);
INSERT INTO course_occasions (id, course_id, starts_at, ends_at) VALUES (4, 1, $NOW + 600, $NOW + 1200);
INSERT INTO course_attendance (occasion_id, resident_id, present, source, recorded_at)
  SELECT 1, id, 1, 'tutor', $NOW FROM residents WHERE login IN ('usr-a1', 'usr-a2', 'usr-a3');
INSERT INTO course_attendance (occasion_id, resident_id, present, source, recorded_at)
  SELECT 1, id, 0, 'tutor', $NOW FROM residents WHERE login = 'usr-a4';
INSERT INTO course_attendance (occasion_id, resident_id, present, source, recorded_at)
  SELECT 2, id, 1, 'login', $NOW FROM residents WHERE login IN ('usr-a1', 'usr-a2');
INSERT INTO course_attendance (occasion_id, resident_id, present, source, recorded_at)
  SELECT 3, id, 1, 'login', $NOW FROM residents WHERE login = 'usr-a5';
INSERT INTO volunteer_periods (staff_id, activity, started_at, ended_at, source, recorded_at)
  VALUES (1, 'desk', $NOW - 7200, $NOW, 'admin', $NOW),
         (1, 'tutoring', $NOW - 14400, $NOW - 9000, 'admin', $NOW),
         (1, 'event', $MONTH_START - 3600, $MONTH_START + 3600, 'admin', $NOW);
INSERT INTO volunteer_periods (staff_id, activity, started_at, ended_at, source, recorded_at,
  removed_at) VALUES (1, 'desk', $NOW - 20000, $NOW - 2000, 'admin', $NOW, $NOW);
SQL

log "the report"
check "report usage --json" bash -c "NETPONT_PASSWORD=$ADMIN_PASSWORD $NETPONTCTL --server 127.0.0.1:$PORT --user admin --json report usage --from $FROM --to $TO >$T/usage.json"
P=".periods[0]"
q() { jq -c "$P$1" "$T/usage.json"; }
eq "one period" 1 "$(jq '.periods | length' "$T/usage.json")"
eq "sessions: 10 visits, a guest and 3 with help calls" 14 "$(q .total.sessions)"
eq "PC hours: the sessions' length" \
	"$(sqlite3 "$DB" 'SELECT sum(ended_at - started_at) FROM sessions')" "$(q .total.pc_seconds)"
eq "distinct residents" 9 "$(q .total.residents)"
eq "new residents (a10 too)" 10 "$(q .total.new_residents)"
eq "one guest: <5" '"<5"' "$(q .total.guests)"
cat_q() { q ".categories[] | select(.key == \"$1\") | .$2"; }
eq "standard: sessions (the guest's too)" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM sessions s JOIN residents r ON r.id = s.resident_id JOIN categories c ON c.id = r.category_id WHERE c.name = 'standard'")" \
	"$(cat_q standard sessions)"
eq "standard: residents" 7 "$(cat_q standard residents)"
eq "standard: new residents" 8 "$(cat_q standard new_residents)"
eq "reduced: 2 sessions" 2 "$(cat_q reduced sessions)"
eq "reduced: 2 residents are <5" '"<5"' "$(cat_q reduced residents)"
eq "reduced: new <5" '"<5"' "$(cat_q reduced new_residents)"
eq "exempt: nobody is 0, not <5" 0 "$(cat_q exempt residents)"
eq "the categories carry their labels" '"Reduced"' "$(cat_q reduced label)"
age_q() { q ".ages[] | select(.key == \"$1\") | .$2"; }
eq "the bands in order" '["0-17","18-29","30-44","45-59","60-74","75+","unknown"]' "$(q '.ages | map(.key)')"
eq "60-74: 5 residents, shown" 5 "$(age_q 60-74 residents)"
eq "60-74: 5 sessions + help calls of a2, a3, a4" 8 "$(age_q 60-74 sessions)"
eq "60-74: 5 new" 5 "$(age_q 60-74 new_residents)"
eq "75+: a1's 2 sessions" 2 "$(age_q 75+ sessions)"
eq "75+: <5" '"<5"' "$(age_q 75+ residents)"
eq "30-44: <5" '"<5"' "$(age_q 30-44 residents)"
eq "0-17: one session" 1 "$(age_q 0-17 sessions)"
eq "18-29: nobody" 0 "$(age_q 18-29 residents)"
eq "45-59: nobody used a PC" 0 "$(age_q 45-59 residents)"
eq "45-59: a10 is new, <5" '"<5"' "$(age_q 45-59 new_residents)"
eq "unknown: a9 and the guest" 2 "$(age_q unknown sessions)"
eq "unknown: the guest counts as a guest" '"<5"' "$(age_q unknown guests)"
eq "the year not known: <5" '"<5"' "$(q .birth_year_unknown)"
eq "office items net of the reversal" '{"copy":7,"scan":2}' "$(q .items)"
eq "help calls" 3 "$(q .help.calls)"
eq "answered" 2 "$(q .help.answered)"
eq "resolved" 2 "$(q .help.resolved)"
eq "by topic" '{"cv":1,"e_government":1}' "$(q .help.topics)"
WAITS=$(sqlite3 "$DB" 'SELECT acknowledged_at - raised_at FROM help_calls WHERE acknowledged_at IS NOT NULL ORDER BY 1' | tr '\n' ' ')
read -r W1 W2 <<<"$WAITS"
eq "median wait (two calls: their mean)" $(((W1 + W2) / 2)) "$(q .help.median_wait_s)"
eq "average wait" $(((W1 + W2) / 2)) "$(q .help.average_wait_s)"
eq "occasions held (not the cancelled, not the coming one)" 2 "$(q .courses.occasions)"
eq "participants present" 5 "$(q .courses.attendance)"
eq "distinct participants: 3 are <5" '"<5"' "$(q .courses.participants)"
eq "volunteer desk: 2 h" 7200 "$(q .volunteer.seconds.desk)"
eq "tutoring 1.5 h" 5400 "$(q .volunteer.seconds.tutoring)"
eq "the event clipped to the month" 3600 "$(q .volunteer.seconds.event)"
eq "the removed period does not count" 16200 "$(q .volunteer.total_s)"
eq "the note says what <5 means" true "$(jq '.note | contains("1 to 4 people")' "$T/usage.json")"
check "no login in the report" bash -c "! grep -q 'usr-a' $T/usage.json"
check "no name either" bash -c "! grep -q 'Name of' $T/usage.json"

log "by quarter and by month"
ctlj report usage --from "$YEAR-01-01" --to "$YEAR-12-31" --by quarter >"$T/q.json"
eq "four quarters" 4 "$(jq '.periods | length' "$T/q.json")"
eq "the year's sessions are in them" 14 "$(jq '[.periods[].total.sessions] | add' "$T/q.json")"
eq "the last quarter ends the year" "$YEAR-12-31" "$(jq -r '.periods[3].to' "$T/q.json")"
eq "by month: twelve" 12 "$(ctlj report usage --from "$YEAR-01-01" --to "$YEAR-12-31" --by month | jq '.periods | length')"
refused 2 "--by week" ctl report usage --from "$FROM" --to "$TO" --by week
refused 2 "dates out of order" ctl report usage --from "$TO" --to "$FROM"
refused 2 "--csv and --json" ctl --json report usage --from "$FROM" --to "$TO" --csv
refused 1 "more than ten years by month" ctl report usage --from 2000-01-01 --to 2026-12-31 --by month

log "who may see it"
NETPONT_NEW_PASSWORD=dora-secret check "admin adds mentor dora" ctl staff add dora --role mentor
NETPONT_NEW_PASSWORD=tibor-secret check "and treasurer tibor" ctl staff add tibor --role treasurer
refused 1 "a mentor may not see the report" as dora dora-secret report usage --from "$FROM" --to "$TO"
check "it says who may" grep -q "treasurer or an administrator" "$T/err"
check "the treasurer may" as tibor tibor-secret report usage --from "$FROM" --to "$TO"

log "text, CSV and PDF"
ctl report usage --from "$FROM" --to "$TO" >"$T/usage.txt"
check "the text has the sections" grep -q "By age band" "$T/usage.txt"
check "and <5" grep -q "<5" "$T/usage.txt"
check "and says what it means" grep -q "1 to 4 people" "$T/usage.txt"
check "no login in the text" bash -c "! grep -q 'usr-a' $T/usage.txt"
ctl report usage --from "$FROM" --to "$TO" --csv >"$T/usage.csv"
check "CSV: each table's key" grep -qx "ages" "$T/usage.csv"
check "CSV: the columns' keys" grep -qx "period,age_band,sessions,pc_hours,residents,new_residents,guests" "$T/usage.csv"
check "CSV: 60-74 with 5 residents" grep -q "^[^,]*,60-74,8,[0-9:]*,5,5,0$" "$T/usage.csv"
check "CSV: <5 cells" grep -q "^[^,]*,75+,2,[0-9:]*,<5,<5,0$" "$T/usage.csv"
check "CSV: office items" grep -q ",Copy (A4 page),7$" "$T/usage.csv"
check "no login in the CSV" bash -c "! grep -q 'usr-a' $T/usage.csv"
ctl report usage --from "$FROM" --to "$TO" --csv-format spreadsheet >"$T/usage-hu.csv"
check "the spreadsheet CSV uses ;" grep -q ";" "$T/usage-hu.csv"
check "report usage --pdf" ctl report usage --from "$FROM" --to "$TO" --pdf "$T/usage.pdf"
check "it is a PDF" bash -c "head -c 5 $T/usage.pdf | grep -q '%PDF-'"
if command -v pdftotext >/dev/null; then
	pdftotext -layout "$T/usage.pdf" "$T/usage-pdf.txt"
	check "the PDF has the title" grep -q "Usage report $FROM" "$T/usage-pdf.txt"
	check "the sections" grep -q "Volunteer hours" "$T/usage-pdf.txt"
	check "<5 and its meaning" grep -q "1 to 4 people" "$T/usage-pdf.txt"
fi
refused 1 "a PDF where it cannot be written" ctl report usage --from "$FROM" --to "$TO" --pdf /nonexistent/dir/usage.pdf

finish
