#!/usr/bin/env bash
# A whole day in the room, end to end with the real programs: enrol seats,
# add residents, a self-login at an agent, a mentor-assigned guest, extend,
# a time-out lock, a help call raised/acknowledged/resolved, an office item,
# a bill, a cash payment, a waiver, a shift cash-up, and report totals that
# add up to the ledger.
. "$(dirname "$0")/lib.sh"

init_db
start_server
open_all_day

log "staff, tariffs, categories"
NETPONT_NEW_PASSWORD=dora-secret check "admin adds mentor Dóra" ctl staff add dora --role mentor
NETPONT_NEW_PASSWORD=teri-secret check "admin adds treasurer Teri" ctl staff add teri --role treasurer
check "internet: 100 Ft per started 30 minutes" ctl tariff set internet --price 100 --per-minutes 30
check "copy: 20 Ft a page" ctl tariff set copy --price 20
check "reduced category pays 50%" ctl category set reduced --percent 50
check "exempt category pays 0%" ctl category set exempt --percent 0
eq "tariff list shows the copy price" 20 "$(ctlj tariff list | jq '.[] | select(.service == "copy") | .price')"
dora() { as dora dora-secret "$@"; }
teri() { as teri teri-secret "$@"; }

log "seats"
for s in PC-01 PC-02 PC-03; do
	check "enrol $s" add_seat "$s"
done
eq "the token is printed once, alone on the last line" 1 "$(grep -c . "$T/PC-01.token")"
eq "seat add --json gives name and token" "PC-04" "$(ctlj seat add PC-04 | jq -r .name)"
for s in PC-01 PC-02 PC-03; do
	start_agent "$s"
	check "$s comes online and is free" wait_until 20 seat_is "$s" free
done
eq "PC-04 has no agent: offline" offline "$(seat_field PC-04 state)"
eq "four seats listed" 4 "$(ctlj seat list | jq length)"

log "residents"
# The PIN comes from NETPONT_PIN, never from the command line.
NETPONT_PIN=1234 check "add Kovács Mária" ctl resident add kovacs --name "Kovács Mária"
NETPONT_PIN=4321 check "add Nagy Béla (reduced)" ctl resident add nagy --name "Nagy Béla" --category reduced
eq "resident list has both" 2 "$(ctlj resident list | jq length)"
eq "resident show names the category" reduced "$(ctlj resident show nagy | jq -r '.category // .resident.category')"

log "Dóra starts her shift with a 5000 Ft float"
check "shift start" dora shift start --float 5000

log "self-login at PC-01"
check "Mrs Kovács logs in at PC-01" agent PC-01 login kovacs 1234
eq "PC-01 is unlocked" unlocked "$(agent_field PC-01 state)"
eq "PC-01 shows who" kovacs "$(agent_field PC-01 resident)"
check "the console sees PC-01 in use" wait_until 10 seat_is PC-01 in_use
eq "the seat list names the resident" kovacs "$(seat_field PC-01 resident)"
rem=$(agent_field PC-01 remaining_s)
check "she gets her daily hour (remaining $rem s)" test "$rem" -gt 3500 -a "$rem" -le 3600

log "a walk-in guest on PC-02 for 30 minutes"
dora --json session start PC-02 --guest --minutes 30 >"$T/guest.json"
check "guest session started" test -s "$T/guest.json"
check "PC-02 unlocks" wait_until 10 agent_is PC-02 unlocked
GUEST=$(seat_field PC-02 resident)
check "the guest has an account to bill ($GUEST)" test -n "$GUEST" -a "$GUEST" != null
rem=$(agent_field PC-02 remaining_s)
check "30 minutes ($rem s)" test "$rem" -gt 1790 -a "$rem" -le 1800
check "extend PC-02 by 15 minutes" dora session extend PC-02 --minutes 15
check "the agent has the new end" wait_until 10 bash -c "[ \$($NETPONTCTL --agent $T/PC-02.sock --json status | jq .remaining_s) -gt 2600 ]"

log "time-out lock on PC-03"
check "Nagy Béla on PC-03 for 3 seconds" dora session start PC-03 --resident nagy --minutes 0.05
check "PC-03 unlocks" wait_until 10 agent_is PC-03 unlocked
check "PC-03 locks by itself when the time is up" wait_until 20 agent_is PC-03 locked
check "the seat is free again" wait_until 10 seat_is PC-03 free
eq "Nagy pays half of one 30-minute block" 50 "$(dora --json bill nagy | jq .due)"

log "help call"
check "Mrs Kovács calls a mentor" agent PC-01 help "Where do I upload my CV?"
HELP_ID=$(dora --json help list | jq '.[] | select(.seat == "PC-01") | .id')
check "the call is listed ($HELP_ID)" test -n "$HELP_ID"
eq "it is open" open "$(dora --json help list | jq -r ".[] | select(.id == $HELP_ID) | .state")"
eq "its text" "Where do I upload my CV?" "$(dora --json help list | jq -r ".[] | select(.id == $HELP_ID) | .text")"
eq "the seat shows the call" open "$(seat_field PC-01 help)"
eq "nobody is on the way yet" null "$(agent_field PC-01 help_by)"
check "Dóra: on my way" dora help ack "$HELP_ID"
eq "acknowledged" acknowledged "$(dora --json help list | jq -r ".[] | select(.id == $HELP_ID) | .state")"
check "the PC knows a mentor is coming" wait_until 10 bash -c "[ \"\$($NETPONTCTL --agent $T/PC-01.sock --json status | jq -r .help)\" = acknowledged ]"
eq "the PC knows who is coming" dora "$(agent_field PC-01 help_by)"
eq "the plain status says so" "1" "$(agent PC-01 status | grep -c "#$HELP_ID — dora is coming")"
check "Dóra resolves it" dora help resolve "$HELP_ID"
eq "no open calls are listed" 0 "$(dora --json help list | jq '[.[] | select(.state != "resolved")] | length')"

log "office item, end of session, bill, cash"
check "4 copies for Mrs Kovács" dora charge add kovacs copy --qty 4
check "Dóra ends the session on PC-01" dora session end PC-01
check "PC-01 locks" wait_until 10 agent_is PC-01 locked
dora --json bill kovacs >"$T/bill.json"
eq "bill: one hour block + 4 copies = 180" 180 "$(jq .due "$T/bill.json")"
eq "bill lists the copies" 80 "$(jq '.charges[] | select(.service == "copy") | .amount' "$T/bill.json")"
eq "bill lists the time" 100 "$(jq '.charges[] | select(.service == "internet") | .amount' "$T/bill.json")"
check "she pays 180 Ft cash" dora pay kovacs --amount 180
eq "nothing due" 0 "$(dora --json bill kovacs | jq .due)"

log "the guest's session ends; the fee is waived for a family in crisis"
check "end PC-02" dora session end PC-02
eq "the guest owes one block" 100 "$(dora --json bill "$GUEST" | jq .due)"
refused 2 "a waiver needs a note" dora pay "$GUEST" --amount 100 --method waive
check "waived with a note" dora pay "$GUEST" --amount 100 --method waive --note "Family in crisis, see the social worker"
eq "nothing due" 0 "$(dora --json bill "$GUEST" | jq .due)"
check "Nagy pays 50 Ft" dora pay nagy --amount 50

log "shift cash-up"
dora --json shift end --cash 5230 >"$T/shift.json"
check "Dóra's shift ends" test -s "$T/shift.json"
eq "expected: float + cash taken" 5230 "$(jq '.expected // .shift.expected' "$T/shift.json")"
eq "no difference" 0 "$(jq '.difference // .shift.difference' "$T/shift.json")"

log "the treasurer's report adds up to the ledger"
TODAY=$(date +%F)
ledger_sum() { sqlite3 "$DB" "SELECT coalesce(sum(amount), 0) FROM ledger WHERE kind = '$1'"; }
for by in day service staff category; do
	teri --json report totals --from "$TODAY" --to "$TODAY" --by "$by" >"$T/report-$by.json"
	eq "by $by: total charged = ledger charges" "$(ledger_sum charge)" "$(jq .total_charged "$T/report-$by.json")"
	eq "by $by: total paid = ledger cash payments" "$(ledger_sum payment)" "$(jq .total_paid "$T/report-$by.json")"
	eq "by $by: rows add up to the total charged" "$(jq .total_charged "$T/report-$by.json")" "$(jq '[.rows[].charged] | add' "$T/report-$by.json")"
	eq "by $by: rows add up to the total paid" "$(jq .total_paid "$T/report-$by.json")" "$(jq '[.rows[].paid] | add' "$T/report-$by.json")"
done
eq "charged today: 50 + 80 + 100 + 100" 330 "$(jq .total_charged "$T/report-day.json")"
eq "paid in cash: 180 + 50" 230 "$(jq .total_paid "$T/report-day.json")"
eq "by service: copies" 80 "$(jq '.rows[] | select(.key == "copy") | .charged' "$T/report-service.json")"
eq "by staff: Dóra took the cash" 230 "$(jq '.rows[] | select(.key == "dora") | .paid' "$T/report-staff.json")"
teri report totals --from "$TODAY" --to "$TODAY" --by service --csv >"$T/report.csv"
check "CSV has a header" grep -q '^key,charged,paid' "$T/report.csv"
check "CSV has the copy row" grep -q '^copy,80,' "$T/report.csv"

log "the audit log tells who did what today, and never a secret"
teri --json audit --from "$TODAY" --to "$TODAY" >"$T/audit.json"
audit_count() { jq "[.[] | select(.staff == \"$1\" and .action == \"$2\")] | length" "$T/audit.json"; }
eq "the admin enrolled PC-01" 1 "$(jq '[.[] | select(.action == "seat.add" and .detail == "PC-01")] | length' "$T/audit.json")"
eq "Dóra started and ended her shift" 2 "$(( $(audit_count dora shift.start) + $(audit_count dora shift.end) ))"
eq "Dóra's payments and the waiver" 3 "$(audit_count dora pay)"
eq "Dóra answered and resolved the help call" 2 "$(( $(audit_count dora help.ack) + $(audit_count dora help.resolve) ))"
eq "the guest's session was extended" 1 "$(audit_count dora session.extend)"
eq "newest first" "$(jq '[.[].id] | sort | reverse' "$T/audit.json")" "$(jq '[.[].id]' "$T/audit.json")"
eq "only Dóra's payments" 3 "$(teri --json audit --user dora --action pay | jq length)"
eq "the admin looked at Nagy's data" 1 "$(jq '[.[] | select(.action == "resident.show" and .detail == "nagy")] | length' "$T/audit.json")"
SECRETS="(^|[^0-9])(1234|4321)([^0-9]|\$)|admin-secret|dora-secret|teri-secret|$(cat "$T/PC-01.token")"
eq "no PIN, password or token in the log" 0 "$(jq --arg s "$SECRETS" '[.[] | select(.detail | test($s))] | length' "$T/audit.json")"
refused 1 "a mentor cannot read the audit log" dora audit
refused 1 "a mentor cannot enrol a PC" dora seat add PC-09
refused 1 "the treasurer cannot start sessions" teri session start PC-01 --guest

check "netpontd stops cleanly" stop_server
finish
