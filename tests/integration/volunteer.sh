#!/usr/bin/env bash
# Volunteer hours through the real programs: a mentor clocks in and out, a
# cash shift makes a 'desk' period of its own, an administrator records and
# removes periods afterwards; every refusal says why and leaves the table as
# it was; the monthly sheet's figures, its CSV and its PDF (read back with
# pdftotext), and the month's report of all volunteers.
. "$(dirname "$0")/lib.sh"
# The Hungarian sheets read the translations of the build tree.
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

init_db
start_server
NETPONT_NEW_PASSWORD=dora-secret ctl staff add dora --role mentor >/dev/null
ctl staff set dora --display-name "Dóra" >/dev/null
NETPONT_NEW_PASSWORD=bence-secret ctl staff add bence --role mentor >/dev/null
NETPONT_NEW_PASSWORD=old-secret ctl staff add old --role mentor >/dev/null
ctl staff disable old >/dev/null
dora() { as dora dora-secret "$@"; }
bence() { as bence bence-secret "$@"; }
periods() { sqlite3 "$DB" "SELECT id, staff_id, activity, started_at, ended_at, source, shift_id, note, removed_at FROM volunteer_periods ORDER BY id"; }
open_of() { sqlite3 "$DB" "SELECT count(*) FROM volunteer_periods v JOIN staff s ON s.id = v.staff_id WHERE s.name = '$1' AND ended_at IS NULL AND removed_at IS NULL"; }

log "clocking in and out"
dora volunteer status >"$T/status"
check "Dóra is not on duty yet" grep -q "You are not on duty" "$T/status"
check "Dóra clocks in for tutoring" dora volunteer in --activity tutoring
eq "one open period, tutoring, by the clock" "tutoring|clock|" \
	"$(sqlite3 "$DB" "SELECT activity, source, ended_at FROM volunteer_periods")"
dora volunteer status >"$T/status"
check "status says since when" grep -q "On duty since $(date +%H:)" "$T/status"
eq "--json status: on duty, tutoring" "true tutoring" "$(dora --json volunteer status | jq -r '"\(.on_duty) \(.period.activity)"')"
before=$(periods)
refused 1 "clocking in twice" dora volunteer in
check "the refusal says since when" grep -q "You are on duty already, since" "$T/err"
eq "nothing changed" "$before" "$(periods)"
refused 2 "an unknown activity is a usage error" dora volunteer in --activity cooking
check "Dóra clocks out" dora volunteer out
eq "the period has ended" 0 "$(open_of dora)"
refused 1 "clocking out when not in" dora volunteer out
check "the refusal says so" grep -q "You are not on duty" "$T/err"
eq "the audit log has both" "volunteer.clock_in volunteer.clock_out" \
	"$(sqlite3 "$DB" "SELECT group_concat(action, ' ') FROM (SELECT action FROM audit WHERE action LIKE 'volunteer.%' ORDER BY id)")"

log "a cash shift starts and ends a desk period"
check "Bence starts his shift" bence shift start --float 5000
eq "a desk period of the shift is open" "desk|shift|1" \
	"$(sqlite3 "$DB" "SELECT activity, source, shift_id = (SELECT id FROM shifts WHERE ended_at IS NULL) FROM volunteer_periods WHERE ended_at IS NULL")"
bence volunteer status >"$T/status"
check "status shows it" grep -q "On duty since" "$T/status"
check "Bence ends his shift" bence shift end --cash 5000
# (A period lasts at least a second: one ended in the second it started
# ends a second later.)
eq "the shift's period ended with it" "1" \
	"$(sqlite3 "$DB" "SELECT v.ended_at BETWEEN s.ended_at AND s.ended_at + 1 FROM volunteer_periods v JOIN shifts s ON s.id = v.shift_id")"
check "Dóra clocks in before her shift" dora volunteer in --activity it_help
check "Dóra starts a shift" dora shift start --float 0
eq "she keeps her own period: no second one" "it_help|clock" \
	"$(sqlite3 "$DB" "SELECT activity, source FROM volunteer_periods WHERE ended_at IS NULL")"
check "Dóra ends the shift" dora shift end --cash 0
eq "her own period goes on" 1 "$(open_of dora)"
check "and she clocks out herself" dora volunteer out
check "an administrator's shift makes no period" ctl shift start --float 0
eq "no period for the admin" 0 "$(open_of admin)"
check "the admin's shift ends" ctl shift end --cash 0

log "a clock-out more than 16 hours after the clock-in"
dora_id=$(sqlite3 "$DB" "SELECT id FROM staff WHERE name = 'dora'")
sqlite3 "$DB" "INSERT INTO volunteer_periods (staff_id, activity, started_at, source, recorded_by, recorded_at)
	VALUES ($dora_id, 'desk', strftime('%s','now') - 17 * 3600, 'clock', $dora_id, strftime('%s','now') - 17 * 3600)"
forgotten=$(sqlite3 "$DB" "SELECT max(id) FROM volunteer_periods")
before=$(periods)
refused 1 "is refused" dora volunteer out
check "the refusal asks for an administrator" grep -q "Ask an administrator to record the hours you worked" "$T/err"
eq "nothing changed" "$before" "$(periods)"
check "the administrator removes the forgotten period" ctl volunteer remove "$forgotten"
eq "it is kept, marked removed by admin" "1|admin" \
	"$(sqlite3 "$DB" "SELECT removed_at > 0, s.name FROM volunteer_periods v JOIN staff s ON s.id = v.removed_by WHERE v.id = $forgotten")"

log "an administrator's entries for last month"
prev=$(date -d "$(date +%Y-%m-15) -1 month" +%Y-%m)
check "tutoring on the 10th, 14:00-17:30" ctl volunteer add --staff dora --date "$prev-10" --from 14:00 --to 17:30 --activity tutoring --note "Okostelefon-klub"
check "desk on the 11th, 09:00-11:15" ctl volunteer add --staff dora --date "$prev-11" --from 09:00 --to 11:15 --activity desk
check "IT help on the 12th" ctl volunteer add --staff dora --date "$prev-12" --from 10:00 --to 10:45 --activity it_help
wrong=$(sqlite3 "$DB" "SELECT max(id) FROM volunteer_periods")
check "Bence: an event on the 10th" ctl volunteer add --staff bence --date "$prev-10" --from 16:00 --to 20:00 --activity event
eq "recorded by the admin, source admin" "admin|admin|Okostelefon-klub" \
	"$(sqlite3 "$DB" "SELECT v.source, r.name, v.note FROM volunteer_periods v JOIN staff r ON r.id = v.recorded_by WHERE v.activity = 'tutoring' AND v.source = 'admin'")"

before=$(periods)
refused 1 "an overlapping entry for the same person" ctl volunteer add --staff dora --date "$prev-10" --from 17:00 --to 18:00 --activity event
check "the refusal names the other period" grep -q "from 14:00 to 17:30" "$T/err"
refused 1 "the end before the start" ctl volunteer add --staff dora --date "$prev-13" --from 15:00 --to 14:00 --activity desk
check "the refusal says so" grep -q "must be after the start" "$T/err"
tomorrow=$(date -d tomorrow +%F)
refused 1 "a period in the future" ctl volunteer add --staff dora --date "$tomorrow" --from 10:00 --to 11:00 --activity desk
check "the refusal says so" grep -q "has not ended yet" "$T/err"
refused 1 "an unknown staff member" ctl volunteer add --staff nobody --date "$prev-13" --from 10:00 --to 11:00 --activity desk
check "the refusal names them" grep -q "There is no staff member called nobody" "$T/err"
refused 1 "a disabled account" ctl volunteer add --staff old --date "$prev-13" --from 10:00 --to 11:00 --activity desk
check "the refusal says it is disabled" grep -q "disabled" "$T/err"
refused 1 "a mentor may not record hours for someone" dora volunteer add --staff bence --date "$prev-13" --from 10:00 --to 11:00 --activity desk
refused 1 "a mentor may not remove a period" dora volunteer remove "$wrong"
refused 1 "a mentor may not see another's sheet" dora volunteer sheet --staff bence --month "$prev"
refused 2 "a date that is no date" ctl volunteer add --staff dora --date 12/01 --from 10:00 --to 11:00 --activity desk
eq "nothing changed" "$before" "$(periods)"

check "the wrong IT-help entry is removed" ctl volunteer remove "$wrong"
before=$(periods)
refused 1 "removing it twice" ctl volunteer remove "$wrong"
check "the refusal says when it was removed" grep -q "was removed already" "$T/err"
refused 1 "removing a period that does not exist" ctl volunteer remove 9999
eq "nothing changed" "$before" "$(periods)"
eq "every change is in the audit log" "4|2" \
	"$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM audit WHERE action = 'volunteer.add'), (SELECT count(*) FROM audit WHERE action = 'volunteer.remove')")"

log "the monthly sheet"
ctlj volunteer sheet --staff dora --month "$prev" >"$T/sheet.json"
eq "two periods count: 3:30 + 2:15 = 5:45" "$((345 * 60))" "$(jq .total_seconds "$T/sheet.json")"
eq "tutoring 3:30" "$((210 * 60))" "$(jq .by_activity.tutoring "$T/sheet.json")"
eq "desk 2:15" "$((135 * 60))" "$(jq .by_activity.desk "$T/sheet.json")"
eq "IT help: the removed one does not count" 0 "$(jq .by_activity.it_help "$T/sheet.json")"
ctl volunteer sheet --staff dora --month "$prev" >"$T/sheet.txt"
check "the plain sheet names Dóra" grep -q "Volunteer hours of Dóra (dora) in $prev" "$T/sheet.txt"
check "and the total 5:45" grep -Eq "^Total +5:45$" "$T/sheet.txt"
check "Dóra sees her own sheet" dora volunteer sheet --month "$prev"

ctl volunteer sheet --staff dora --month "$prev" --csv >"$T/sheet.csv"
eq "CSV header for scripts" "date,from,to,activity,minutes,hours,note" "$(head -1 "$T/sheet.csv")"
eq "CSV first row" "$prev-10,14:00,17:30,tutoring,210,3:30,Okostelefon-klub" "$(sed -n 2p "$T/sheet.csv")"
eq "CSV last row: the grand total" "total,,,,345,5:45," "$(tail -1 "$T/sheet.csv")"
check "CSV tutoring total" grep -qx "total,,,tutoring,210,3:30," "$T/sheet.csv"
LC_ALL=hu_HU.UTF-8 ctl volunteer sheet --staff dora --month "$prev" --csv >"$T/sheet-hu.csv"
eq "a Hungarian spreadsheet's CSV starts with the BOM" "efbbbf" "$(head -c 3 "$T/sheet-hu.csv" | od -An -tx1 | tr -d ' \n')"
check "with ';' and Hungarian words" grep -q "Összesen;;;;345;5:45;" "$T/sheet-hu.csv"
check "and the activity's Hungarian name" grep -q ";Oktatás;210;3:30;" "$T/sheet-hu.csv"

check "the sheet as a PDF" ctl volunteer sheet --staff dora --month "$prev" --pdf "$T/dora.pdf"
eq "it is a PDF" "%PDF" "$(head -c 4 "$T/dora.pdf")"
pdftotext -layout "$T/dora.pdf" "$T/dora.txt"
check "it names the volunteer" grep -q "Volunteer hours: Dóra (dora)" "$T/dora.txt"
check "it has the total" grep -Eq "Total +5:45" "$T/dora.txt"
check "and the tutoring hours" grep -Eq "Tutoring +3:30" "$T/dora.txt"
check "and a line to sign" grep -q "Signature: ____" "$T/dora.txt"
LANGUAGE=hu ctl volunteer sheet --staff dora --month "$prev" --pdf "$T/dora-hu.pdf" >/dev/null
pdftotext -layout "$T/dora-hu.pdf" "$T/dora-hu.txt"
check "in Hungarian: the title" grep -q "Önkéntes órák: Dóra (dora)" "$T/dora-hu.txt"
check "in Hungarian: the signature" grep -q "Aláírás: ____" "$T/dora-hu.txt"
refused 1 "a PDF that cannot be written" ctl volunteer sheet --staff dora --month "$prev" --pdf "$T/no/such/dir.pdf"

log "the month's report of all volunteers"
ctlj report volunteers --month "$prev" >"$T/report.json"
eq "all volunteers: 5:45 + 4:00" "$((585 * 60))" "$(jq .total_seconds "$T/report.json")"
eq "event 4:00" "$((240 * 60))" "$(jq .by_activity.event "$T/report.json")"
eq "per volunteer, by name" "bence=14400 dora=20700" "$(jq -r '[.volunteers[] | "\(.staff)=\(.seconds)"] | join(" ")' "$T/report.json")"
ctl report volunteers --month "$prev" --csv >"$T/report.csv"
eq "report CSV header" "staff,name,desk,tutoring,it_help,event,other,total" "$(head -1 "$T/report.csv")"
eq "report CSV: Dóra" "dora,Dóra,2:15,3:30,0:00,0:00,0:00,5:45" "$(grep '^dora,' "$T/report.csv")"
eq "report CSV: totals" "total,,2:15,3:30,0:00,4:00,0:00,9:45" "$(tail -1 "$T/report.csv")"
eq "per volunteer and activity" "event=14400" \
	"$(jq -r '.volunteers[] | select(.staff == "bence") | .by_activity | to_entries | map("\(.key)=\(.value)") | join(" ")' "$T/report.json")"
eq "the report carries no periods" 0 "$(jq '.periods | length' "$T/report.json")"
refused 1 "a mentor may not see everyone's" dora report volunteers --month "$prev" --json
dora --json volunteer list --month "$prev" >"$T/own.json"
eq "a mentor's list is her own" "dora" "$(jq -r '[.periods[].staff] | unique | join(",")' "$T/own.json")"


log "a month of more periods than one reply lists"
older=$(date -d "$(date +%Y-%m-15) -2 month" +%Y-%m)
bence_id=$(sqlite3 "$DB" "SELECT id FROM staff WHERE name = 'bence'")
start=$(date -d "$older-01 08:00" +%s)
sqlite3 "$DB" "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1004)
	INSERT INTO volunteer_periods (staff_id, activity, started_at, ended_at, source, recorded_by, recorded_at)
	SELECT $bence_id, 'other', $start + i * 1800, $start + i * 1800 + 600, 'admin', 1, $start FROM n"
ctlj volunteer list --all --month "$older" >"$T/many.json"
eq "1,000 periods are listed" 1000 "$(jq '.periods | length' "$T/many.json")"
eq "the rest are counted" 5 "$(jq .periods_left_out "$T/many.json")"
eq "the totals count all 1,005 (10 minutes each)" "$((1005 * 600))" "$(jq .total_seconds "$T/many.json")"
ctl volunteer list --all --month "$older" >"$T/many.txt"
check "the table says more are left out" grep -q "and 5 more" "$T/many.txt"
eq "the month's report has them all" "bence,,0:00,0:00,0:00,0:00,167:30,167:30" \
	"$(ctl report volunteers --month "$older" --csv | grep '^bence,')"

finish
