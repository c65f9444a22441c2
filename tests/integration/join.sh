#!/usr/bin/env bash
# One command per PC: `netpontctl seat add` prints a join code, and
# `netpont-agent --join CODE` on the PC (here with its files in the test's
# folder) checks the real netpontd's certificate against the code, redeems
# the code over TLS on 127.0.0.1, writes the token (0600) and edits the
# server, server_fingerprint and seat keys of agent.conf in place, keeping
# every comment and other setting; an agent started with that config reaches
# the server. A code works once, a code whose fingerprint is not the
# server's is refused before its secret is sent, an expired or replaced code
# is refused with a sentence saying what to run, wrong codes are throttled
# per address, and `seat invite` enrols a PC under its host name or --seat.
. "$(dirname "$0")/lib.sh"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

init_db
start_server
open_all_day

PC=$T/pc
mkdir -p "$PC"
# An agent.conf as an administrator left it: comments, a commented-out
# key, other sections. Only server, server_fingerprint, seat and token_file
# may change.
cat >"$PC/agent.conf" <<'EOF'
# /etc/netpont/agent.conf on this PC (kept by the join).

[agent]
# The Netpont server in the office.
server = 192.0.2.1:7450
# Its fingerprint, as seat add printed it.
#server_fingerprint =
# This PC's seat name.
seat = OLD-NAME
ui = headless
language = en

[hooks]
# Shell commands run at these moments.
on_lock = true
EOF

# join ARGS...: netpont-agent --join with the PC's files in $PC.
join() {
	"$NETPONT_AGENT" --config "$PC/agent.conf" --token-file "$PC/agent.token" --no-start "$@"
}
# join_refused STATUS DESCRIPTION ARGS...: the join must fail with STATUS and
# a sentence, leaving the PC's files as they were.
join_refused() {
	local want=$1 what=$2
	shift 2
	local before_conf before_token
	before_conf=$(cat "$PC/agent.conf")
	before_token=$(cat "$PC/agent.token" 2>/dev/null || true)
	refused "$want" "$what" join "$@"
	eq "$what: agent.conf unchanged" "$before_conf" "$(cat "$PC/agent.conf")"
	eq "$what: token file unchanged" "$before_token" "$(cat "$PC/agent.token" 2>/dev/null || true)"
}
code_of() { grep -o 'NP1-[0-9A-Z:.-]*' "$1" | head -n 1; }
# digits CODE: the code's 42 digits, without "NP1-", address and dashes.
digits() { sed -E 's/^NP1-([^-]*:[0-9]+-)?//; s/-//g' <<<"$1"; }
# with_digit CODE INDEX DIGIT: the code with one digit replaced.
with_digit() {
	local d
	d=$(digits "$1")
	echo "NP1-${d:0:$2}$3${d:$(($2 + 1))}"
}
audit_count() { ctlj audit --action "$1" | jq length; }

log "seat add prints a join code on a line before the fingerprint and the token"
ctl seat add PC-03 >"$T/add.out"
eq "four lines" 4 "$(wc -l <"$T/add.out")"
check "the fingerprint line" grep -q "^Server fingerprint (--server-fingerprint): $FINGERPRINT\$" "$T/add.out"
check "the join code on the second line" grep -qE '^Join code .*: NP1-([0-9A-Z]{6}-){6}[0-9A-Z]{6}$' <(sed -n 2p "$T/add.out")
check "the fingerprint on the line before the token" grep -q "$FINGERPRINT" <(sed -n 3p "$T/add.out")
check "the token alone on the last line" grep -qE '^[0-9a-f]{64}$' <(tail -n 1 "$T/add.out")
CODE=$(code_of "$T/add.out")
ctlj seat add PC-04 >"$T/add4.json"
check "--json has join_code" jq -e '.join_code | test("^NP1-[0-9A-Z-]{48}$")' "$T/add4.json"
check "which expires in a day" jq -e --argjson now "$(date +%s)" \
	'.join_expires_at - $now | . > 86000 and . <= 86400' "$T/add4.json"
eq "only a hash of the secret is stored" 0 \
	"$(sqlite3 "$DB" "SELECT count(*) FROM join_codes WHERE secret_hash NOT LIKE 'blake2b-keyed\$%'")"

log "a code whose fingerprint is not the server's: nothing is sent"
joins_before=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action LIKE 'seat.join%'")
WRONG_FP=$(with_digit "$CODE" 0 "$( [ "$(digits "$CODE" | cut -c1)" = Z ] && echo Y || echo Z)")
join_refused 3 "a server with another fingerprint" --join "$WRONG_FP" --server "127.0.0.1:$PORT"
check "it names both fingerprints" grep -q "its certificate's fingerprint is $FINGERPRINT" "$T/err"
check "and says nothing was sent" grep -q "Nothing was sent" "$T/err"
eq "the server saw no join" "$joins_before" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action LIKE 'seat.join%'")"
check "not even a refused one" bash -c "! grep -q 'join refused' '$T/server.log'"

log "not a code, no server"
join_refused 2 "a typo in the form" --join "NP1-ABC" --server "127.0.0.1:$PORT"
check "it says what a code looks like" grep -q "is not a join code" "$T/err"

log "join PC-03"
join --join "$CODE" --server "127.0.0.1:$PORT" >"$T/join.out" 2>&1 || fail "join: $(cat "$T/join.out")"
cat "$T/join.out"
check "it says which seat" grep -q "enrolled this PC as PC-03" "$T/join.out"
check "and that it was not started" grep -q -- "--no-start" "$T/join.out"
eq "the token file is 0600" 600 "$(stat -c %a "$PC/agent.token")"
eq "owned by whoever ran the join" "$(id -u)" "$(stat -c %u "$PC/agent.token")"
check "the token is 64 hex digits" grep -qE '^[0-9a-f]{64}$' "$PC/agent.token"
check "server written" grep -qx "server = 127.0.0.1:$PORT" "$PC/agent.conf"
check "the full fingerprint written" grep -qx "server_fingerprint = $FINGERPRINT" "$PC/agent.conf"
check "seat written" grep -qx "seat = PC-03" "$PC/agent.conf"
check "token_file written" grep -qx "token_file = $PC/agent.token" "$PC/agent.conf"
# Every line that is not one of the keys set is still there, in order.
kept() {
	grep -vE '^(server|server_fingerprint|seat|token_file) = ' "$PC/agent.conf"
}
expected_kept=$(cat <<'EOF'
# /etc/netpont/agent.conf on this PC (kept by the join).

[agent]
# The Netpont server in the office.
# Its fingerprint, as seat add printed it.
#server_fingerprint =
# This PC's seat name.
ui = headless
language = en

[hooks]
# Shell commands run at these moments.
on_lock = true
EOF
)
eq "every comment and other setting kept, in order" "$expected_kept" "$(kept)"
eq "the fingerprint goes under its comment" "#server_fingerprint =" \
	"$(grep -B1 "^server_fingerprint = " "$PC/agent.conf" | head -n 1)"
check "the join is audited" test "$(audit_count seat.join)" = 1
check "and logged" grep -q "PC-03 joined from 127.0.0.1" "$T/server.log"

log "the agent started with that config reaches the server"
mkdir -p "$T/PC-03.state"
"$NETPONT_AGENT" --config "$PC/agent.conf" --control "$T/PC-03.sock" \
	--state-dir "$T/PC-03.state" >>"$T/agent-PC-03.log" 2>&1 &
AGENT_PID[PC-03]=$!
check "PC-03 is free in seat list" wait_until 20 seat_is PC-03 free

log "a code works once"
join_refused 1 "the same code again" --join "$CODE" --server "127.0.0.1:$PORT"
check "it says it was used and what to run" grep -q "was used already.*netpontctl seat renew PC-03" "$T/err"
check "the agent stays connected" agent_connected PC-03
mkdir -p "$T/pc-hu"
printf '[agent]\nlanguage = hu\n' >"$T/pc-hu/agent.conf"
refused 1 "the same code, on a PC whose agent speaks Hungarian" "$NETPONT_AGENT" --join "$CODE" \
	--server "127.0.0.1:$PORT" --config "$T/pc-hu/agent.conf" --token-file "$T/pc-hu/agent.token" --no-start
check "the server's sentence is in Hungarian" grep -q "Ezt a csatlakozási kódot már felhasználták" "$T/err"

log "renew gives a new code and kills the old one"
ctl seat add PC-05 >"$T/add5.out"
OLD5=$(code_of "$T/add5.out")
ctl seat renew PC-05 >"$T/renew5.out"
eq "renew prints four lines too" 4 "$(wc -l <"$T/renew5.out")"
NEW5=$(code_of "$T/renew5.out")
rm -f "$PC/agent.token"
join_refused 1 "the code renew replaced" --join "$OLD5" --server "127.0.0.1:$PORT"
check "it says a newer one replaced it" grep -q "replaced by a newer one" "$T/err"
log "a code with the server's address in it needs no --server"
join --join "$(sed "s/^NP1-/NP1-127.0.0.1:$PORT-/" <<<"$NEW5")" >"$T/join5.out" 2>&1 ||
	fail "join with the renewed code: $(cat "$T/join5.out")"
check "the renewed code enrols PC-05" grep -qx "seat = PC-05" "$PC/agent.conf"
check "the address came from the code" grep -qx "server = 127.0.0.1:$PORT" "$PC/agent.conf"

log "expiry"
ctl setting set join_code_min 30 >/dev/null
ctlj seat renew PC-04 >"$T/renew4.json"
check "join_code_min sets the lifetime" jq -e --argjson now "$(date +%s)" \
	'.join_expires_at - $now | . > 1700 and . <= 1800' "$T/renew4.json"
CODE4=$(jq -r .join_code "$T/renew4.json")
# Half an hour is not waited for: the row is made older instead.
sqlite3 "$DB" "PRAGMA busy_timeout = 5000; UPDATE join_codes SET expires_at = expires_at - 3600 WHERE used_at IS NULL AND retired_at IS NULL AND seat_id = (SELECT id FROM seats WHERE name = 'PC-04')"
join_refused 1 "an expired code" --join "$CODE4" --server "127.0.0.1:$PORT"
check "it says when it expired and what to run" grep -qE "expired at [0-9: -]+ \(it was for PC-04\)\. Run netpontctl seat renew PC-04" "$T/err"
refused 1 "join_code_min above a day" ctl setting set join_code_min 1441

log "invitations"
ctl seat invite >"$T/invite.out"
check "the code alone on the last line" grep -qE '^NP1-([0-9A-Z]{6}-){6}[0-9A-Z]{6}$' <(tail -n 1 "$T/invite.out")
INVITE=$(tail -n 1 "$T/invite.out")
join --join "$INVITE" --server "127.0.0.1:$PORT" --seat PC-07 >"$T/join7.out" 2>&1 ||
	fail "join an invitation with --seat: $(cat "$T/join7.out")"
check "--seat names the new PC" grep -qx "seat = PC-07" "$PC/agent.conf"
check "PC-07 is in seat list" seat_is PC-07 offline
HOST=$(hostname -s)
ctl seat invite >"$T/invite2.out"
join --join "$(tail -n 1 "$T/invite2.out")" --server "127.0.0.1:$PORT" >"$T/join-host.out" 2>&1 ||
	fail "join an invitation under the host name: $(cat "$T/join-host.out")"
check "the host name is the default seat name" grep -qx "seat = $HOST" "$PC/agent.conf"
ctl seat invite >"$T/invite3.out"
join_refused 1 "a name already enrolled" --join "$(tail -n 1 "$T/invite3.out")" --server "127.0.0.1:$PORT"
check "it names seat renew" grep -q "There is already a PC called $HOST.*netpontctl seat renew $HOST" "$T/err"
NETPONT_NEW_PASSWORD=dora-secret ctl staff add dora --role mentor >/dev/null
refused 1 "a mentor cannot invite" as dora dora-secret seat invite
check "it says who can" grep -q "Only an administrator can invite a PC to join" "$T/err"

log "a bound code does not take another name"
ctl seat renew PC-05 >"$T/renew5b.out"
join_refused 1 "--seat with a code for another seat" --join "$(code_of "$T/renew5b.out")" \
	--server "127.0.0.1:$PORT" --seat PC-99
check "it names the code's seat" grep -q "This join code is for PC-05, not PC-99" "$T/err"

log "wrong codes are throttled per address"
GOOD=$(code_of "$T/renew5b.out")
for i in 1 2 3 4 5; do
	# A digit well inside the secret changes it; the fingerprint stays right.
	guess=$(with_digit "$GOOD" 35 "$i")
	[ "$(digits "$guess")" != "$(digits "$GOOD")" ] || guess=$(with_digit "$GOOD" 35 9)
	join_refused 1 "wrong code $i" --join "$guess" --server "127.0.0.1:$PORT"
done
check "the fifth says to wait" grep -q "Too many wrong join codes from 127.0.0.1: try again after" "$T/err"
join_refused 1 "even the right code waits" --join "$GOOD" --server "127.0.0.1:$PORT"
check "with the same sentence" grep -q "Too many wrong join codes" "$T/err"
check "wrong codes are audited" test "$(audit_count seat.join_refused)" -ge 5

if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	log "not root: refused before the code is spent"
	mkdir -p "$T/etc" && cp "$PC/agent.conf" "$T/etc/agent.conf" && chmod 755 "$T" "$T/etc"
	ctl seat renew PC-05 >"$T/renew5c.out"
	rc=0
	setpriv --reuid=65534 --regid=65534 --clear-groups "$NETPONT_AGENT" --join "$(code_of "$T/renew5c.out")" \
		--server "127.0.0.1:$PORT" --config "$T/etc/agent.conf" --token-file "$T/etc/agent.token" \
		--no-start >"$T/out" 2>"$T/err" || rc=$?
	eq "exit status 1" 1 "$rc"
	check "it says to run it as root" grep -q "run it as root" "$T/err"
	eq "the code is still unused" 0 "$(sqlite3 "$DB" "SELECT count(*) FROM join_codes WHERE used_at IS NOT NULL AND seat_id = (SELECT id FROM seats WHERE name = 'PC-05') AND id = (SELECT max(id) FROM join_codes)")"
fi

finish
