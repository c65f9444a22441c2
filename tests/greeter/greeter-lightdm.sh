#!/usr/bin/env bash
# netpont-greeter end to end, as LightDM runs it: real netpontd and
# netpont-agent over TLS on 127.0.0.1, LightDM in test mode with a nested
# Xephyr display inside the Xvfb of xvfb-run, netpont-greeter as its
# greeter, and a throwaway public account whose "desktop session" writes a
# marker file (its uid and the time) and sleeps. The resident's keys go into
# the greeter's real window with xdotool.
#
#   a wrong PIN        → no session (no marker), the greeter still shows
#   the right PIN      → the agent holds a lease, LightDM logs the public
#                        account in through autologin and the marker appears
#                        with that account's uid
#   a mentor ends it   → the agent ends the public account's session (its
#                        processes go), LightDM shows the greeter again with
#                        the goodbye page, then the login form
#   the session ends   → LightDM starts the greeter again, which ends the
#                        lease that still ran; nothing starts by itself
#   a session LightDM cannot start → the greeter ends the lease at once
#   no autologin-user  → a sentence for the administrator, no login form
#
# Screenshots of the nested display go to $NETPONT_BUILD_DIR/screenshots/.
# Needs root (LightDM starts the session as another user, and the test
# creates that user) and lightdm, Xephyr, xdotool and scrot: exit 77 without.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: LightDM starts sessions as another user only as root"
	exit 77
fi
for tool in lightdm Xephyr xdotool scrot dbus-daemon useradd; do
	if ! PATH=$PATH:/usr/sbin:/sbin command -v "$tool" >/dev/null; then
		echo "SKIP: $tool is not installed"
		exit 77
	fi
done
: "${DISPLAY:?run under xvfb-run: Xephyr needs an X display to open its window on}"
: "${NETPONT_BUILD_DIR:?NETPONT_BUILD_DIR must name the build folder}"
GREETER=$NETPONT_BUILD_DIR/bin/netpont-greeter

# shellcheck source=../integration/lib.sh
. "$NETPONT_SOURCE_DIR/tests/integration/lib.sh"

# The account is this run's own (its process id in the name): two runs at
# the same moment, from two build folders, never delete each other's.
PUBLIC_USER=netpont-test-$$
LIGHTDM_PID=
DBUS_PID=
NESTED= # the greeter's display number, from the X authority LightDM writes
SHOTS=$NETPONT_BUILD_DIR/screenshots
L=$T/lightdm

# lib.sh's cleanup, after what only this test starts. (lib.sh sets -e:
# nothing here may fail.)
greeter_cleanup() {
	local rc=$?
	if [ "$rc" != 0 ] || [ "$FAILURES" != 0 ]; then
		if [ -f "$T/greeters.log" ]; then
			echo "--- $T/greeters.log"
			cat "$T/greeters.log"
		fi
	fi
	if [ -n "$LIGHTDM_PID" ]; then
		stop_lightdm
	fi
	if [ -n "$DBUS_PID" ]; then
		kill -TERM "$DBUS_PID" 2>/dev/null || true
	fi
	if id "$PUBLIC_USER" >/dev/null 2>&1; then
		for pid in $(pgrep -u "$PUBLIC_USER" || true); do
			kill -KILL "$pid" 2>/dev/null || true
		done
		userdel "$PUBLIC_USER" 2>/dev/null || true
		# LightDM made the account a shared data folder.
		rm -rf "/var/lib/lightdm-data/$PUBLIC_USER"
	fi
	if [ "$rc" != 0 ]; then
		# lib.sh's cleanup keeps the logs of a failed test.
		FAILURES=$((FAILURES + 1))
	fi
	cleanup
}
trap greeter_cleanup EXIT

# --- the site: server, resident, seat, agent ---------------------------------

init_db
start_server
open_all_day
NETPONT_PIN=1234 ctl resident add kovacs --name "Kovács Mária" >/dev/null
add_seat PC-01

# LightDM runs the greeter as its user "lightdm" and the session as the
# public account: both walk through $T.
chmod 0755 "$T"
cat >"$T/agent.conf" <<CONF
[agent]
control_group = lightdm
[session]
public_user = $PUBLIC_USER
CONF
start_agent PC-01 --config "$T/agent.conf"
check "the agent reaches the server" wait_until 30 agent_connected PC-01

# --- the public account and LightDM ------------------------------------------

# The account is the test's own: one left by a run that was killed goes.
if id "$PUBLIC_USER" >/dev/null 2>&1; then
	userdel "$PUBLIC_USER"
fi
check "the public account is created" \
	useradd --create-home --home-dir "$T/home" --shell /bin/sh "$PUBLIC_USER"
PUBLIC_UID=$(id -u "$PUBLIC_USER")
PUBLIC_HOME=$T/home

mkdir -p "$L/run" "$L/cache" "$L/log" "$L/bin" "$L/xgreeters" "$L/sessions" "$SHOTS"
# LightDM's test mode runs "Xephyr" with the arguments of an X server on a
# VT; Xephyr takes no vtN.
cat >"$L/bin/Xephyr" <<'SH'
#!/bin/sh
for a in "$@"; do
	shift
	case $a in vt*) ;; *) set -- "$@" "$a" ;; esac
done
exec /usr/bin/Xephyr -screen 1280x800 "$@"
SH
chmod 0755 "$L/bin/Xephyr"

# Without systemd, the greeter has no session bus, and GLib would start one
# by X11 autolaunch that outlives the test: the greeter runs without one
# (GApplication then works without D-Bus) and without the accessibility bus
# (tests/lock checks the accessible tree).
# write_greeter_entry [ARGS...]: the greeter LightDM starts, with more arguments.
write_greeter_entry() {
	cat >"$L/xgreeters/netpont-greeter.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=Netpont greeter (test)
Exec=$L/greeter.sh env DBUS_SESSION_BUS_ADDRESS=disabled: NO_AT_BRIDGE=1 GTK_A11Y=none $GREETER --control $T/PC-01.sock $*
DESKTOP
}
# LightDM keeps one old greeter log (seat0-greeter.log.old) and each greeter
# it starts pushes the oldest out; every greeter of the run writes here too,
# so what any of them said can be read at the end.
cat >"$L/greeter.sh" <<SH
#!/bin/sh
echo "--- a greeter starts (pid \$\$, \$(date +%T.%N))" >>"$T/greeters.log"
exec "\$@" 2>>"$T/greeters.log"
SH
chmod 0755 "$L/greeter.sh"
# The greeters run as LightDM's user "lightdm".
install -m 0666 /dev/null "$T/greeters.log"
write_greeter_entry

# The public account's "desktop": it says who it runs as and when, and stays.
cat >"$L/session.sh" <<'SH'
#!/bin/sh
echo "$(id -u) $(date +%s)" >"$HOME/marker.new" && mv "$HOME/marker.new" "$HOME/marker"
exec sleep 3600
SH
chmod 0755 "$L/session.sh"
cat >"$L/sessions/netpont-test.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=Netpont test session
Exec=$L/session.sh
DESKTOP

# The shipped snippet, with the test's account, session and folders.
sed -e "s/^autologin-user=.*/autologin-user=$PUBLIC_USER/" \
	-e "s/^#autologin-session=.*/autologin-session=netpont-test/" \
	"$NETPONT_SOURCE_DIR/packaging/lightdm/50-netpont.conf" >"$L/lightdm.conf"
# The session runs as it is, without Debian's /etc/X11/Xsession around it.
cat >>"$L/lightdm.conf" <<CONF
session-wrapper=/usr/bin/env
[LightDM]
run-directory=$L/run
cache-directory=$L/cache
log-directory=$L/log
minimum-display-number=95
greeters-directory=$L/xgreeters
sessions-directory=$L/sessions
CONF
check "the snippet asks for netpont-greeter" grep -q '^greeter-session=netpont-greeter$' "$L/lightdm.conf"
check "the snippet never autologins by itself" grep -Eq '^autologin-user-timeout=[1-9][0-9]*$' "$L/lightdm.conf"

# LightDM wants a system bus; a private one stands in for it.
DBUS_ADDRESS=unix:path=$L/bus
dbus-daemon --session --fork --address="$DBUS_ADDRESS" --print-pid=1 >"$L/dbus.pid"
DBUS_PID=$(cat "$L/dbus.pid")

start_lightdm() {
	PATH="$L/bin:$PATH:/usr/sbin" DBUS_SYSTEM_BUS_ADDRESS=$DBUS_ADDRESS \
		DBUS_SESSION_BUS_ADDRESS=$DBUS_ADDRESS \
		lightdm --test-mode -d -c "$L/lightdm.conf" >>"$T/lightdm.log" 2>&1 &
	LIGHTDM_PID=$!
}
# LightDM stops its X servers, greeter and session as it ends.
stop_lightdm() {
	kill -TERM "$LIGHTDM_PID" 2>/dev/null || true
	wait_until 15 bash -c "! kill -0 $LIGHTDM_PID" || true
	LIGHTDM_PID=
}
start_lightdm

# The nested display: LightDM takes the first free number from 95 on and
# writes the X server's authority to run/root/:N.
nested_auth() { ls -d "$L"/run/root/:* 2>/dev/null | head -n 1; }
# X clients get 10 s: while LightDM swaps X servers one could wait for ever.
x() { DISPLAY=:$NESTED XAUTHORITY=$L/run/root/:$NESTED timeout 10 "$@"; }
greeter_window() { x xdotool search --onlyvisible --class netpont 2>/dev/null | head -n 1; }
shot() {
	check "screenshot $1" x scrot -o "$SHOTS/greeter-lightdm-$1.png"
	echo "# screenshot: $SHOTS/greeter-lightdm-$1.png"
}
greeter_gone() { [ -z "$(greeter_window || true)" ]; }
# What the greeters said, the one running now and the ones before.
greeter_said() { grep -qF "$1" "$T/greeters.log" 2>/dev/null; }
# The goodbye page after a session hides the form for 15 s; the agent drops
# the summary 20 s after the end, so the form shows once it is gone.
form_ready() { [ "$(agent_field PC-01 last_session)" = null ]; }

# wait_for_greeter: LightDM has started the greeter's display and window.
wait_for_greeter() {
	check "LightDM starts its X server" wait_until 60 nested_auth
	NESTED=$(basename "$(nested_auth)" | tr -d :) || true
	check "the greeter's window shows in the nested display" wait_until 60 greeter_window
}
wait_for_greeter
WIN=$(greeter_window) || true
if [ -z "$WIN" ]; then
	finish
	exit
fi
eq "the greeter covers the nested screen" "1280x800" \
	"$(x xwininfo -id "$WIN" | awk '/Width:/ {w=$2} /Height:/ {h=$2} END {print w "x" h}')"
sleep 2 # the first frame is drawn
shot login

# --- a wrong PIN: no session -------------------------------------------------

# As a resident types: the focus starts in the login name; after a wrong
# PIN it waits in the emptied PIN field.
type_keys() {
	x xdotool type --delay 40 "$1"
	x xdotool key "$2"
}
type_keys kovacs Tab
type_keys 9999 Return
failed_pins() { [ "$(sqlite3 "$DB" "SELECT failed_pins FROM residents WHERE login = 'kovacs'")" = "$1" ]; }
check "the wrong PIN reaches the server" wait_until 15 failed_pins 1
sleep 3
shot wrong-pin
check "no session starts after a wrong PIN" test ! -e "$PUBLIC_HOME/marker"
eq "the PC stays locked" locked "$(agent_field PC-01 state)"

# --- the right PIN: the public account's session starts ----------------------

type_keys 1234 Return
check "the agent holds a lease" wait_until 15 agent_is PC-01 unlocked
check "the session starts within 20 s" wait_until 20 test -s "$PUBLIC_HOME/marker"
eq "the session runs as the public account" "$PUBLIC_UID" "$(cut -d' ' -f1 "$PUBLIC_HOME/marker" 2>/dev/null || true)"
check "LightDM logged the account in through autologin" \
	grep -q "Started with service 'lightdm-autologin', username '$PUBLIC_USER'" "$T/lightdm.log"
check "LightDM started the test session" grep -q "Greeter requests session netpont-test" "$T/lightdm.log"
eq "the server has the session on PC-01" kovacs "$(seat_field PC-01 resident)"
eq "one session was started" 1 "$(grep -c "Greeter requests session" "$T/lightdm.log")"
check "the greeter says why it logged the account in" \
	greeter_said "the agent granted a session; logging $PUBLIC_USER in"
check "the greeter is gone from the screen" wait_until 10 greeter_gone
shot session

# --- a mentor ends the session: the agent ends the desktop session -----------
# The agent owns the truth on the PC: once the lease is over it terminates
# the public account's session, and LightDM returns to the greeter.

check "a mentor ends the session" ctl session end PC-01
check "the agent ends the public account's processes within 10 s" \
	wait_until 10 bash -c "! pgrep -u $PUBLIC_USER >/dev/null"
check "the greeter is back after the mentor's end" wait_until 30 greeter_window
check "the agent keeps the session's summary for the goodbye page" \
	bash -c "[ \"\$1\" != null ]" _ "$(agent_field PC-01 last_session.cost)"
eq "the summary names the resident" "Kovács Mária" "$(agent_field PC-01 last_session.resident_name)"
sleep 2
shot goodbye
check "the login form comes back after the goodbye page" wait_until 30 form_ready
rm -f "$PUBLIC_HOME/marker"
sleep 2
type_keys kovacs Tab
type_keys 1234 Return
check "the resident logs in again" wait_until 15 agent_is PC-01 unlocked
check "the second session starts" wait_until 20 test -s "$PUBLIC_HOME/marker"

# --- the desktop session ends while the lease runs ---------------------------
# (The resident logged out of the desktop, or it crashed.) LightDM starts the
# greeter again; the greeter finds the lease running and has the agent end
# it, so the clock stops and nothing starts the session by itself.

SESSION_PID=$(pgrep -u "$PUBLIC_USER" -x sleep | head -n 1) || true
check "the session's process runs as the public account" test -n "$SESSION_PID"
if [ -n "$SESSION_PID" ]; then
	kill -TERM "$SESSION_PID"
fi
check "the greeter is back" wait_until 30 greeter_window
check "the greeter ends the lease" wait_until 15 agent_is PC-01 locked
check "the server frees PC-01" wait_until 15 seat_is PC-01 free
eq "no session was started again" 2 "$(grep -c "Greeter requests session" "$T/lightdm.log")"
check "the greeter says why it ended the lease" \
	wait_until 10 greeter_said "the public session ended while its lease ran"
sleep 2
shot session-ended

# --- a granted session that cannot start ends at once ------------------------
# The greeter names a session LightDM does not have: LightDM refuses to start
# it, and the greeter has the agent end the lease it had just granted.

stop_lightdm
write_greeter_entry --session no-such-session
rm -f "$PUBLIC_HOME/marker"
start_lightdm
wait_for_greeter
check "the login form is back" wait_until 30 form_ready
sleep 1
type_keys kovacs Tab
type_keys 1234 Return
check "LightDM is asked for the missing session" \
	wait_until 20 grep -q "Greeter requests session no-such-session" "$T/lightdm.log"
check "the greeter tells the agent to end the lease" \
	wait_until 15 greeter_said "asking the agent to end the session"
check "the lease ends" wait_until 15 agent_is PC-01 locked
check "the server frees PC-01" wait_until 15 seat_is PC-01 free
check "no session ran" test ! -e "$PUBLIC_HOME/marker"
eq "both sessions of the day are over" 0 \
	"$(sqlite3 "$DB" "SELECT count(*) FROM sessions WHERE ended_at IS NULL")"
check "the greeter stays" greeter_window
sleep 1
shot start-failed

# --- LightDM without an autologin-user ---------------------------------------
# No session could ever start: the greeter says so instead of taking logins.

stop_lightdm
write_greeter_entry
# Set empty rather than deleted: LightDM reads the system's snippets (as
# /usr/share/lightdm/lightdm.conf.d/50-netpont.conf of an installed
# netpont-agent) even with -c, and an empty value here overrides theirs.
sed -i -e 's/^autologin-user=.*/autologin-user=/' "$L/lightdm.conf"
start_lightdm
wait_for_greeter
check "the greeter tells the administrator" \
	wait_until 15 greeter_said "LightDM has no autologin-user, so no session can start"
sleep 1
shot no-autologin

finish
