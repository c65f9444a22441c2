#!/usr/bin/env bash
# What an attacker on the room's network sees: loopback traffic captured
# (tcpdump, port filter, bounded time) while a PC enrols and connects, a
# resident logs in at it and staff sign in holds neither the PIN, nor a
# password, nor the seat token, because every connection is TLS. Skips (77)
# only when this machine cannot capture.
. "$(dirname "$0")/lib.sh"

command -v tcpdump >/dev/null || { echo "tcpdump is not installed; skipping"; exit 77; }

PIN=731952
MENTOR_PASSWORD=Capture-Mentor-Secret-8
init_db
start_server
open_all_day

log "capturing tcp port $PORT on lo"
PCAP=$T/loopback.pcap
# As root, tcpdump would drop to its own user, who cannot write into the
# test's private directory: keep root's rights for the file.
AS_USER=()
[ "$(id -u)" = 0 ] && AS_USER=(-Z root)
timeout 120 tcpdump -i lo --immediate-mode -U -s 0 "${AS_USER[@]}" -w "$PCAP" "tcp port $PORT" 2>"$T/tcpdump.log" &
TCPDUMP_PID=$!
if ! wait_until 10 grep -q "listening on" "$T/tcpdump.log"; then
	echo "tcpdump cannot capture here: $(cat "$T/tcpdump.log")"
	kill "$TCPDUMP_PID" 2>/dev/null || true
	exit 77
fi

add_seat PC-01
TOKEN=$(cat "$T/PC-01.token")
check "a resident with a PIN is added" ctl resident add kovacs --name "Kovács Mária" --pin "$PIN"
check "a mentor is added" env NETPONT_NEW_PASSWORD="$MENTOR_PASSWORD" \
	NETPONT_PASSWORD=$ADMIN_PASSWORD "$NETPONTCTL" --server "127.0.0.1:$PORT" --user admin \
	staff add dora --role mentor
start_agent PC-01
check "PC-01 connects with its token" wait_until 20 agent_connected PC-01
check "the resident logs in at PC-01 with the PIN" agent PC-01 login kovacs "$PIN"
check "PC-01 unlocks" wait_until 10 agent_is PC-01 unlocked
check "the mentor signs in" as dora "$MENTOR_PASSWORD" seat list
check "the resident logs out" agent PC-01 logout
# Let the last packets reach the file (immediate mode hands each one to
# tcpdump at once), then stop the capture.
sleep 1
kill -INT "$TCPDUMP_PID" 2>/dev/null || true
wait "$TCPDUMP_PID" 2>/dev/null || true

packets=$(tcpdump -r "$PCAP" 2>/dev/null | wc -l)
check "the capture holds the conversation ($packets packets)" test "$packets" -gt 50
absent() { ! grep -aqF -- "$1" "$PCAP"; }
check "the PIN is not in the capture" absent "$PIN"
check "the administrator's password is not in the capture" absent "$ADMIN_PASSWORD"
check "the mentor's password is not in the capture" absent "$MENTOR_PASSWORD"
check "the seat token is not in the capture" absent "$TOKEN"
check "the resident's name is not in the capture" absent "Kovács"

finish
