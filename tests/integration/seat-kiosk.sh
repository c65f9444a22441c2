#!/usr/bin/env bash
# A kiosk-only PC (issue 14): `seat kiosk NAME on` makes it an information
# point. Its agent hears it (the screen shows only the directory), nobody
# logs in there and no session starts there, each refusal with a sentence
# that changes nothing; only an administrator may set it, not while a
# session runs; `off` makes it a normal PC again.
. "$(dirname "$0")/lib.sh"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale
client() { python3 "$(dirname "$0")/control-client.py" "$T/$1.sock" "${@:2}"; }
kiosk_is() { [ "$(client "$1" kiosk -)" == "kiosk_only $2" ]; }

room_online PC-09
NETPONT_PIN=1234 ctl resident add kovacs --name "Kovács Mária" >/dev/null
NETPONT_NEW_PASSWORD=dora-password ctl staff add dora --role mentor >/dev/null

log "only an administrator makes a PC an information point"
before=$(db_state)
refused 1 "a mentor may not" as dora dora-password seat kiosk PC-09 on
refused 2 "a word other than on or off" ctl seat kiosk PC-09 maybe
eq "the database is unchanged" "$before" "$(db_state)"
eq "not kiosk-only yet" "false" "$(ctlj seat list | jq -r '.[0].kiosk_only')"

log "not while a session runs"
ctl session start PC-09 --guest --minutes 30 >/dev/null
refused 1 "a PC in use" ctl seat kiosk PC-09 on
check "it says to end the session" grep -q "end the session first" "$T/err"
ctl session end PC-09 >/dev/null
check "PC-09 free" wait_until 20 seat_is PC-09 free

log "on"
ctl seat kiosk PC-09 on >"$T/out"
check "it says so" grep -q "information point" "$T/out"
eq "the seat list shows it" "true" "$(ctlj seat list | jq -r '.[0].kiosk_only')"
check "the agent hears it" wait_until 10 kiosk_is PC-09 true
eq "audited" "seat.kiosk_on" "$(sqlite3 "$DB" "SELECT action FROM audit WHERE action LIKE 'seat.kiosk%' ORDER BY id DESC LIMIT 1")"

log "no login and no session on an information point"
before=$(db_state)
out=$(client PC-09 login kovacs 1234 en)
check "the resident's login is refused with a sentence" \
	grep -q "PC-09 is an information point: it has no sessions." <<<"$out"
out=$(client PC-09 login kovacs 1234 hu)
check "in Hungarian too" grep -q "információs pont" <<<"$out"
refused 1 "a mentor's session start" ctl session start PC-09 --resident kovacs
check "it says why" grep -q "information point" "$T/err"
eq "the database is unchanged" "$before" "$(db_state)"

log "a restarted agent hears it in its Welcome"
stop_agent PC-09
start_agent PC-09
check "kiosk-only after the restart" wait_until 20 kiosk_is PC-09 true

log "off"
ctl seat kiosk PC-09 off >/dev/null
check "the agent hears it" wait_until 10 kiosk_is PC-09 false
eq "login works again" "ok" "$(client PC-09 login kovacs 1234 en)"
finish
