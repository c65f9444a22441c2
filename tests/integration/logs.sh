#!/usr/bin/env bash
# The log lines of netpontd and netpont-agent: under systemd (JOURNAL_STREAM
# naming stderr's device and inode) every line carries sd-daemon's priority
# ("<5>" start and stop, "<4>" a wrong password, "<3>" a refused start),
# elsewhere the plain "netpontd: " line; log_level = warning in the config
# leaves out notice and info lines and a bad level is refused at the start;
# the process's language (LANGUAGE=hu under C.UTF-8) words the log in
# Hungarian.
. "$(dirname "$0")/lib.sh"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

# JOURNAL_STREAM for a file: what systemd sets for a service whose stderr is
# the journal's stream.
journal_of() { stat -c '%d:%i' "$1"; }

init_db
pick_port

log "netpontd with the journal as its stderr"
: >"$T/server.log"
JOURNAL_STREAM=$(journal_of "$T/server.log") start_server
check "the start is a notice" grep -q "^<5>version .*, listening on 127.0.0.1:$PORT, database $DB\$" "$T/server.log"
check "the certificate line too" grep -q "^<5>TLS 1.3 with certificate .*, fingerprint $FINGERPRINT\$" "$T/server.log"
ctl seat list >/dev/null
check "a sign-in is info" grep -q "^<6>admin signed in from 127.0.0.1:" "$T/server.log"
refused 3 "a wrong password" env NETPONT_PASSWORD=not-the-password \
	"$NETPONTCTL" --server "127.0.0.1:$PORT" --user admin seat list
check "a wrong password is a warning" \
	wait_until 10 grep -q "^<4>admin: wrong password from 127.0.0.1:" "$T/server.log"
stop_server
check "stopping is a notice" grep -q '^<5>SIGTERM received, stopping$' "$T/server.log"
check "and so is the end" grep -q '^<5>stopped$' "$T/server.log"
check "every line has a priority and no program name" \
	bash -c "! grep -v -e '^<[3-7]>' '$T/server.log' && ! grep -q 'netpontd: ' '$T/server.log'"

: >"$T/err"
refused 1 "a database that does not exist" \
	env JOURNAL_STREAM="$(journal_of "$T/err")" "$NETPONTD" --db "$T/none.db" --listen "127.0.0.1:$PORT"
check "the refusal is an error, on one line" \
	grep -qx "<3>the database $T/none.db does not exist; create it with: netpontd --db $T/none.db --init-admin NAME" "$T/err"

log "a stderr that is not the journal named by JOURNAL_STREAM"
refused 1 "the same refusal into another file" \
	env JOURNAL_STREAM="$(journal_of "$T/server.log")" "$NETPONTD" --db "$T/none.db"
check "reads as it always has" grep -q "^netpontd: the database $T/none.db does not exist" "$T/err"

log "log_level in [server]"
printf '[server]\ndb = %s\nlisten = 127.0.0.1:%s\nlog_level = loud\n' "$DB" "$PORT" >"$T/bad.conf"
refused 2 "a bad log_level" "$NETPONTD" --config "$T/bad.conf"
check "says which levels there are" grep -q \
	'log_level in \[server\] must be one of error, warning, notice, info, debug, not "loud"' "$T/err"
printf '[server]\ndb = %s\nlisten = 127.0.0.1:%s\nlog_level = warning\n' "$DB" "$PORT" >"$T/quiet.conf"
"$NETPONTD" --config "$T/quiet.conf" >"$T/quiet.log" 2>&1 &
SERVER_PID=$!
wait_until 60 ctl seat list >/dev/null
CTL_PASSWORD=not-the-password ctl seat list >/dev/null 2>&1 || true
check "warnings are written" wait_until 10 grep -q "wrong password from 127.0.0.1:" "$T/quiet.log"
stop_server
check "notice and info lines are not" \
	bash -c "! grep -q -e 'listening on' -e 'signed in from' -e 'stopped' '$T/quiet.log'"
NETPONT_LOG_LEVEL=info "$NETPONTD" --config "$T/quiet.conf" >"$T/env.log" 2>&1 &
SERVER_PID=$!
wait_until 60 ctl seat list >/dev/null
check "NETPONT_LOG_LEVEL wins over the config" grep -q "listening on" "$T/env.log"
stop_server

log "netpontd in Hungarian (LANGUAGE=hu under C.UTF-8)"
refused 1 "a missing database, in Hungarian" \
	env LC_ALL=C.UTF-8 LANGUAGE=hu "$NETPONTD" --db "$T/none.db"
check "the start-up sentence is Hungarian" \
	grep -q "^netpontd: nem létezik ez az adatbázis: $T/none.db; így hozhatja létre: netpontd --db $T/none.db --init-admin NÉV\$" "$T/err"
LC_ALL=C.UTF-8 LANGUAGE=hu "$NETPONTD" --db "$DB" --listen "127.0.0.1:$PORT" >"$T/hu.log" 2>&1 &
SERVER_PID=$!
wait_until 60 ctl seat list >/dev/null
check "the log is Hungarian" grep -q "^netpontd: .*, figyel: 127.0.0.1:$PORT, adatbázis: $DB\$" "$T/hu.log"
check "a sign-in too" grep -q "^netpontd: admin bejelentkezett innen: 127.0.0.1:" "$T/hu.log"
refused 1 "a client that asks in English" ctl resident show nobody
check "is answered in English" grep -q "There is no resident with the login nobody." "$T/err"
stop_server
check "and the stop" grep -q "^netpontd: leállt\$" "$T/hu.log"

log "netpont-agent"
start_server
add_seat PC-01
: >"$T/agent-PC-01.log"
JOURNAL_STREAM=$(journal_of "$T/agent-PC-01.log") start_agent PC-01
check "the agent's start is a notice" grep -q "^<5>seat PC-01, server 127.0.0.1:$PORT, control socket " "$T/agent-PC-01.log"
check "its connection too" \
	wait_until 20 grep -q "^<5>connected to the server at 127.0.0.1:$PORT as seat PC-01\$" "$T/agent-PC-01.log"
stop_agent PC-01
check "the agent's stop is a notice" grep -q '^<5>stopping (SIGTERM)$' "$T/agent-PC-01.log"
check "every agent line has a priority" bash -c "! grep -v -e '^<[3-7]>' '$T/agent-PC-01.log'"

printf '[agent]\nlog_level = chatty\n' >"$T/agent-bad.conf"
refused 2 "a bad log_level in agent.conf" env JOURNAL_STREAM="$(journal_of "$T/err")" \
	"$NETPONT_AGENT" --config "$T/agent-bad.conf" --seat PC-01
check "the agent names the levels, as an error" grep -q \
	"^<3>$T/agent-bad.conf:2: log_level in \[agent\] must be one of error, warning, notice, info, debug, not \"chatty\"" "$T/err"

printf '[agent]\nlog_level = warning\n' >"$T/agent-quiet.conf"
: >"$T/agent-PC-01.log"
start_agent PC-01 --config "$T/agent-quiet.conf"
wait_until 20 agent_connected PC-01
stop_agent PC-01
check "log_level = warning leaves out the agent's notices" \
	bash -c "! grep -q -e 'connected to the server' -e 'stopping' '$T/agent-PC-01.log'"

: >"$T/agent-PC-01.log"
LC_ALL=C.UTF-8 LANGUAGE=hu start_agent PC-01
check "the agent logs in Hungarian" \
	wait_until 20 grep -q "^netpont-agent: kapcsolódva a szerverhez (127.0.0.1:$PORT), gép: PC-01\$" "$T/agent-PC-01.log"
stop_agent PC-01
check "its stop too" grep -q '^netpont-agent: leállás (SIGTERM)$' "$T/agent-PC-01.log"
refused 2 "a usage error in Hungarian" env LC_ALL=C.UTF-8 LANGUAGE=hu "$NETPONT_AGENT" --ui kiosk
check "on one line, with the hint" \
	grep -qx "netpont-agent: a --ui értéke headless vagy gtk lehet, nem „kiosk”. Segítség: netpont-agent --help" "$T/err"

finish
