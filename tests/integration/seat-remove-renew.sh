#!/usr/bin/env bash
# seat renew and seat remove with the real programs: a renewal prints a new
# token the way seat add does and retires the old one at once (the agent
# signed in with it is disconnected and cannot sign in again), a removal
# disconnects the PC's agent and takes it out of seat list; both are refused,
# changing nothing, while a session runs there (renew unless --force) and
# when not asked by an administrator.
. "$(dirname "$0")/lib.sh"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale
in_hungarian() { LANGUAGE=hu "$@"; }

room_online PC-01 PC-02
NETPONT_NEW_PASSWORD=dora-secret ctl staff add dora --role mentor >/dev/null
agent_offline() { ! agent_connected "$1"; }
seat_listed() { ctlj seat list | jq -e --arg n "$1" 'any(.[]; .name == $n)' >/dev/null; }
seat_unlisted() { ! seat_listed "$1"; }
# What a refusal must leave as it was, with the seats' tokens and removals
# and the audit trail (where each sign-in counts itself).
state() {
	db_state
	sqlite3 "$DB" "SELECT id, name, token_hash, removed_at FROM seats ORDER BY id;
		SELECT count(*) FROM audit WHERE action <> 'login'"
}

log "refusals change nothing"
ctl session start PC-01 --guest --minutes 30 >/dev/null
before=$(state)
refused 1 "a mentor cannot renew a token" as dora dora-secret seat renew PC-01
refused 1 "a mentor cannot remove a PC" as dora dora-secret seat remove PC-02
refused 1 "an unknown seat" ctl seat remove PC-99
check "it names the seat" grep -q "There is no seat called PC-99" "$T/err"
refused 1 "no renewal while a session runs" ctl seat renew PC-01
check "it says how to do it anyway" grep -q -- "--force" "$T/err"
refused 1 "no removal while a session runs" ctl seat remove PC-01
check "it says to end the session" grep -q "end it before removing the PC" "$T/err"
refused 1 "no renewal, in Hungarian" in_hungarian ctl seat renew PC-01
check "a Hungarian sentence" grep -q "Valaki éppen használja ezt a gépet: PC-01." "$T/err"
eq "the database is unchanged" "$before" "$(state)"
check "PC-01's agent is still connected" agent_connected PC-01
ctl session end PC-01 >/dev/null

log "renew"
ctl seat renew PC-01 >"$T/renew.out"
eq "four lines, as seat add prints" 4 "$(wc -l <"$T/renew.out")"
check "a new join code on the second line" grep -q "^Join code .*: NP1-" <(sed -n 2p "$T/renew.out")
check "the fingerprint line" grep -q "^Server fingerprint (--server-fingerprint): $FINGERPRINT\$" "$T/renew.out"
tail -n 1 "$T/renew.out" >"$T/PC-01.new-token"
check "the token alone on the last line" grep -qE '^[0-9a-f]{64}$' "$T/PC-01.new-token"
tokens_differ() { ! cmp -s "$1" "$2"; }
check "it is a new token" tokens_differ "$T/PC-01.token" "$T/PC-01.new-token"
check "the agent with the old token is disconnected" wait_until 10 agent_offline PC-01
check "and cannot sign in again with it" wait_until 20 grep -q "PC-01: wrong token from" "$T/server.log"
check "so the seat stays offline" seat_is PC-01 offline
stop_agent PC-01
cp "$T/PC-01.new-token" "$T/PC-01.token"
start_agent PC-01
check "an agent with the new token connects" wait_until 20 seat_is PC-01 free
eq "the renewal is audited" seat.renew "$(ctlj audit --action seat.renew | jq -r '.[0].action')"
ctlj seat renew PC-02 >"$T/renew.json"
eq "--json has seat add's keys" '["fingerprint","join_code","join_expires_at","name","token"]' "$(jq -c 'keys' "$T/renew.json")"
check "PC-02's old agent is disconnected" wait_until 10 agent_offline PC-02

log "remove"
ctl seat remove PC-02 >"$T/remove.out"
check "a sentence says so" grep -q "PC-02 is removed" "$T/remove.out"
check "PC-02 is not listed" seat_unlisted PC-02
check "PC-01 still is" seat_listed PC-01
ctl seat remove PC-01 >/dev/null
check "PC-01's connected agent is disconnected at once" wait_until 10 agent_offline PC-01
check "it cannot sign in any more" wait_until 20 grep -q "unknown seat PC-01 from" "$T/server.log"
eq "the removals are audited" 2 "$(ctlj audit --action seat.remove | jq length)"
stop_agent PC-01
add_seat PC-01
start_agent PC-01
check "the name can be enrolled again, and its new agent connects" wait_until 20 seat_is PC-01 free
finish
