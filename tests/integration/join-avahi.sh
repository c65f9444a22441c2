#!/usr/bin/env bash
# A join code without an address: netpontd announces `_netpont._tcp` with
# Avahi and `netpont-agent --join CODE` finds the server whose fingerprint
# the code holds. Runs a real avahi-daemon on a private D-Bus bus inside a
# network namespace of its own (only its loopback, with multicast on), so
# nothing is announced on the machine's real network. Needs root, unshare
# and avahi-daemon; skipped (77) otherwise.
set -euo pipefail
if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null || ! command -v avahi-daemon >/dev/null ||
	! command -v dbus-daemon >/dev/null; then
	echo "SKIP: needs root, unshare, dbus-daemon and avahi-daemon"
	exit 77
fi
if [ -z "${NETPONT_IN_NETNS:-}" ]; then
	# A network namespace of its own, and a mount namespace for avahi's
	# run folder, so that a system avahi-daemon is not disturbed.
	exec unshare --net --mount env NETPONT_IN_NETNS=1 bash "$0" "$@"
fi
ip link set lo up
ip link set lo multicast on
mkdir -p /run/avahi-daemon
mount -t tmpfs tmpfs /run/avahi-daemon

. "$(dirname "$0")/lib.sh"

BUS=$T/system-bus
DBUS_PID=
AVAHI_PID=
# A session-type bus lets avahi-daemon own its name without the system
# bus's policy files; every program here uses it as the system bus.
dbus-daemon --session --fork --address="unix:path=$BUS" --print-pid=1 >"$T/dbus.pid"
DBUS_PID=$(cat "$T/dbus.pid")
export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$BUS"
cat >"$T/avahi.conf" <<'EOF'
[server]
host-name=netpont-office
use-ipv4=yes
use-ipv6=no
allow-interfaces=lo
enable-dbus=yes
[wide-area]
enable-wide-area=no
[publish]
publish-hinfo=no
publish-workstation=no
EOF
start_avahi() {
	avahi-daemon -f "$T/avahi.conf" --no-drop-root --no-chroot --no-rlimits >>"$T/avahi.log" 2>&1 &
	AVAHI_PID=$!
	wait_until 10 grep -q "Server startup complete" "$T/avahi.log"
}
stop_avahi() {
	[ -z "$AVAHI_PID" ] || kill "$AVAHI_PID" 2>/dev/null || true
	[ -z "$AVAHI_PID" ] || wait "$AVAHI_PID" 2>/dev/null || true
	AVAHI_PID=
}
stop_all() {
	local rc=$?
	stop_avahi
	[ -z "$DBUS_PID" ] || kill "$DBUS_PID" 2>/dev/null || true
	(exit $rc)
	cleanup
}
trap stop_all EXIT

PC=$T/pc
mkdir -p "$PC"
printf '[agent]\n# The server in the office.\nserver = 192.0.2.1:7450\nui = headless\n' >"$PC/agent.conf"
join() {
	"$NETPONT_AGENT" --config "$PC/agent.conf" --token-file "$PC/agent.token" --no-start "$@"
}
code_of() { grep -o 'NP1-[0-9A-Z:.-]*' "$1" | head -n 1; }

check "avahi-daemon runs" start_avahi
init_db
start_server
open_all_day
check "netpontd announces itself" wait_until 10 grep -q 'announced as "Netpont" (_netpont._tcp) on the LAN' "$T/server.log"

log "a code without an address finds the server"
ctl seat add PC-03 >"$T/add.out"
CODE=$(code_of "$T/add.out")
check "the code names no address (netpontctl reached the server on loopback)" \
	grep -qE '^NP1-([0-9A-Z]{6}-){6}[0-9A-Z]{6}$' <<<"$CODE"
join --join "$CODE" >"$T/join.out" 2>&1 || fail "join through Avahi: $(cat "$T/join.out")"
cat "$T/join.out"
check "it looked on the network" grep -q "looking for it on the network (Avahi)" "$T/join.out"
check "the address Avahi gave is written" grep -qx "server = 127.0.0.1:$PORT" "$PC/agent.conf"
check "and the seat" grep -qx "seat = PC-03" "$PC/agent.conf"

log "a code for another server: no match, a sentence saying to add the address"
ctl seat renew PC-03 >"$T/renew.out"
d=$(code_of "$T/renew.out" | sed 's/^NP1-//; s/-//g')
first=${d:0:1}
other=$([ "$first" = Z ] && echo Y || echo Z)
refused 3 "no server with the code's fingerprint" join --join "NP1-$other${d:1}"
check "it says one server answered, none with the fingerprint" \
	grep -q "1 Netpont server(s) answered on this network, none with the fingerprint" "$T/err"
check "and how to give the address" grep -q -- "--server HOST:PORT" "$T/err"

log "announce = no"
stop_server
printf '[server]\nannounce = no\n' >"$T/netpontd.conf"
announced_before=$(grep -c "announced as" "$T/server.log")
"$NETPONTD" --config "$T/netpontd.conf" --db "$DB" --listen "127.0.0.1:$PORT" >>"$T/server.log" 2>&1 &
SERVER_PID=$!
check "netpontd serves" wait_until 30 ctl seat list
# The stopped server's announcement was withdrawn with a goodbye, which
# mDNS caches keep for one more second (RFC 6762, 10.1).
sleep 2
refused 3 "nothing answers" join --join "$(code_of "$T/renew.out")"
check "it says no server answered" grep -q "No Netpont server answered on this network within 5 s" "$T/err"
eq "no new announcement" "$announced_before" "$(grep -c "announced as" "$T/server.log")"

log "no avahi-daemon: one log line, and the server serves"
stop_server
stop_avahi
start_server
check "seat list answers" ctl seat list
check "one line says why it is not announced" wait_until 5 grep -q "avahi-daemon is not running" "$T/server.log"
eq "only one" 1 "$(grep -c "avahi-daemon is not running" "$T/server.log")"

finish
