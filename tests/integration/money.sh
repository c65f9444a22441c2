#!/usr/bin/env bash
# The money of issue 12 through the real netpontctl: paying in advance
# leaves a credit (never "owes -500"), a refund takes cash out of the open
# shift's box, a cashed-up shift never changes when a payment of it is
# reversed later, cash outside shifts is listed and can be refused, and a
# mentor may reverse only their own charge of the last minutes. Every
# refusal says why and leaves the database as it was.
. "$(dirname "$0")/lib.sh"

init_db
start_server

NETPONT_NEW_PASSWORD=dora-secret check "admin adds mentor Dóra" ctl staff add dora --role mentor
NETPONT_NEW_PASSWORD=bence-secret check "admin adds mentor Bence" ctl staff add bence --role mentor
NETPONT_NEW_PASSWORD=teri-secret check "admin adds treasurer Teri" ctl staff add teri --role treasurer
dora() { as dora dora-secret "$@"; }
bence() { as bence bence-secret "$@"; }
teri() { as teri teri-secret "$@"; }
check "copy: 20 Ft a page" ctl tariff set copy --price 20
NETPONT_PIN=1234 check "add Kovács Mária" ctl resident add kovacs --name "Kovács Mária"
TODAY=$(date +%F)

# refused_unchanged STATUS WHAT ARGS...: refused, and the database as it was.
refused_unchanged() {
	local want=$1 what=$2
	shift 2
	db_state >"$T/db-before"
	refused "$want" "$what" "$@"
	db_state >"$T/db-after"
	check "$what: the database is unchanged" cmp -s "$T/db-before" "$T/db-after"
}

log "paying in advance"
check "Dóra starts her shift with 1000 Ft" dora shift start --float 1000
check "Dóra charges 5 copies (100 Ft)" dora charge add kovacs copy --qty 5
check "Kovács pays 600 Ft: 500 Ft more than she owes" dora pay kovacs --amount 600
eq "bill: nothing due" 0 "$(dora --json bill kovacs | jq .due)"
eq "bill: credit 500" 500 "$(dora --json bill kovacs | jq .credit)"
dora bill kovacs >"$T/bill.txt"
check "the bill's text says credit 500 Ft" grep -q 'credit 500 Ft' "$T/bill.txt"
eq "resident show: credit 500" 500 "$(dora --json resident show kovacs | jq .credit)"
eq "resident list: due 0" 0 "$(dora --json resident list | jq '.[] | select(.login == "kovacs") | .due')"
dora --json charge add kovacs copy --qty 1 >"$T/charged.json"
eq "a later charge uses the credit: nothing due" 0 "$(jq .due "$T/charged.json")"
eq "and says what credit is left" 480 "$(jq .credit "$T/charged.json")"
eq "credit 480 after a 20 Ft copy" 480 "$(dora --json bill kovacs | jq .credit)"

log "refunds"
refused 2 "a refund needs a note" dora pay kovacs --amount 100 --method refund
refused_unchanged 1 "a refund of more than the credit" dora pay kovacs --amount 481 --method refund --note "moving away"
refused_unchanged 1 "a refund with no shift open" bence pay kovacs --amount 100 --method refund --note "moving away"
check "Dóra gives 80 Ft back" dora pay kovacs --amount 80 --method refund --note "moving away"
eq "credit 400 after the refund" 400 "$(dora --json bill kovacs | jq .credit)"
eq "Dóra's box: 1000 + 600 - 80" 1520 "$(dora --json shift status | jq .expected)"
dora resident show kovacs >"$T/show.txt"
check "resident show names the refund a refund" grep -q ' refund ' "$T/show.txt"

log "a closed shift never changes"
PAID=$(sqlite3 "$DB" "SELECT id FROM ledger WHERE kind = 'payment' AND method = 'cash'")
check "Dóra cashes up 10 Ft short" dora shift end --cash 1510
teri --json report shifts --from "$TODAY" --to "$TODAY" >"$T/shifts-before"
eq "the closed shift is 10 Ft short" -10 "$(jq '.[0].difference' "$T/shifts-before")"
check "Teri reverses the 600 Ft payment" teri ledger reverse "$PAID" --note "the note was false"
check "Bence starts a shift" bence shift start --float 0
check "Bence takes 300 Ft" bence pay kovacs --amount 300
teri --json report shifts --from "$TODAY" --to "$TODAY" | jq '.[0]' >"$T/closed-after"
jq '.[0]' "$T/shifts-before" >"$T/closed-before"
check "Dóra's closed shift reads the same" cmp -s "$T/closed-before" "$T/closed-after"
eq "Teri's reversal is outside every shift" -600 "$(teri --json report cash-outside --from "$TODAY" --to "$TODAY" | jq .total)"
eq "one entry outside the shifts" 1 "$(teri --json report cash-outside --from "$TODAY" --to "$TODAY" | jq .count)"

log "cash outside shifts"
check "Bence ends his shift" bence shift end --cash 300
check "cash with no shift is taken by default" bence pay kovacs --amount 10
eq "and listed outside the shifts" -590 "$(teri --json report cash-outside --from "$TODAY" --to "$TODAY" | jq .total)"
check "admin sets cash_outside_shift = refuse" ctl setting set cash_outside_shift refuse
refused_unchanged 1 "cash with no shift open, refused by the setting" bence pay kovacs --amount 10
grep -q "start your shift" "$T/err" && echo "ok - the refusal tells to start the shift" || fail "the refusal does not say to start the shift"
refused 1 "a wrong value of cash_outside_shift" ctl setting set cash_outside_shift maybe

log "a mentor reverses their own charge of the last minutes"
check "Bence charges a copy" bence charge add kovacs copy --qty 1
OWN=$(sqlite3 "$DB" "SELECT MAX(id) FROM ledger WHERE kind = 'charge'")
check "Dóra charges a copy" dora charge add kovacs copy --qty 1
OTHER=$(sqlite3 "$DB" "SELECT MAX(id) FROM ledger WHERE kind = 'charge'")
check "Bence reverses his own charge" bence ledger reverse "$OWN" --note "wrong item"
refused_unchanged 1 "Bence reverses Dóra's charge" bence ledger reverse "$OTHER" --note "wrong item"
refused_unchanged 1 "Bence reverses a payment" bence ledger reverse "$PAID" --note "wrong"
check "admin sets mentor_reverse_min = 0" ctl setting set mentor_reverse_min 0
check "Dóra charges another copy" dora charge add kovacs copy --qty 1
LATE=$(sqlite3 "$DB" "SELECT MAX(id) FROM ledger WHERE kind = 'charge'")
sleep 1.1
refused_unchanged 1 "Dóra's charge after the window" dora ledger reverse "$LATE" --note "wrong item"
check "the treasurer still may" teri ledger reverse "$LATE" --note "wrong item"

log "the value of exemptions and waivers"
check "exempt category pays 0%" ctl category set exempt --percent 0
NETPONT_PIN=4321 check "add Szabó Éva (exempt)" ctl resident add szabo --name "Szabó Éva" --category exempt
check "Szabó gets 3 copies free" dora charge add szabo copy --qty 3
check "Dóra starts a shift again" dora shift start --float 0
check "a copy for Kovács, waived" dora charge add kovacs copy --qty 1
teri --json report exemptions --from "$TODAY" --to "$TODAY" >"$T/exempt.json"
eq "exempt: 3 copies at 20 Ft given" 60 "$(jq '.rows[] | select(.category == "exempt") | .discounted' "$T/exempt.json")"
eq "the category by its display name too" Exempt "$(jq -r '.rows[] | select(.category == "exempt") | .category_label' "$T/exempt.json")"
refused 1 "a mentor cannot see the exemptions report" dora report exemptions --from "$TODAY" --to "$TODAY"
teri --json report totals --from "$TODAY" --to "$TODAY" --by service >"$T/by-service.json"
eq "report by service: copies paid (100 + 20, the first 100 reversed and paid again)" 120 "$(jq '.rows[] | select(.key == "copy") | .paid' "$T/by-service.json")"

finish
