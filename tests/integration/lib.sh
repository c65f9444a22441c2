# Shared helpers for the end-to-end tests: real netpontd, real netpont-agent,
# real netpontctl, a real SQLite file, TLS over TCP on 127.0.0.1 only. Every
# wait is bounded; the EXIT trap stops every process the test started.
#
# Every client pins the server's certificate as in production: init_db puts
# its fingerprint in $FINGERPRINT, netpontctl gets it as NETPONT_FINGERPRINT
# and each agent as --server-fingerprint.
# shellcheck shell=bash
set -euo pipefail

: "${NETPONTD:?NETPONTD must name the netpontd binary}"
: "${NETPONT_AGENT:?NETPONT_AGENT must name the netpont-agent binary}"
: "${NETPONTCTL:?NETPONTCTL must name the netpontctl binary}"

export NETPONT_PWHASH=min     # fast Argon2id parameters for new secrets
export LC_ALL=C.UTF-8 LANGUAGE=
# The room's rules follow the local time of day (the room is open until
# 24:00, so a session started at 23:15 ends at midnight). Every program a
# test starts runs in a zone where it is now about noon, so a test gives the
# same result whenever it runs.
export TZ="NPT$((10#$(date -u +%H) - 12))"
unset NETPONT_SERVER NETPONT_USER NETPONT_PASSWORD NETPONT_NEW_PASSWORD NETPONT_FINGERPRINT

T=$(mktemp -d "${TMPDIR:-/tmp}/netpont-it.XXXXXX")
DB=$T/netpont.db
# netpontctl's known-servers stays inside the test's directory.
export XDG_CONFIG_HOME=$T/config
FINGERPRINT=
PORT=
SERVER_PID=
ADMIN_PASSWORD=admin-secret
declare -A AGENT_PID=()
# X clients a test started (start_openbox, windows under test): stopped first.
X_PIDS=()
FAILURES=0
CHECKS=0
VALGRIND=${NETPONT_VALGRIND:-}

log() { printf '# %s\n' "$*"; }

cleanup() {
	local rc=$?
	for pid in "${X_PIDS[@]}" "${AGENT_PID[@]}" $SERVER_PID; do
		kill "$pid" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	if [ "$rc" != 0 ] || [ "$FAILURES" != 0 ]; then
		echo "--- logs kept in $T"
		for f in "$T"/*.log; do
			[ -f "$f" ] || continue
			echo "--- $f (last 40 lines)"
			tail -n 40 "$f"
		done
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	FAILURES=$((FAILURES + 1))
}

# check DESCRIPTION COMMAND...: the command must succeed.
check() {
	local what=$1
	shift
	CHECKS=$((CHECKS + 1))
	if "$@"; then
		echo "ok - $what"
	else
		fail "$what"
	fi
}

# eq DESCRIPTION EXPECTED ACTUAL
eq() {
	CHECKS=$((CHECKS + 1))
	if [ "$2" == "$3" ]; then
		echo "ok - $1"
	else
		fail "$1: expected '$2', got '$3'"
	fi
}

# The end of every test: a summary line and the exit status.
finish() {
	echo "$((CHECKS - FAILURES)) passed, $FAILURES failed"
	[ "$FAILURES" = 0 ]
}

# wait_until TIMEOUT_S COMMAND...: polls every 0.1 s; false after the timeout.
wait_until() {
	local limit=$(($1 * 10))
	shift
	local i
	for ((i = 0; i < limit; i++)); do
		if "$@" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# start_openbox: openbox on $DISPLAY, a window manager that honours EWMH
# (docks and struts, maximizing, closing a window as a user does).
start_openbox() {
	openbox --sm-disable >"$T/openbox.log" 2>&1 &
	X_PIDS+=($!)
	wait_until 10 wmctrl -m || { echo "openbox did not start" >&2; return 1; }
}

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pick_port() {
	local p i
	for ((i = 0; i < 50; i++)); do
		# Below the kernel's ephemeral ports (32768-60999 on Debian): a
		# client socket of another program on the machine can never take it
		# between this check and netpontd's bind.
		p=$((20000 + RANDOM % 12000))
		if port_is_free "$p"; then
			PORT=$p
			return 0
		fi
	done
	echo "no free port found" >&2
	return 1
}

# ctl ARGS...: netpontctl as the admin (or CTL_USER / CTL_PASSWORD).
ctl() {
	NETPONT_PASSWORD=${CTL_PASSWORD:-$ADMIN_PASSWORD} \
		"$NETPONTCTL" --server "127.0.0.1:$PORT" --user "${CTL_USER:-admin}" "$@"
}
ctlj() { ctl --json "$@"; }

# as USER PASSWORD ARGS...: netpontctl as another staff member.
as() {
	local user=$1 pass=$2
	shift 2
	NETPONT_PASSWORD=$pass "$NETPONTCTL" --server "127.0.0.1:$PORT" --user "$user" "$@"
}

# refused EXPECTED_STATUS DESCRIPTION ARGS...: netpontctl must exit with the
# status and say why on stderr.
refused() {
	local want=$1 what=$2
	shift 2
	local rc=0
	"$@" >"$T/out" 2>"$T/err" || rc=$?
	CHECKS=$((CHECKS + 1))
	if [ "$rc" != "$want" ]; then
		fail "$what: exit $rc, expected $want (stderr: $(cat "$T/err"))"
	elif [ ! -s "$T/err" ]; then
		fail "$what: refused without saying why"
	else
		echo "ok - $what: $(head -c 200 "$T/err")"
	fi
}

# init_db [ARGS...]: a new database and its administrator; ARGS go to
# netpontd --init-admin (--site-language hu).
init_db() {
	NETPONT_PASSWORD=$ADMIN_PASSWORD "$NETPONTD" --db "$DB" --init-admin admin "$@" >"$T/init.log" 2>&1
	FINGERPRINT=$("$NETPONTD" --db "$DB" --fingerprint)
	export NETPONT_FINGERPRINT=$FINGERPRINT
}

start_server() {
	local picked='' _
	if [ -z "$PORT" ]; then
		pick_port
		picked=1
	fi
	for _ in 1 2 3 4 5; do
		local cmd=("$NETPONTD" --db "$DB" --listen "127.0.0.1:$PORT")
		if [ -n "$VALGRIND" ]; then
			cmd=(valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
				--log-file="$T/valgrind-server.%p.log" "${cmd[@]}")
		fi
		"${cmd[@]}" >>"$T/server.log" 2>&1 &
		SERVER_PID=$!
		wait_until 60 server_up_or_gone
		if kill -0 "$SERVER_PID" 2>/dev/null && ctl seat list >/dev/null 2>&1; then
			return 0
		fi
		# A port this call picked may have been taken in the meantime by
		# another test run on the machine (pick_port only saw it free): pick
		# another. A restart keeps its port, which the agents know.
		if [ -n "$picked" ] && ! kill -0 "$SERVER_PID" 2>/dev/null &&
			tail -n 1 "$T/server.log" | grep -q "address already in use"; then
			wait "$SERVER_PID" 2>/dev/null || true
			pick_port
			continue
		fi
		break
	done
	echo "netpontd did not start" >&2
	cat "$T/server.log" >&2
	return 1
}

# server_up_or_gone: netpontd answers, or its process has ended.
server_up_or_gone() {
	ctl seat list >/dev/null 2>&1 || ! kill -0 "$SERVER_PID" 2>/dev/null
}

# stop_server: SIGTERM and wait; the exit status must be 0 (valgrind: no errors).
stop_server() {
	kill -TERM "$SERVER_PID"
	local rc=0
	wait "$SERVER_PID" || rc=$?
	SERVER_PID=
	return $rc
}

# Opening hours around the clock, so the tests pass at any hour.
open_all_day() {
	ctl setting set open_time 00:00 >/dev/null
	ctl setting set close_time 24:00 >/dev/null
	ctl setting set open_days 1234567 >/dev/null
}

# add_seat NAME: enrols the seat; its token goes to $T/NAME.token.
add_seat() {
	ctl seat add "$1" >"$T/$1.add"
	tail -n 1 "$T/$1.add" >"$T/$1.token"
	[ -s "$T/$1.token" ]
}

# room_online NAME...: a new database and its server, open all day, with
# the named PCs enrolled and their agents started; returns once each PC is
# online and free.
room_online() {
	local name
	init_db
	start_server
	open_all_day
	for name in "$@"; do add_seat "$name"; done
	for name in "$@"; do start_agent "$name"; done
	for name in "$@"; do check "$name online" wait_until 20 seat_is "$name" free; done
}

# start_agent NAME [ARGS...]: a headless agent with its control socket at $T/NAME.sock.
start_agent() {
	local name=$1
	shift
	mkdir -p "$T/$name.state"
	local cmd=("$NETPONT_AGENT" --server "127.0.0.1:$PORT" --seat "$name" --token-file "$T/$name.token"
		--server-fingerprint "$FINGERPRINT" --ui headless --control "$T/$name.sock" --state-dir "$T/$name.state" "$@")
	# Without a --config of the test's own, an empty one: the agent would
	# otherwise read /etc/netpont/agent.conf, which the packages' test
	# installs for a while (its reset and end-session commands need systemd).
	if [[ " $* " != *" --config "* ]]; then
		: >"$T/agent-empty.conf"
		cmd+=(--config "$T/agent-empty.conf")
	fi
	if [ -n "$VALGRIND" ]; then
		cmd=(valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
			--log-file="$T/valgrind-agent-$name.%p.log" "${cmd[@]}")
	fi
	"${cmd[@]}" >>"$T/agent-$name.log" 2>&1 &
	AGENT_PID[$name]=$!
	wait_until 30 agent "$name" status || { echo "agent $name did not start" >&2; return 1; }
}

stop_agent() {
	local pid=${AGENT_PID[$1]}
	kill -TERM "$pid"
	local rc=0
	wait "$pid" || rc=$?
	unset "AGENT_PID[$1]"
	return $rc
}

# agent NAME ARGS...: netpontctl --agent on that seat's control socket.
agent() {
	local name=$1
	shift
	"$NETPONTCTL" --agent "$T/$name.sock" "$@"
}
agent_field() { agent "$1" --json status | jq -r ".$2"; }
agent_is() { [ "$(agent_field "$1" state)" == "$2" ]; }
agent_connected() { [ "$(agent_field "$1" connected)" == "true" ]; }

seat_field() { ctlj seat list | jq -r --arg n "$1" ".[] | select(.name == \$n) | .$2"; }
seat_is() { [ "$(seat_field "$1" state)" == "$2" ]; }

# db_state: the rows a refused request must leave as they were. (A wrong PIN
# may only count itself in residents.failed_pins, checked on its own.)
db_state() {
	sqlite3 "$DB" <<'SQL'
SELECT 'staff', id, name, role, disabled FROM staff ORDER BY id;
SELECT 'seat', id, name, out_of_order, message FROM seats ORDER BY id;
SELECT 'resident', id, login, name, category_id, note FROM residents ORDER BY id;
SELECT 'session', id, seat_id, resident_id, started_at, ends_at, ended_at, end_reason FROM sessions ORDER BY id;
SELECT 'help', id, seat_id, raised_at, acknowledged_at, resolved_at FROM help_calls ORDER BY id;
SELECT 'tariff', service, price, per_minutes, label FROM tariffs ORDER BY service;
SELECT 'category', id, name, percent, label FROM categories ORDER BY id;
SELECT 'shift', id, staff_id, ended_at, counted FROM shifts ORDER BY id;
SELECT 'ledger', id, kind, resident_id, service, qty, amount FROM ledger ORDER BY id;
SELECT 'setting', key, value FROM settings ORDER BY key;
SQL
}
