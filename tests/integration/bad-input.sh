#!/usr/bin/env bash
# Bad input: each a clear error, the database unchanged, the server still
# serving everyone else. Wrong token, wrong PIN, unknown seat or resident, a
# second session on a busy seat, malformed and oversized frames.
. "$(dirname "$0")/lib.sh"

init_db
start_server
open_all_day
add_seat PC-01
add_seat PC-02
ctl resident add kovacs --name "Kovács Mária" --pin 1234 >/dev/null
ctl resident add nagy --name "Nagy Béla" --pin 4321 >/dev/null
start_agent PC-01
check "PC-01 online" wait_until 20 seat_is PC-01 free
ctl session start PC-01 --resident kovacs --minutes 30 >/dev/null
check "PC-01 in use" wait_until 10 agent_is PC-01 unlocked

snapshot=$(db_state)
unchanged() { [ "$(db_state)" == "$snapshot" ]; }

log "wrong token"
echo "not-the-token" >"$T/PC-02.token"
start_agent PC-02
sleep 2
eq "an agent with a wrong token stays offline" offline "$(seat_field PC-02 state)"
eq "and is not connected" false "$(agent_field PC-02 connected)"
check "the agent says why and what to do" grep -q "refused seat PC-02.s token. Enrol it again" "$T/agent-PC-02.log"
check "the database is unchanged" unchanged

log "wrong PIN"
stop_agent PC-02
ctl seat add PC-09 >"$T/PC-09.add"; tail -n 1 "$T/PC-09.add" >"$T/PC-09.token"
snapshot=$(db_state)
start_agent PC-09
check "PC-09 online" wait_until 20 seat_is PC-09 free
refused 1 "wrong PIN" agent PC-09 login nagy 0000
check "it says how many tries are left" grep -q "2 tries left" "$T/err"
refused 1 "wrong PIN again" agent PC-09 login nagy 0001
check "1 try left" grep -q "1 try left" "$T/err"
refused 1 "unknown resident" agent PC-09 login nobody 1234
eq "PC-09 stays locked" locked "$(agent_field PC-09 state)"
check "only the failure count changed" unchanged
check "the right PIN still works before the limit" agent PC-09 login nagy 4321
agent PC-09 logout >/dev/null
check "PC-09 locks on logout" wait_until 10 agent_is PC-09 locked
snapshot=$(db_state)

log "unknown seat or resident, a busy seat, bad values"
refused 1 "unknown seat" ctl session start PC-77 --guest
refused 1 "unknown resident" ctl session start PC-09 --resident nobody
refused 1 "a second session on a busy seat" ctl session start PC-01 --resident nagy
refused 1 "the same resident on two seats" ctl session start PC-09 --resident kovacs
refused 1 "extend an idle seat" ctl session extend PC-09 --minutes 10
refused 1 "end an idle seat" ctl session end PC-09
refused 1 "lock an unknown seat" ctl seat lock PC-77
refused 1 "a seat name that exists" ctl seat add PC-01
refused 1 "a login that exists" ctl resident add kovacs --name "Someone Else" --pin 9999
refused 1 "an unknown category" ctl resident add uj --name "Új Lakó" --pin 9999 --category vip
refused 1 "an unknown service" ctl charge add kovacs fax --qty 1
refused 1 "a bill for nobody" ctl bill nobody
refused 1 "waiving more than is owed" ctl pay nagy --amount 100000 --method waive --note "x"
refused 1 "refunding with no credit and no shift" ctl pay nagy --amount 10 --method refund --note "x"
refused 2 "a fractional amount" ctl pay kovacs --amount 80.5
refused 2 "a negative amount" ctl pay kovacs --amount -5
refused 2 "a percentage over 100" ctl category set reduced --percent 150
refused 1 "ack an unknown help call" ctl help ack 999
refused 3 "a wrong password" env CTL_PASSWORD=wrong bash -c 'NETPONT_PASSWORD=wrong "$NETPONTCTL" --server 127.0.0.1:'"$PORT"' --user admin seat list'
refused 3 "an unknown staff member" env NETPONT_PASSWORD=x "$NETPONTCTL" --server "127.0.0.1:$PORT" --user nobody seat list
refused 2 "an unknown command" ctl fly away
check "the database is unchanged" unchanged

log "malformed frames"
# tls_raw [S_CLIENT_ARGS...]: a TLS 1.3 connection whose plaintext is
# stdin, for at most 10 s.
tls_raw() {
	timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -tls1_3 "$@" 2>>"$T/s_client.log"
}
# raw PAYLOAD_PRINTF: sends bytes inside a fresh TLS connection and waits
# (bounded) for the server to close it (-quiet keeps the connection open
# after the payload). s_client's own status says how the TLS stream ended;
# only the timeout's (124) means the server left the connection open.
raw() {
	local payload=$1
	local rc=0
	# shellcheck disable=SC2059
	printf "$payload" | tls_raw -quiet >"$T/raw.out" || rc=$?
	[ "$rc" != 124 ]
}
check "an oversized frame closes that connection" raw '\xff\xff\xff\xff'
check "garbage closes that connection" raw '\x00\x00\x00\x05\x7f\xff\xff\xff\xff'
check "a frame whose string runs past its end closes it" raw '\x00\x00\x00\x04\xa2\x01\x10x'
check "a request before Hello is refused and closed" raw '\x00\x00\x00\x03\xb2\x01\x00'
# A frame cut short by a peer that goes away: the server must just drop it.
printf '\x00\x00\x01\x00\x0a\x02' | tls_raw -brief >/dev/null || true
eq "the agent on PC-01 is still connected" true "$(agent_field PC-01 connected)"
eq "PC-01 is still in use" in_use "$(seat_field PC-01 state)"
check "the server still serves everyone" ctl seat list
check "the database is unchanged" unchanged

check "netpontd stops cleanly" stop_server
finish
