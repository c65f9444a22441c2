#!/usr/bin/env bash
# Residents' data rights through the real programs: a resident's export
# (every table's rows for that resident and nobody else's, as JSON and as a
# printed sheet read back with pdftotext), erasing a resident (refused while
# they owe money, forced with a note; totals, the usage report and the
# shifts identical before and after; the erased login refused), and the
# retention rules removing what is old and nothing else. Every refusal says
# why and leaves the database as it was.
. "$(dirname "$0")/lib.sh"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

room_online PC-01
TODAY=$(date +%F)
NOW=$(date +%s)
NETPONT_NEW_PASSWORD=dora-secret ctl staff add dora --role mentor >/dev/null
ctl staff set dora --display-name "Dóra" >/dev/null
NETPONT_NEW_PASSWORD=tom-secret ctl staff add tom --role treasurer >/dev/null
dora() { as dora dora-secret "$@"; }
tom() { as tom tom-secret "$@"; }

log "a resident with a little of everything"
NETPONT_PIN=1234 ctl resident add kmaria --name "Kovács Mária" --category reduced \
	--note "pension, reduced fee" --birth-year 1950 >/dev/null
NETPONT_PIN=1234 ctl resident add other --name "Other One" >/dev/null
KM=$(sqlite3 "$DB" "SELECT id FROM residents WHERE login = 'kmaria'")
OT=$(sqlite3 "$DB" "SELECT id FROM residents WHERE login = 'other'")
SEAT=$(sqlite3 "$DB" "SELECT id FROM seats WHERE name = 'PC-01'")
DORA=$(sqlite3 "$DB" "SELECT id FROM staff WHERE name = 'dora'")
# Time at the PCs is free here, so that what each owes does not depend on
# how long the test's sessions take.
check "time at the PCs is free" ctl tariff set internet --price 0 --per-minutes 30
check "Dóra opens her shift" dora shift start --float 0
for who in kmaria other; do
	check "$who uses PC-01" dora session start PC-01 --resident $who --minutes 30
	check "and is logged out" dora session end PC-01
done
check "kmaria is charged 5 copies" dora charge add kmaria copy --qty 5
check "other is charged 1 copy" dora charge add other copy --qty 1
check "other pays" dora pay other --amount 20
sqlite3 "$DB" "
INSERT INTO help_calls (seat_id, resident_id, text, raised_at, resolved_at, resolved_by, topic, outcome)
	VALUES ($SEAT, $KM, 'cannot open Ügyfélkapu', $NOW - 600, $NOW - 300, $DORA, 'e_government', 'first login on her own'),
	       ($SEAT, $OT, 'printer jam', $NOW - 500, NULL, NULL, 'printing', NULL);
INSERT INTO resident_notes (resident_id, text, staff_id, created_at) VALUES
	($KM, 'wants to learn e-mail', $DORA, $NOW - 100),
	($OT, 'note on other', $DORA, $NOW - 100);
INSERT INTO resident_notes (resident_id, text, staff_id, created_at, removed_at) VALUES
	($KM, 'a removed note', $DORA, $NOW - 90, $NOW - 80);
INSERT INTO bookings (seat_id, starts_at, ends_at, resident_id, note, created_at)
	VALUES ($SEAT, $NOW + 86400, $NOW + 90000, $KM, 'bring glasses', $NOW);
INSERT INTO courses (name, created_at) VALUES ('Digital skills', $NOW);
INSERT INTO course_enrolments (course_id, resident_id, enrolled_at) VALUES (1, $KM, $NOW - 50);
INSERT INTO course_occasions (course_id, starts_at, ends_at) VALUES (1, $NOW - 40, $NOW - 20);
INSERT INTO course_attendance (occasion_id, resident_id, present, source, recorded_at) VALUES (1, $KM, 1, 'tutor', $NOW - 30);"

log "the export"
check "Dóra (a mentor) exports kmaria" bash -c "NETPONT_PASSWORD=dora-secret $NETPONTCTL --server 127.0.0.1:$PORT --user dora resident export kmaria >$T/export.json"
eq "every table has its key" "account attendance audit bookings enrolments help_calls ledger notes sessions" \
	"$(jq -r '[keys[] | select(. != "login" and . != "name" and . != "exported_at")] | join(" ")' "$T/export.json")"
j() { jq -c "$1" "$T/export.json"; }
eq "the account" '{"login":"kmaria","name":"Kovács Mária","category":"reduced","note":"pension, reduced fee","birth_year":1950,"guest":0,"erased_at":null}' \
	"$(j '.account[0] | {login, name, category, note, birth_year, guest, erased_at}')"
eq "her one session, at PC-01, ended by the mentor" '[["PC-01","mentor"]]' "$(j '[.sessions[] | [.pc, .reason]]')"
eq "her help call with topic, outcome and who answered" '[["cannot open Ügyfélkapu","e_government","first login on her own","Dóra"]]' \
	"$(j '[.help_calls[] | [.text, .topic, .outcome, .answered_by]]')"
eq "the note not removed, by Dóra" '[["wants to learn e-mail","Dóra"]]' "$(j '[.notes[] | [.text, .written_by]]')"
# (A session may leave a charge of 0 for its time.)
eq "her ledger rows" '[["charge","copy",5,50]]' "$(j '[.ledger[] | select(.amount > 0) | [.kind, .service, .qty, .amount]]')"
eq "her booking" '["PC-01","bring glasses"]' "$(j '[.bookings[0].pc, .bookings[0].note]')"
eq "her enrolment and attendance" '["Digital skills","Digital skills",1]' \
	"$(j '[.enrolments[0].course, .attendance[0].course, .attendance[0].present]')"
eq "audit rows that name her (add, sessions, charge)" true \
	"$(j '[.audit[].action] | (index("resident.add") != null) and (index("session.start") != null) and (index("charge.add") != null)')"
eq "nothing of the other resident" false "$(grep -q -e 'printer jam' -e 'note on other' -e 'Other One' "$T/export.json" && echo true || echo false)"
eq "the export is audited, naming who" "dora" \
	"$(sqlite3 "$DB" "SELECT s.name FROM audit a JOIN staff s ON s.id = a.staff_id WHERE a.action = 'resident.export' AND a.detail = 'kmaria'")"
check "the treasurer may export too" tom resident export kmaria
check "a PDF sheet" ctl resident export kmaria --pdf "$T/km.pdf" --language en
# The sheet's text in one line: its tables wrap within their columns.
pdf_text() { pdftotext "$1" - | tr -s ' \n' '  '; }
pdf_text "$T/km.pdf" >"$T/km.txt"
check "the sheet names her" grep -q "What we keep about Kovács Mária (kmaria)" "$T/km.txt"
check "the sheet has her help call" grep -q "cannot open Ügyfélkapu" "$T/km.txt"
check "and her note" grep -q "wants to learn e-mail" "$T/km.txt"
check "a sheet in Hungarian" ctl resident export kmaria --pdf "$T/km-hu.pdf" --language hu
pdf_text "$T/km-hu.pdf" >"$T/km-hu.txt"
check "its words are Hungarian" grep -q "Az Ön segítségkérései" "$T/km-hu.txt"
refused 2 "--language takes hu or en" ctl resident export kmaria --pdf "$T/x.pdf" --language xx
refused 1 "an unknown login" ctl resident export nobody
check "it names the login" grep -q "nobody" "$T/err"

log "erase: refused while she owes money"
check "Dóra ends her shift" dora shift end --cash 20
before_totals=$(ctl report totals --from "$TODAY" --to "$TODAY" --by category)
before_usage=$(ctlj report usage --from "$TODAY" --to "$TODAY" | jq -c '{periods: [.periods[] | del(.ages, .birth_year_unknown)]}')
before_shifts=$(ctl report shifts --from "$TODAY" --to "$TODAY")
BEFORE=$(db_state)
ledger_before=$(sqlite3 "$DB" "SELECT group_concat(id) FROM ledger WHERE resident_id = $KM")
refused 2 "erase needs a note" ctl resident erase kmaria
refused 1 "while she owes 50 Ft" ctl resident erase kmaria --note "asked in person"
check "the sentence names what she owes and the way out" grep -q "Kovács Mária still owes 50 Ft: settle it first, or erase with --force and a note saying why." "$T/err"
refused 1 "a mentor may not erase" dora resident erase kmaria --note "asked" --force
check "the refusal says who may" grep -q "Only an administrator can erase" "$T/err"
eq "the refusals changed nothing" "$BEFORE" "$(db_state)"

log "erase, forced with a note"
check "the administrator erases her with --force" ctl resident erase kmaria --force --note "moved away, debt written off by the board"
eq "the account keeps a pseudonym, no note, PIN or year" "Erased resident $KM||||1" \
	"$(sqlite3 "$DB" "SELECT name, note, pin_hash, birth_year, erased_at > 0 FROM residents WHERE id = $KM")"
eq "help text and outcome blanked, the other's kept" "|
printer jam|" "$(sqlite3 "$DB" "SELECT text, outcome FROM help_calls ORDER BY id")"
eq "her notes blanked and removed, the other's kept" "|1
note on other|0
|1" "$(sqlite3 "$DB" "SELECT text, removed_at IS NOT NULL FROM resident_notes ORDER BY id")"
eq "her booking note blanked" "" "$(sqlite3 "$DB" "SELECT note FROM bookings WHERE resident_id = $KM")"
eq "the ledger and sessions still point at her row" "$ledger_before|1" \
	"$(sqlite3 "$DB" "SELECT (SELECT group_concat(id) FROM ledger WHERE resident_id = $KM), (SELECT count(*) FROM sessions WHERE resident_id = $KM)")"
eq "report totals unchanged" "$before_totals" "$(ctl report totals --from "$TODAY" --to "$TODAY" --by category)"
eq "report usage unchanged" "$before_usage" "$(ctlj report usage --from "$TODAY" --to "$TODAY" | jq -c '{periods: [.periods[] | del(.ages, .birth_year_unknown)]}')"
eq "the shifts unchanged" "$before_shifts" "$(ctl report shifts --from "$TODAY" --to "$TODAY")"
eq "audited with the note, without her name" "kmaria (forced): moved away, debt written off by the board" \
	"$(sqlite3 "$DB" "SELECT detail FROM audit WHERE action = 'resident.erase'")"
eq "no audit row holds her name" 0 "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE detail LIKE '%Kovács%'")"
BEFORE=$(db_state)
refused 1 "the erased login cannot start a session" ctl session start PC-01 --resident kmaria
check "the sentence says it was erased" grep -q "The account kmaria was erased at the resident's request" "$T/err"
refused 1 "nor log in at a PC" agent PC-01 login kmaria 1234
check "the PC says it was erased" grep -q "was erased at the resident's request" "$T/err"
refused 1 "erasing twice" ctl resident erase kmaria --note again
eq "the refusals changed nothing" "$BEFORE" "$(db_state)"
ctlj resident export kmaria >"$T/after.json"
eq "her export now shows the pseudonym and no text" "\"Erased resident $KM\"|[\"\"]" \
	"$(jq -c '.account[0].name' "$T/after.json")|$(jq -c '[.help_calls[].text]' "$T/after.json")"

log "retention"
check "a guest uses a PC" ctl session start PC-01 --guest --minutes 30
check "and leaves" ctl session end PC-01
OLD=$((NOW - 400 * 86400))
G2=$(sqlite3 "$DB" "SELECT max(id) FROM residents WHERE guest = 1")
# A guest of last year, with a session then and nothing since.
sqlite3 "$DB" "INSERT INTO residents (login, name, pin_hash, category_id, guest, created_at)
	VALUES ('guest-99', 'Guest 99', '', 1, 1, $OLD);
INSERT INTO sessions (seat_id, resident_id, guest, started_at, ends_at, ended_at, end_reason)
	VALUES ($SEAT, (SELECT id FROM residents WHERE login = 'guest-99'), 1, $OLD, $OLD + 1800, $OLD + 1800, 'mentor');"
G1=$(sqlite3 "$DB" "SELECT id FROM residents WHERE login = 'guest-99'")
# Other's help call, note and session are made
# 400 days old, and an audit row 800 days old (past retention_audit_days'
# 730; the audit log takes no UPDATE); the rest stays new.
sqlite3 "$DB" "
UPDATE sessions SET started_at = $OLD, ends_at = $OLD + 1800, ended_at = $OLD + 1800 WHERE resident_id = $OT;
UPDATE help_calls SET raised_at = $OLD WHERE resident_id = $OT;
UPDATE resident_notes SET created_at = $OLD WHERE resident_id = $OT;
INSERT INTO audit (at, staff_id, action, detail) VALUES ($NOW - 800 * 86400, NULL, 'old.action', 'from long ago');"
audit_max=$(sqlite3 "$DB" "SELECT max(id) FROM audit")
refused 1 "a mentor may not run it" dora retention run
ctlj retention run >"$T/retention.json"
eq "what was removed" '{"help_texts":1,"sessions":2,"guests":1,"audit_rows":1,"notes":1}' "$(jq -c . "$T/retention.json")"
eq "other's help text blanked, its topic kept" "|printing" "$(sqlite3 "$DB" "SELECT text, topic FROM help_calls WHERE resident_id = $OT")"
eq "the old sessions lost its detail, not its times or PC" "||$SEAT|$((OLD + 1800))" \
	"$(sqlite3 "$DB" "SELECT end_reason, started_by, seat_id, ended_at FROM sessions WHERE resident_id = $OT")"
eq "other's note removed" "|1" "$(sqlite3 "$DB" "SELECT text, removed_at IS NOT NULL FROM resident_notes WHERE resident_id = $OT")"
eq "last year's guest erased, today's kept" "Erased resident $G1|1
Guest 1|0" "$(sqlite3 "$DB" "SELECT name, erased_at IS NOT NULL FROM residents WHERE id IN ($G1, $G2) ORDER BY id DESC")"
eq "the old audit row deleted and no other" "0|$((audit_max - 1))" "$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM audit WHERE action = 'old.action') || '|' || count(*) FROM audit WHERE id <= $audit_max")"
eq "the run is audited" "retention.run|1 help texts, 2 session details, 1 guest accounts, 1 audit rows, 1 notes" \
	"$(sqlite3 "$DB" "SELECT action || '|' || detail FROM audit WHERE action = 'retention.run' ORDER BY id LIMIT 1")"
check "the server's log says what was removed" grep -q "retention: 1 help texts" "$T/server.log"
ctlj retention run >"$T/retention2.json"
eq "a second run removes nothing" '{"help_texts":0,"sessions":0,"guests":0,"audit_rows":0,"notes":0}' "$(jq -c . "$T/retention2.json")"
refused 1 "a retention setting out of range" ctl setting set retention_audit_days -1
check "0 keeps for ever" ctl setting set retention_audit_days 0

stop_server
finish
