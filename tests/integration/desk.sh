#!/usr/bin/env bash
# The desk with the real programs: staff display names and account
# management (netpontctl staff set|disable|enable|password), the mentor's
# display name reaching the PC, help topics in the report, and help calls
# and messages that end with the session, so the next resident inherits
# nothing. Every refusal says why and leaves the database as it was.
. "$(dirname "$0")/lib.sh"

init_db
start_server
open_all_day
NETPONT_NEW_PASSWORD=dora-secret check "admin adds mentor dora" ctl staff add dora --role mentor
dora() { as dora dora-secret "$@"; }
check "enrol PC-01" add_seat PC-01
start_agent PC-01
check "PC-01 comes online" wait_until 20 seat_is PC-01 free
NETPONT_PIN=1234 check "add Kovács Mária" ctl resident add kovacs --name "Kovács Mária"
NETPONT_PIN=4321 check "add Nagy Béla" ctl resident add nagy --name "Nagy Béla"

log "staff accounts"
eq "staff set gives dora a display name" "Dóra" \
	"$(ctlj staff set dora --display-name "Dóra" | jq -r .display_name)"
eq "staff list shows it" "Dóra" "$(ctlj staff list | jq -r '.[] | select(.name == "dora") | .display_name')"
check "the plain list too" bash -c "NETPONT_PASSWORD=$ADMIN_PASSWORD $NETPONTCTL --server 127.0.0.1:$PORT --user admin staff list | grep -q 'Dóra'"
BEFORE=$(db_state)
refused 1 "the admin cannot disable their own account" ctl staff disable admin
check "it says so" grep -q "your own account" "$T/err"
refused 1 "nor take away their own administrator role" ctl staff set admin --role mentor
refused 1 "an unknown account" ctl staff disable nobody
check "it is named" grep -q "nobody" "$T/err"
refused 2 "a made-up role" ctl staff set dora --role boss
refused 2 "nothing to change" ctl staff set dora
refused 1 "a mentor changes no account" dora staff set dora --display-name Dóri
eq "the refusals changed nothing" "$BEFORE" "$(db_state)"
NETPONT_NEW_PASSWORD=dora-new-secret check "the admin gives dora a new password" ctl staff password dora
dora() { as dora dora-new-secret "$@"; }
check "dora signs in with it" dora seat list
NETPONT_NEW_PASSWORD=dora-own-secret check "dora changes her own" dora staff password
dora() { as dora dora-own-secret "$@"; }
check "and signs in with that" dora seat list

log "Dóra answers a help call: the PC names her"
check "Mrs Kovács logs in at PC-01" agent PC-01 login kovacs 1234
check "she calls a mentor" agent PC-01 help "The form will not send."
HELP_ID=$(dora --json help list | jq '.[] | select(.seat == "PC-01") | .id')
check "Dóra: on my way" dora help ack "$HELP_ID"
check "the PC says Dóra is coming" wait_until 10 bash -c "[ \"\$($NETPONTCTL --agent $T/PC-01.sock --json status | jq -r .help_by_display)\" = Dóra ]"
refused 2 "a topic nobody knows" dora help resolve "$HELP_ID" --topic gossip
check "Dóra resolves it: e-government" dora help resolve "$HELP_ID" --topic e_government
eq "the call keeps its topic" e_government \
	"$(dora --json help list --all | jq -r ".[] | select(.id == $HELP_ID) | .topic")"
TODAY=$(date +%F)
eq "the help report counts it by topic" 1 \
	"$(ctlj report help --from "$TODAY" --to "$TODAY" | jq '.topics.e_government')"

log "a help call and a message end with the session"
check "she calls again" agent PC-01 help "And the printer?"
HELP_ID=$(dora --json help list | jq '.[] | select(.seat == "PC-01") | .id')
check "Dóra sends a message" dora seat message PC-01 "I am coming in a minute."
check "the PC shows it" wait_until 10 bash -c "[ \"\$($NETPONTCTL --agent $T/PC-01.sock --json status | jq -r .message)\" = 'I am coming in a minute.' ]"
check "Dóra ends the session" dora session end PC-01
eq "the call is closed" cancelled \
	"$(dora --json help list --all | jq -r ".[] | select(.id == $HELP_ID) | .state")"
eq "because the session ended" session_ended \
	"$(dora --json help list --all | jq -r ".[] | select(.id == $HELP_ID) | .close_reason")"
eq "no call waits in the help list" 0 "$(dora --json help list | jq length)"
eq "the seat shows no call" null "$(seat_field PC-01 help)"
eq "the seat's message is gone" "" "$(sqlite3 "$DB" "SELECT message FROM seats WHERE name = 'PC-01'")"
check "the PC shows no message" wait_until 10 bash -c "[ \"\$($NETPONTCTL --agent $T/PC-01.sock --json status | jq -r .message)\" = null ]"
eq "nor a help call" null "$(agent_field PC-01 help)"
check "Nagy Béla logs in next" wait_until 10 agent PC-01 login nagy 4321
eq "he inherits no message" null "$(agent_field PC-01 message)"
eq "nor a help call" null "$(agent_field PC-01 help)"
eq "and no help call on the seat" null "$(seat_field PC-01 help)"

log "a disabled account"
check "the admin disables dora" ctl staff disable dora
refused 3 "dora cannot sign in" dora seat list
eq "she is listed as disabled" true "$(ctlj staff list | jq '.[] | select(.name == "dora") | .disabled')"
check "the admin enables her again" ctl staff enable dora
check "she signs in" dora seat list
eq "each change is audited (name, disable, enable)" 3 \
	"$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'staff.update'")"

finish
