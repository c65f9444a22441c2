#!/usr/bin/env bash
# The server's refusals in each connection's language: netpontctl sends the
# user's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) in its Hello, and
# netpontd answers in Hungarian or English per connection, also when
# connections in both languages are served at the same time. Needs no
# generated system locale (the server looks up under C.UTF-8). Failed
# sign-ins are logged in English, one line each, without the secret.
. "$(dirname "$0")/lib.sh"

: "${NETPONT_BUILD_DIR:?NETPONT_BUILD_DIR must name the build directory}"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

# netpontctl in a language: LANGUAGE as given, in the C.UTF-8 locale that
# every Debian has (lib.sh sets LC_ALL=C.UTF-8).
in_lang() {
	local lang=$1
	shift
	LANGUAGE=$lang "$@"
}

# For the record: no Hungarian system locale is needed (CI has none).
log "system locales: $(locale -a 2>/dev/null | tr '\n' ' ')"

init_db
start_server
open_all_day
add_seat PC-01
ctl resident add kovacs --name "Kovács Mária" --pin 1234 >/dev/null
NETPONT_NEW_PASSWORD=dora-password ctl staff add dora --role mentor >/dev/null
snapshot=$(db_state)
unchanged() { [ "$(db_state)" == "$snapshot" ]; }

log "one language per connection"
refused 1 "unknown seat, in Hungarian" in_lang hu ctl seat lock PC-09
check "Hungarian sentence" grep -qx "netpontctl: Nincs PC-09 nevű gép." "$T/err"
refused 1 "unknown seat, in English" in_lang en ctl seat lock PC-09
check "English sentence" grep -qx "netpontctl: There is no seat called PC-09." "$T/err"
refused 1 "unknown seat, no language" in_lang "" ctl seat lock PC-09
check "English when nothing is asked for" grep -q "There is no seat called PC-09." "$T/err"
refused 1 "unknown seat, a language without translation" in_lang de ctl seat lock PC-09
check "English as the fallback" grep -q "There is no seat called PC-09." "$T/err"
refused 1 "LANG alone decides when nothing else is set" \
	env -u LC_ALL -u LANGUAGE LANG=hu_HU.UTF-8 NETPONT_PASSWORD=$ADMIN_PASSWORD "$NETPONTCTL" --server "127.0.0.1:$PORT" \
	--user admin seat lock PC-09
check "Hungarian from LANG" grep -q "Nincs PC-09 nevű gép." "$T/err"

log "refusals found in the rules, roles, the Hello"
refused 1 "no session to end, in Hungarian" in_lang hu ctl session end PC-01
check "the rule's sentence in Hungarian" grep -q "Ezt a gépet most senki sem használja: PC-01." "$T/err"
refused 1 "a mentor enrolling a PC, in Hungarian" \
	in_lang hu as dora dora-password seat add PC-07
check "who may, in Hungarian" grep -q "Gépet csak rendszergazda vehet fel." "$T/err"
refused 1 "a mentor enrolling a PC, in English" \
	in_lang en as dora dora-password seat add PC-07
check "who may, in English" grep -q "Only an administrator can enrol a PC." "$T/err"
refused 3 "a wrong password, in Hungarian" in_lang hu as dora not-her-password seat list
check "the refused Hello is Hungarian" grep -q "Hibás a felhasználónév vagy a jelszó." "$T/err"
check "nothing changed" unchanged

log "both languages at the same time"
# Sixteen connections at once, alternating languages; each Hello is hashed
# on the thread pool, so their requests interleave in the server.
lines_before=$(wc -l <"$T/server.log")
pids=()
for i in $(seq 1 16); do
	if ((i % 2)); then lang=hu; else lang=en; fi
	(
		rc=0
		in_lang $lang ctl seat unlock PC-0$((i % 5 + 5)) >"$T/par.$i.out" 2>"$T/par.$i.err" || rc=$?
		echo $rc >"$T/par.$i.rc"
	) &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || true; done
ok=0
for i in $(seq 1 16); do
	want="There is no seat called PC-0$((i % 5 + 5))."
	((i % 2)) && want="Nincs PC-0$((i % 5 + 5)) nevű gép."
	if [ "$(cat "$T/par.$i.rc")" == 1 ] && grep -qxF "netpontctl: $want" "$T/par.$i.err"; then
		ok=$((ok + 1))
	else
		echo "# connection $i: rc $(cat "$T/par.$i.rc"), $(cat "$T/par.$i.err")"
	fi
done
eq "each of 16 simultaneous connections got its own language" 16 "$ok"
# The server's log shows how many were signed in at once.
most=$(tail -n +"$((lines_before + 1))" "$T/server.log" | awk '
	/ signed in from / { open++; if (open > most) most = open }
	/ disconnected$/ { open-- }
	END { print most + 0 }')
check "several connections were open at the same time ($most)" test "$most" -ge 2

log "the agent asks for no language: residents' PIN refusals stay English"
start_agent PC-01
check "PC-01 online" wait_until 20 seat_is PC-01 free
refused 1 "wrong PIN at the PC" agent PC-01 login kovacs 0000
check "2 tries left, in English" grep -q "Wrong PIN — 2 tries left. A mentor can reset it." "$T/err"

log "the PC's status in Hungarian names the mentor on the way"
check "Mrs Kovács logs in" agent PC-01 login kovacs 1234
check "she calls a mentor" agent PC-01 help
help_id=$(as dora dora-password --json help list | jq '.[0].id')
check "Dóra answers call $help_id" as dora dora-password help ack "$help_id"
check "the PC says Dóra is coming, in Hungarian" wait_until 10 bash -c \
	"LANGUAGE=hu '$NETPONTCTL' --agent '$T/PC-01.sock' status | grep -q '#$help_id — dora már jön'"

log "an agent configured with language = hu: the refusals come in Hungarian"
check "PC-01 stops" stop_agent PC-01
printf '[agent]\nlanguage = hu\n' >"$T/agent-hu.conf"
start_agent PC-01 --config "$T/agent-hu.conf"
check "PC-01 online again" wait_until 20 agent_connected PC-01
check "Mrs Kovács logs out" agent PC-01 logout
refused 1 "wrong PIN at the Hungarian PC" agent PC-01 login kovacs 0000
check "2 tries left, in Hungarian" grep -q "Hibás PIN-kód — még 2 próbálkozás maradt." "$T/err"

log "failed sign-ins in the log, in English, without secrets"
echo "not-the-token" >"$T/PC-02.token"
ctl seat add PC-02 >/dev/null
start_agent PC-02
check "the wrong token is logged" \
	wait_until 20 grep -q "netpontd: PC-02: wrong token from 127.0.0.1:" "$T/server.log"
stop_agent PC-02
in_lang hu as dora not-her-password seat list >/dev/null 2>&1 || true
in_lang hu as nobody whatever-pass seat list >/dev/null 2>&1 || true
check "a wrong password is logged" grep -q "netpontd: dora: wrong password from 127.0.0.1:" "$T/server.log"
check "an unknown user is logged" grep -q "netpontd: unknown user nobody from 127.0.0.1:" "$T/server.log"
check "no secret in the log" \
	bash -c "! grep -q -e not-her-password -e whatever-pass -e not-the-token -e admin-secret '$T/server.log'"
check "no Hungarian in the log" bash -c "! grep -q -e Nincs -e Hibás '$T/server.log'"

check "netpontd stops cleanly" stop_server
finish
