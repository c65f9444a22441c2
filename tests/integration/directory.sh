#!/usr/bin/env bash
# The neighbourhood directory through the real programs: staff add, list,
# change and remove entries with netpontctl (text and --json); an expired
# entry hides itself unless staff ask for it; every refusal says why and
# leaves the table as it was; a PC's agent, with no session, gets the live
# entries (search without case or accents) and its uses are counted per
# day, PC and kind, and nothing else.
. "$(dirname "$0")/lib.sh"
: "${DIRECTORY_PROBE:?DIRECTORY_PROBE must name the directory-probe binary}"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

init_db
start_server
NETPONT_NEW_PASSWORD=dora-secret ctl staff add dora --role mentor >/dev/null
NETPONT_NEW_PASSWORD=tina-secret ctl staff add tina --role treasurer >/dev/null
dora() { as dora dora-secret "$@"; }
tina() { as tina tina-secret "$@"; }
entries() { sqlite3 "$DB" "SELECT * FROM directory_entries ORDER BY id"; }
tomorrow=$(date -d tomorrow +%F)
yesterday=$(date -d yesterday +%F)

log "adding entries"
check "a mentor adds the job centre" dora directory add --category institution \
	--title "Munkaügyi központ" --body "Álláskeresők nyilvántartása, képzések." \
	--hours "H-Cs 8:00-15:00, P 8:00-12:00" --address "Budapest, Fő utca 12." \
	--phone "+36 1 555 0100" --email "munkaugy@example.hu" --web "https://example.hu/munka"
check "the administrator adds the government window" ctl directory add --category service \
	--title "Kormányablak" --hours "H-P 8:00-18:00"
ctlj directory add --category ngo --title "Ételbank" --body "Csomag csütörtökönként" >"$T/add.json"
eq "--json add prints the entry" "ngo Ételbank null false" \
	"$(jq -r '"\(.category) \(.title) \(.valid_until) \(.expired)"' "$T/add.json")"
food=$(jq .id "$T/add.json")
LANGUAGE=hu ctl directory add --category Rendezvény --title "Adventi vásár" --until "$tomorrow" >"$T/add-hu.txt"
check "a category by its Hungarian name" grep -q "Adventi vásár (Rendezvény)" "$T/add-hu.txt"
eq "four entries stored" 4 "$(sqlite3 "$DB" "SELECT count(*) FROM directory_entries")"
eq "who added the job centre" "dora" \
	"$(sqlite3 "$DB" "SELECT s.name FROM directory_entries d JOIN staff s ON s.id = d.created_by WHERE d.title = 'Munkaügyi központ'")"

log "listing"
ctl directory list >"$T/list.txt"
check "the table has the job centre's hours" grep -q "Munkaügyi központ.*H-Cs 8:00-15:00" "$T/list.txt"
eq "by category, then title" "Kormányablak,Munkaügyi központ,Ételbank,Adventi vásár" \
	"$(ctlj directory list | jq -r '[.[].title] | join(",")')"
eq "--search without case or accents" "Munkaügyi központ" \
	"$(ctlj directory list --search "MUNKAUGYI kozpont" | jq -r '.[].title')"
eq "--search in the text" "Ételbank" "$(ctlj directory list --search csutortok | jq -r '.[].title')"
eq "--category" "Kormányablak" "$(ctlj directory list --category service | jq -r '.[].title')"
check "a treasurer lists too" tina directory list
ctl directory list --search nothing-like-this >"$T/none.txt"
check "an empty list says so" grep -q "No directory entries." "$T/none.txt"

log "an expired entry hides itself"
sqlite3 "$DB" "INSERT INTO directory_entries (category, title, valid_until, created_at, updated_at)
	VALUES ('job_offered', 'Hólapátolás', '$yesterday', 0, 0)"
eq "not listed" "" "$(ctlj directory list --category job_offered | jq -r '.[].title')"
eq "--all shows it, marked expired" "Hólapátolás true $yesterday" \
	"$(ctlj directory list --all --category job_offered | jq -r '.[] | "\(.title) \(.expired) \(.valid_until)"')"
ctl directory list --all >"$T/all.txt"
check "the table marks it" grep -q "$yesterday (expired)" "$T/all.txt"

log "changing and removing"
job=$(sqlite3 "$DB" "SELECT id FROM directory_entries WHERE title = 'Munkaügyi központ'")
check "new hours" dora directory update "$job" --hours "H-Cs 8:00-16:00"
eq "only the hours changed" "H-Cs 8:00-16:00|+36 1 555 0100|Munkaügyi központ" \
	"$(sqlite3 "$DB" "SELECT hours, phone, title FROM directory_entries WHERE id = $job")"
ctlj directory update "$job" --until "$tomorrow" >"$T/upd.json"
eq "--json update prints the entry" "$tomorrow" "$(jq -r .valid_until "$T/upd.json")"
check "--until '' removes the end" ctl directory update "$job" --until ""
eq "no end" "" "$(sqlite3 "$DB" "SELECT valid_until IS NULL AND 1 FROM directory_entries WHERE id = $job" | sed 's/^1$//')"
check "the food bank is removed" dora directory remove "$food"
eq "it is kept, marked removed" 1 "$(sqlite3 "$DB" "SELECT removed_at > 0 FROM directory_entries WHERE id = $food")"
eq "and no longer listed, not even with --all" "" \
	"$(ctlj directory list --all --category ngo | jq -r '.[].title')"
eq "every change is in the audit log: 4 added, 3 changed, 1 removed" "4|3|1" \
	"$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM audit WHERE action = 'directory.add'), (SELECT count(*) FROM audit WHERE action = 'directory.update'), (SELECT count(*) FROM audit WHERE action = 'directory.remove')")"

log "refusals change nothing"
before=$(entries)
refused 1 "a title of spaces" ctl directory add --category service --title "   "
check "says a title is needed" grep -q "The entry needs a title." "$T/err"
refused 1 "an unknown category" ctl directory add --category shop --title "Bolt"
check "names the categories" grep -q "The category must be one of service, institution" "$T/err"
refused 1 "a date that is no date" ctl directory add --category event --title "Bál" --until 12/31
check "says how a date looks" grep -q "A date must look like 2026-12-31." "$T/err"
refused 1 "a date that does not exist" ctl directory add --category event --title "Bál" --until 2027-02-31
check "names it" grep -q "There is no such date as 2027-02-31." "$T/err"
refused 1 "a new entry out of date at once" ctl directory add --category event --title "Bál" --until "$yesterday"
check "says it is in the past" grep -q "out of date at once: $yesterday is in the past" "$T/err"
refused 1 "a title too long" ctl directory add --category event --title "$(printf 'á%.0s' $(seq 121))"
check "says the most" grep -q "The title is too long (at most 120 characters)." "$T/err"
refused 1 "a phone number too long" ctl directory update "$job" --phone "$(printf '1%.0s' $(seq 61))"
check "says the most" grep -q "The phone number is too long (at most 60 characters)." "$T/err"
refused 1 "an empty title on change" ctl directory update "$job" --title ""
check "says a title is needed" grep -q "The entry needs a title." "$T/err"
refused 1 "an unknown entry" ctl directory update 9999 --hours x
check "names the number" grep -q "There is no directory entry number 9999." "$T/err"
refused 1 "a removed entry" ctl directory remove "$food"
check "says it was removed" grep -q "The directory entry “Ételbank” was removed." "$T/err"
refused 1 "a treasurer may not add" tina directory add --category service --title "Posta"
check "says who may" grep -q "Only a mentor or an administrator can change the directory." "$T/err"
refused 1 "nor remove" tina directory remove "$job"
refused 2 "an update with nothing to change" ctl directory update "$job"
refused 2 "an add without a category" ctl directory add --title "Posta"
eq "nothing changed" "$before" "$(entries)"
LANGUAGE=hu ctl directory add --category shop --title "Bolt" 2>"$T/err-hu" >/dev/null || true
check "the refusal in Hungarian" grep -q "A kategória" "$T/err-hu"

log "a PC with no session: the live entries and the counts"
add_seat PC-01
probe() { NETPONT_TOKEN=$(cat "$T/PC-01.token") "$DIRECTORY_PROBE" 127.0.0.1 "$PORT" PC-01 "$@"; }
probe list >"$T/pc.txt"
eq "the live entries, in order" "Kormányablak,Munkaügyi központ,Adventi vásár" "$(paste -sd, "$T/pc.txt")"
eq "searched without case or accents" "Adventi vásár" "$(probe list VASAR)"
eq "by category" "Kormányablak" "$(probe list "" service)"
probe list "" shop >"$T/pc-bad.txt" || true
check "an unknown category is refused" grep -q "refused The category must be one of" "$T/pc-bad.txt"
for what in open open view search print; do
	probe used "$what" >/dev/null
done
eq "counted per day, PC and kind" "open|2 print|1 search|1 view|1" \
	"$(sqlite3 "$DB" "SELECT group_concat(what || '|' || count, ' ') FROM (SELECT what, count FROM directory_usage WHERE day = date('now', 'localtime') AND seat_id = (SELECT id FROM seats WHERE name = 'PC-01') ORDER BY what)")"
probe used delete >"$T/used-bad.txt" || true
check "an unknown use is refused" grep -q "refused A use of the directory is one of open, view, search or print." "$T/used-bad.txt"
eq "and not counted" 5 "$(sqlite3 "$DB" "SELECT sum(count) FROM directory_usage")"
eq "no session was started" 0 "$(sqlite3 "$DB" "SELECT count(*) FROM sessions")"

log "the funders' report counts the uses, nothing else"
today=$(date +%F)
eq "report usage --json: opens, views, searches, prints" "2 1 1 1" \
	"$(ctlj report usage --from "$today" --to "$today" | jq -r '.periods[0].directory | "\(.opens) \(.views) \(.searches) \(.prints)"')"
ctl report usage --from "$today" --to "$today" --csv >"$T/usage.csv"
check "the CSV has the directory's table" grep -q "directory" "$T/usage.csv"
check "the PDF too" ctl report usage --from "$today" --to "$today" --pdf "$T/usage.pdf"
pdftotext -layout "$T/usage.pdf" "$T/usage.txt"
check "with its title" grep -q "Local information on the PCs" "$T/usage.txt"
eq "a day without uses counts none" "0 0 0 0" \
	"$(ctlj report usage --from "$yesterday" --to "$yesterday" | jq -r '.periods[0].directory | "\(.opens) \(.views) \(.searches) \(.prints)"')"

finish
