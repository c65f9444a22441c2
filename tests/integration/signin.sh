#!/usr/bin/env bash
# Sign-in throttling with the real programs: a burst of wrong PINs at one
# public PC pauses that PC for a while and locks no resident out for good; a
# resident's own lock-out ends by itself or when a mentor gives a new PIN;
# wrong staff passwords lock the account until a time the refusal names.
. "$(dirname "$0")/lib.sh"

init_db
start_server
open_all_day
add_seat PC-01
add_seat PC-02
for r in r1 r2 r3 r4 r5 r6; do
	NETPONT_PIN=1234 ctl resident add "$r" --name "Resident $r" >/dev/null
done
start_agent PC-01
start_agent PC-02
check "PC-01 online" wait_until 20 seat_is PC-01 free
check "PC-02 online" wait_until 20 seat_is PC-02 free
resident_locks() { sqlite3 "$DB" "SELECT count(*) FROM signin_throttle WHERE kind = 'resident'"; }

log "a burst of wrong PINs at one PC"
# Eleven wrong PINs, two per resident: more than 10 within 5 minutes.
for i in $(seq 0 10); do
	agent PC-01 login "r$((i / 2 + 1))" 0000 >/dev/null 2>&1 || true
done
refused 1 "PC-01 is paused, also for the right PIN" agent PC-01 login r6 1234
check "it says until when" grep -q "logins at this PC are paused until [0-9][0-9]:[0-9][0-9]" "$T/err"
eq "no resident is locked out" 0 "$(resident_locks)"
check "the same resident logs in at another PC" agent PC-02 login r6 1234
agent PC-02 logout >/dev/null
check "PC-02 locks on logout" wait_until 10 agent_is PC-02 locked

log "a resident's lock-out is for a while"
# r1 has two wrong PINs from the burst; the third locks r1.
refused 1 "the third wrong PIN locks r1" agent PC-02 login r1 0000
check "for a while, saying until when" grep -q "try again after [0-9][0-9]:[0-9][0-9]" "$T/err"
eq "not for good: the lock-out ends within 5 minutes" 1 \
	"$(sqlite3 "$DB" "SELECT locked_until - strftime('%s', 'now') BETWEEN 1 AND 300 FROM signin_throttle WHERE kind = 'resident'")"
refused 1 "even the right PIN waits" agent PC-02 login r1 1234
NETPONT_PIN=4321 ctl resident reset-pin r1 >/dev/null
check "a mentor's new PIN lifts it at once" agent PC-02 login r1 4321
eq "nobody is locked out" 0 "$(resident_locks)"
agent PC-02 logout >/dev/null

log "wrong staff passwords (last: they lock this address out for a minute)"
for i in 1 2 3 4; do
	as admin wrong-password seat list >/dev/null 2>&1 || true
done
refused 3 "the fifth wrong password locks the account" as admin wrong-password seat list
check "it says when to try again" grep -q "Too many wrong passwords for admin: try again after [0-9][0-9]:[0-9][0-9]." "$T/err"
refused 3 "even the right password waits" as admin "$ADMIN_PASSWORD" seat list
eq "each wrong password and the lock-outs are audited" "5 2" \
	"$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM audit WHERE action = 'signin.wrong_password'), (SELECT count(*) FROM audit WHERE action = 'signin.lockout')" | tr '|' ' ')"
check "no password is written down" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE detail LIKE '%wrong-password%' OR detail LIKE '%$ADMIN_PASSWORD%'")" = 0

finish
