#!/usr/bin/env bash
# The site's own data in the site's language: a Hungarian site (netpontd
# --init-admin --site-language hu, as the demo makes it) gets Hungarian
# tariffs, fee categories and guests' names, while every key scripts use
# stays (service "copy", category "reduced", login "guest-1"); netpontctl's
# text shows display names, its JSON keeps every old key and adds the
# display fields. A label an administrator wrote survives a change of the
# site's language; a bad language is refused and changes nothing. Without
# the flag the locale decides (LANG=hu_HU.UTF-8: Hungarian; C: English).
. "$(dirname "$0")/lib.sh"

: "${NETPONT_BUILD_DIR:?NETPONT_BUILD_DIR must name the build directory}"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

log "a new Hungarian site"
init_db --site-language hu
start_server
open_all_day
add_seat PC-01
eq "the site's language is recorded" hu "$(ctlj setting list | jq -r .site_language)"
eq "the copy tariff keeps its key and reads Hungarian" "Fénymásolás (A4-es oldal)" \
	"$(ctlj tariff list | jq -r '.[] | select(.service == "copy") | .label')"
eq "the reduced category keeps its name and reads Hungarian" "Kedvezményes" \
	"$(ctlj category list | jq -r '.[] | select(.name == "reduced") | .label')"
ctl category list >"$T/categories.txt"
check "category list shows the display names" grep -q "Díjmentes" "$T/categories.txt"

log "a walk-in guest"
ctlj session start PC-01 --guest --minutes 30 >"$T/guest.json"
GUEST=$(jq -r .guest "$T/guest.json")
eq "the guest's login is the key" guest-1 "$GUEST"
eq "the guest's name is Hungarian" "Vendég 1" "$(ctlj resident show "$GUEST" | jq -r .name)"
ctl charge add "$GUEST" copy --qty 2 >/dev/null

log "bills, residents and reports show display names"
ctl bill "$GUEST" >"$T/bill.txt"
check "the bill names the service" grep -q "Fénymásolás (A4-es oldal)" "$T/bill.txt"
check "the bill names the category" grep -q "Normál" "$T/bill.txt"
check "the bill shows no service key" bash -c "! grep -qw copy '$T/bill.txt'"
ctlj bill "$GUEST" >"$T/bill.json"
eq "bill JSON keeps the category key" standard "$(jq -r .category "$T/bill.json")"
eq "and adds its display name" "Normál" "$(jq -r .category_label "$T/bill.json")"
eq "bill JSON keeps the service key" copy "$(jq -r '.charges[] | select(.qty == 2) | .service' "$T/bill.json")"
eq "and adds its display name" "Fénymásolás (A4-es oldal)" \
	"$(jq -r '.charges[] | select(.qty == 2) | .label' "$T/bill.json")"
NETPONT_PIN=1234 ctl resident add kovacs --name "Kovács Mária" --category reduced >/dev/null
ctl resident show kovacs >"$T/kovacs.txt"
check "resident show names the category" grep -q "Kedvezményes" "$T/kovacs.txt"
check "resident show shows no category key" bash -c "! grep -qw reduced '$T/kovacs.txt'"
ctl resident list >"$T/residents.txt"
check "resident list names the category" grep -q "Kedvezményes" "$T/residents.txt"
eq "resident JSON keeps the key" reduced "$(ctlj resident show kovacs | jq -r .resident.category)"
eq "and adds the display name" "Kedvezményes" "$(ctlj resident show kovacs | jq -r .resident.category_label)"
ctl pay "$GUEST" --amount 40 >/dev/null
TODAY=$(date +%F)
ctl report totals --from "$TODAY" --to "$TODAY" --by service >"$T/totals.txt"
check "the report names the service" grep -q "Fénymásolás (A4-es oldal)" "$T/totals.txt"
eq "report JSON keeps the key" copy \
	"$(ctlj report totals --from "$TODAY" --to "$TODAY" --by service | jq -r '.rows[] | select(.label | startswith("Fénymásolás")) | .key')"

check "the report names the payments in the reader's language" grep -q "(payments)" "$T/totals.txt"
LANGUAGE=hu ctl report totals --from "$TODAY" --to "$TODAY" --by service >"$T/totals-hu.txt"
check "in Hungarian for a Hungarian reader" grep -q "(befizetések)" "$T/totals-hu.txt"
LC_ALL=hu_HU.UTF-8 ctl report totals --from "$TODAY" --to "$TODAY" --by service --csv >"$T/totals-hu.csv"
check "a Hungarian spreadsheet's CSV names the service" grep -q "^Fénymásolás (A4-es oldal);" "$T/totals-hu.csv"
ctl report totals --from "$TODAY" --to "$TODAY" --by service --csv >"$T/totals.csv"
check "the scripts' CSV keeps the key" grep -q "^copy," "$T/totals.csv"

log "an administrator's label survives a change of language"
ctl category set reduced --percent 50 --label "Nyugdíjas" >/dev/null
ctl setting set site_language "" >/dev/null
eq "the seeds follow the language" "Standard" \
	"$(ctlj category list | jq -r '.[] | select(.name == "standard") | .label')"
eq "the tariffs too" "Copy (A4 page)" \
	"$(ctlj tariff list | jq -r '.[] | select(.service == "copy") | .label')"
eq "the administrator's label stays" "Nyugdíjas" \
	"$(ctlj category list | jq -r '.[] | select(.name == "reduced") | .label')"
ctl setting set site_language hu >/dev/null

log "refusals change nothing"
snapshot=$(db_state)
refused 1 "not a language code" ctl setting set site_language "../hu"
check "it says what a language code is" grep -q "site_language must be a language code" "$T/err"
refused 1 "a label too long" ctl category set exempt --percent 0 --label "$(printf 'x%.0s' {1..81})"
check "nothing changed" test "$(db_state)" == "$snapshot"
stop_server

log "without --site-language the locale decides"
NETPONT_PASSWORD=$ADMIN_PASSWORD env -u LC_ALL LANG=hu_HU.UTF-8 "$NETPONTD" --db "$T/hu.db" --init-admin admin >/dev/null 2>&1
eq "a Hungarian locale makes a Hungarian site" "Kedvezményes" \
	"$(sqlite3 "$T/hu.db" "SELECT label FROM categories WHERE name = 'reduced'")"
NETPONT_PASSWORD=$ADMIN_PASSWORD "$NETPONTD" --db "$T/en.db" --init-admin admin >/dev/null 2>&1
eq "the C locale makes an English site" "Reduced" \
	"$(sqlite3 "$T/en.db" "SELECT label FROM categories WHERE name = 'reduced'")"
eq "with no language recorded" "" "$(sqlite3 "$T/en.db" "SELECT value FROM settings WHERE key = 'site_language'")"
refused 2 "--site-language alone" "$NETPONTD" --db "$T/en.db" --site-language hu
refused 2 "a bad --site-language" env NETPONT_PASSWORD=$ADMIN_PASSWORD "$NETPONTD" --db "$T/bad.db" --init-admin admin --site-language "hu hu"
check "and no database was made" test ! -e "$T/bad.db"
finish
