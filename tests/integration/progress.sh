#!/usr/bin/env bash
# A resident's progress with the real programs: a mentor resolves a help call
# with what came of it, the resident's history lists it with the topic, the
# date and the mentor's display name; mentors' notes are written, listed and
# removed (the text blanked, audited). Refusals say why and leave the
# database as it was: an outcome too long, an unknown resident or call, a
# treasurer writing or reading notes.
. "$(dirname "$0")/lib.sh"

# The rows a refused request must leave as they were.
progress_state() {
	db_state
	sqlite3 "$DB" <<'SQL'
SELECT 'note', id, resident_id, text, staff_id, created_at, removed_at FROM resident_notes ORDER BY id;
SELECT 'outcome', id, topic, outcome FROM help_calls ORDER BY id;
SQL
}

init_db
start_server
open_all_day
NETPONT_NEW_PASSWORD=dora-secret check "admin adds mentor dora" ctl staff add dora --role mentor
check "dora gets a display name" ctl staff set dora --display-name "Dóra"
NETPONT_NEW_PASSWORD=tamas-secret check "admin adds treasurer tamas" ctl staff add tamas --role treasurer
dora() { as dora dora-secret "$@"; }
tamas() { as tamas tamas-secret "$@"; }
check "enrol PC-01" add_seat PC-01
start_agent PC-01
check "PC-01 comes online" wait_until 20 seat_is PC-01 free
NETPONT_PIN=1234 check "add Kovács Mária" ctl resident add kovacs --name "Kovács Mária"

log "a help call resolved with what came of it"
check "Mrs Kovács logs in at PC-01" agent PC-01 login kovacs 1234
check "she calls a mentor" agent PC-01 help "How do I send my CV?"
HELP_ID=$(dora --json help list | jq '.[] | select(.seat == "PC-01") | .id')
BEFORE=$(progress_state)
LONG=$(printf 'é%.0s' $(seq 201))
refused 1 "an outcome of 201 characters" dora help resolve "$HELP_ID" --topic cv --outcome "$LONG"
check "it says how long it may be" grep -q "200" "$T/err"
refused 1 "an outcome of two lines" dora help resolve "$HELP_ID" --outcome "$(printf 'one\ntwo')"
refused 1 "an unknown call" dora help resolve 999 --outcome "uploaded CV"
check "it names the call" grep -q "999" "$T/err"
eq "the refusals changed nothing" "$BEFORE" "$(progress_state)"
OUT=$(printf 'á%.0s' $(seq 200))
check "200 characters are fine on their own" test "$(printf %s "$OUT" | wc -m)" = 200
check "Dóra resolves it: CV, uploaded to the job portal" \
	dora help resolve "$HELP_ID" --topic cv --outcome "uploaded CV to the job portal"
eq "the call keeps its outcome" "uploaded CV to the job portal" \
	"$(dora --json help list --all | jq -r ".[] | select(.id == $HELP_ID) | .outcome")"
eq "it is stored in help_calls.outcome" "uploaded CV to the job portal" \
	"$(sqlite3 "$DB" "SELECT outcome FROM help_calls WHERE id = $HELP_ID")"
eq "the PC is not told the outcome" null "$(agent_field PC-01 help)"

check "written later to a resolved call, the outcome is kept then" \
	dora help resolve "$HELP_ID" --outcome "uploaded CV to the job portal, and applied"
eq "the new outcome" "uploaded CV to the job portal, and applied" \
	"$(sqlite3 "$DB" "SELECT outcome FROM help_calls WHERE id = $HELP_ID")"
eq "audited as help.outcome" 1 "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'help.outcome'")"
eq "the topic stays" cv "$(sqlite3 "$DB" "SELECT topic FROM help_calls WHERE id = $HELP_ID")"
check "she calls again" agent PC-01 help "And the printer?"
GONE_ID=$(dora --json help list | jq '.[] | select(.seat == "PC-01") | .id')
check "the session ends, closing the call by nobody" dora session end PC-01
BEFORE=$(progress_state)
refused 1 "no outcome for a call closed without a mentor" dora help resolve "$GONE_ID" --outcome "printed"
check "it says why" grep -q "without a mentor" "$T/err"
eq "that refusal changed nothing" "$BEFORE" "$(progress_state)"

log "the history lists it"
H=$(dora --json resident history kovacs)
eq "one line" 1 "$(jq '.entries | length' <<<"$H")"
eq "a help call" help "$(jq -r '.entries[0].kind' <<<"$H")"
eq "with its topic" cv "$(jq -r '.entries[0].topic' <<<"$H")"
eq "what came of it" "uploaded CV to the job portal, and applied" "$(jq -r '.entries[0].outcome' <<<"$H")"
eq "the mentor's display name" "Dóra" "$(jq -r '.entries[0].staff_display_name' <<<"$H")"
eq "the date it was resolved" "$(sqlite3 "$DB" "SELECT resolved_at FROM help_calls WHERE id = $HELP_ID")" \
	"$(jq -r '.entries[0].at' <<<"$H")"
check "the plain history names the outcome and Dóra" \
	bash -c "NETPONT_PASSWORD=dora-secret $NETPONTCTL --server 127.0.0.1:$PORT --user dora resident history kovacs | grep 'Dóra' | grep -q 'uploaded CV to the job portal'"
check "and the date" bash -c "NETPONT_PASSWORD=dora-secret $NETPONTCTL --server 127.0.0.1:$PORT --user dora resident history kovacs | grep -q $(date +%F)"

log "mentors' notes"
N1=$(dora --json resident note add kovacs "Wants to apply for the cleaning job at the school." | jq .id)
check "Dóra writes a note" test "$N1" -gt 0
N2=$(ctlj resident note add kovacs "Needs reading glasses for the screen." | jq .id)
check "the admin writes another" test "$N2" -gt "$N1"
eq "the list has both, newest first" "$N2 $N1" \
	"$(dora --json resident note list kovacs | jq -r '[.[].id] | join(" ")')"
eq "the note names who wrote it" "Dóra" \
	"$(dora --json resident note list kovacs | jq -r ".[] | select(.id == $N1) | .staff_display_name")"
# (The order within one second is not told: compared sorted.)
eq "the history has the call and both notes" "help note note" \
	"$(dora --json resident history kovacs | jq -r '[.entries[].kind] | sort | join(" ")')"
check "Dóra removes the admin's note" dora resident note remove "$N2"
eq "its text is blanked" "" "$(sqlite3 "$DB" "SELECT text FROM resident_notes WHERE id = $N2")"
check "its removal is dated" test -n "$(sqlite3 "$DB" "SELECT removed_at FROM resident_notes WHERE id = $N2")"
eq "the removal is audited" 1 \
	"$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'resident.note_remove' AND detail LIKE '#$N2 %'")"
eq "the list leaves it out" "$N1" "$(dora --json resident note list kovacs | jq -r '[.[].id] | join(" ")')"
eq "--all shows it, removed" "$N2" \
	"$(dora --json resident note list kovacs --all | jq -r '.[] | select(.removed_at != null) | .id')"
eq "the history leaves it out" "help note" \
	"$(dora --json resident history kovacs | jq -r '[.entries[].kind] | sort | join(" ")')"
check "the PC is never sent a note" bash -c "! $NETPONTCTL --agent $T/PC-01.sock --json status | grep -q 'cleaning job'"

log "refusals"
BEFORE=$(progress_state)
refused 1 "a note on an unknown resident" dora resident note add nobody "Hello."
check "it names the login" grep -q "nobody" "$T/err"
refused 1 "the history of an unknown resident" dora resident history nobody
refused 1 "removing an unknown note" dora resident note remove 999
check "it names the note" grep -q "999" "$T/err"
refused 1 "removing a removed note" dora resident note remove "$N2"
refused 1 "an empty note" dora resident note add kovacs "   "
refused 1 "a note of 1001 characters" dora resident note add kovacs "$(printf 'x%.0s' $(seq 1001))"
refused 1 "the treasurer writes no note" tamas resident note add kovacs "Owes nothing."
check "it says who may" grep -q "mentor" "$T/err"
refused 1 "nor reads the notes" tamas resident note list kovacs
refused 1 "nor the history" tamas resident history kovacs
refused 2 "a note without text" dora resident note add kovacs
refused 2 "a verb nobody knows" dora resident note edit kovacs
eq "the refusals changed nothing" "$BEFORE" "$(progress_state)"

finish
