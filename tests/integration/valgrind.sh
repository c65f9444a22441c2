#!/usr/bin/env bash
# netpontd and netpont-agent under valgrind through a short day: login, help
# call, mentor actions, payment, server restart, shutdown. Any invalid read or
# write, use of uninitialised memory or definite leak fails the test (both
# programs run with --error-exitcode=99 and must exit 0 after SIGTERM).
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 77; }
# An ASan build (NETPONT_SANITIZE) checks itself; valgrind cannot run it.
if ldd "$NETPONTD" 2>/dev/null | grep -q libasan; then
	echo "netpontd is built with AddressSanitizer; valgrind cannot run it"
	exit 77
fi
VALGRIND=1

init_db
start_server
open_all_day
add_seat PC-01
ctl resident add kovacs --name "Kovács Mária" --pin 1234 >/dev/null
start_agent PC-01
check "PC-01 online under valgrind" wait_until 60 seat_is PC-01 free
refused 1 "a wrong PIN" agent PC-01 login kovacs 9999
check "login" agent PC-01 login kovacs 1234
check "help call" agent PC-01 help "Please help"
id=$(ctlj help list | jq '.[0].id')
check "ack" ctl help ack "$id"
check "resolve" ctl help resolve "$id"
check "message" ctl seat message PC-01 "The room closes in 10 minutes."
check "extend" ctl session extend PC-01 --minutes 5
check "copies" ctl charge add kovacs copy --qty 2
check "end" ctl session end PC-01
check "PC-01 locks" wait_until 30 agent_is PC-01 locked
due=$(ctlj bill kovacs | jq .due)
check "pay $due" ctl pay kovacs --amount "$due"
# A malformed frame on the way.
exec 3<>"/dev/tcp/127.0.0.1/$PORT"; printf '\x00\x00\x00\x05\x7f\xff\xff\xff\xff' >&3; timeout 20 cat <&3 >/dev/null || true; exec 3<&- 3>&-

check "netpontd restarts cleanly under valgrind" stop_server
start_server
check "the agent reconnects" wait_until 90 agent_connected PC-01
check "netpont-agent exits cleanly under valgrind" stop_agent PC-01
check "netpontd exits cleanly under valgrind" stop_server
for f in "$T"/valgrind-*.log; do
	check "$(basename "$f"): no errors" grep -q "ERROR SUMMARY: 0 errors" "$f"
done
finish
