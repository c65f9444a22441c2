#!/usr/bin/env bash
# netpontd under systemd's Type=notify: READY=1 once the port accepts
# connections, WATCHDOG=1 at half of WATCHDOG_USEC, STOPPING=1 on SIGTERM.
# notify-listen.py plays systemd's side of NOTIFY_SOCKET.
. "$(dirname "$0")/lib.sh"

init_db
pick_port
python3 "$(dirname "$0")/notify-listen.py" "$T/notify.sock" "$T/notify.log" "$PORT" &
# cleanup (lib.sh) stops it with the agents.
AGENT_PID["notify-listen"]=$!
check "the notify socket is up" wait_until 10 test -S "$T/notify.sock"

# WATCHDOG_PID must name netpontd itself, so the shell execs it.
NOTIFY_SOCKET=$T/notify.sock WATCHDOG_USEC=400000 \
	sh -c 'WATCHDOG_PID=$$ exec "$@"' sh \
	"$NETPONTD" --db "$DB" --listen "127.0.0.1:$PORT" >>"$T/server.log" 2>&1 &
SERVER_PID=$!
check "READY=1 arrives" wait_until 30 grep -q ' READY=1$' "$T/notify.log"
check "the port accepted connections when READY=1 came" wait_until 5 grep -q ' CONNECT=ok$' "$T/notify.log"
check "a STATUS= came with it" grep -q " STATUS=Listening on 127.0.0.1:$PORT\$" "$T/notify.log"
check "the server answers" ctl --json seat list
# Half of 0.4 s: a ping every 0.2 s, so at least five in two seconds.
sleep 2
pings=$(grep -c ' WATCHDOG=1$' "$T/notify.log" || true)
check "WATCHDOG=1 arrives repeatedly ($pings in about 2 s)" test "$pings" -ge 5
check "netpontd stops cleanly on SIGTERM" stop_server
check "STOPPING=1 arrives" wait_until 5 grep -q ' STOPPING=1$' "$T/notify.log"

# Without WATCHDOG_USEC there is no watchdog, and without NOTIFY_SOCKET
# netpontd behaves as it always did (the other tests run it that way).
: >"$T/notify.log"
NOTIFY_SOCKET=$T/notify.sock "$NETPONTD" --db "$DB" --listen "127.0.0.1:$PORT" >>"$T/server.log" 2>&1 &
SERVER_PID=$!
check "READY=1 without a watchdog" wait_until 30 grep -q ' READY=1$' "$T/notify.log"
sleep 1
pings=$(grep -c ' WATCHDOG=1$' "$T/notify.log" || true)
eq "no WATCHDOG=1 when systemd asked for none" 0 "$pings"
check "netpontd stops cleanly" stop_server
finish
