#!/usr/bin/env bash
# The time bar as the resident meets it: a real netpontd, a real
# netpont-agent with [bar] enabled, which starts the real netpont-bar when a
# session begins, on an X display (run under xvfb-run) with openbox, a window
# manager that honours EWMH. Checks that a maximised window ends where the
# bar begins, that the bar is a dock without decorations, that after
# `kill -9` the agent has it back within a second and the time left is what
# it was, and that it goes away when the session ends; and, as the service
# runs it, an unprivileged agent's bar that the resident cannot kill.
# Screenshots go to
# $NETPONT_BUILD_DIR/screenshots/bar-*.png.
#   bar-dock.sh X11_SHOT
# shellcheck source=../integration/lib.sh
. "$NETPONT_SOURCE_DIR/tests/integration/lib.sh"

SHOT=$1
: "${NETPONT_BAR:?NETPONT_BAR must name the netpont-bar binary}"
export NETPONT_BAR
SHOTS=$NETPONT_BUILD_DIR/screenshots
mkdir -p "$SHOTS"
[ -n "${DISPLAY:-}" ] || { echo "SKIP: no X display (run under xvfb-run)"; exit 77; }
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

start_openbox || exit 1

# The bar's X window: the one whose WM_CLASS is netpont-bar's application id.
bar_window() { xdotool search --onlyvisible --classname '^netpont-bar$' 2>/dev/null | head -n 1; }
# The running netpont-bar of this test's agent, from /proc (no procps
# needed), in two grep runs so that polling stays fast. The last character
# in brackets keeps grep's own command line from matching.
bar_pid() {
	local pattern="^${NETPONT_BAR%?}[${NETPONT_BAR: -1}]"
	# Processes come and go while grep reads /proc: its status says nothing.
	{ grep -l -a -s -e "$pattern" /proc/[0-9]*/cmdline || true; } |
		{ xargs -r grep -l -a -s -F -e "${BAR_SOCK:-$T/PC-01.sock}" || true; } | head -n 1 | cut -d/ -f3
}
uid_of() { stat -c %u "/proc/$1"; }
has_bar() { [ -n "$(bar_window)" ]; }
no_bar() { [ -z "$(bar_window)" ] && [ -z "$(bar_pid)" ]; }

# geometry WINDOW: "X Y WIDTH HEIGHT" of the window on the screen.
geometry() {
	xwininfo -id "$1" | awk '/Absolute upper-left X/ {x=$NF} /Absolute upper-left Y/ {y=$NF}
		/^ *Width/ {w=$NF} /^ *Height/ {h=$NF} END {print x, y, w, h}'
}

quiet() { "$@" >/dev/null; }

shot() {
	sleep 0.6 # one more frame of every window
	"$SHOT" "$SHOTS/$1" && echo "# screenshot: $SHOTS/$1"
}

init_db
start_server
open_all_day
add_seat PC-01
ctl resident add kovacs --name "Kovács Mária" --pin 1234 >/dev/null
NETPONT_NEW_PASSWORD=dora-pass ctl staff add Dóra --role mentor >/dev/null

# start_bar_agent LANGUAGE [USER [XAUTHORITY [GROUP]]]: the agent with the bar
# enabled, run as USER (default: ourselves).
start_bar_agent() {
	local lang=$1 user=${2:-$(id -u)} xauth=${3:-${XAUTHORITY:-}} group=${4:-}
	cat >"$T/agent.conf" <<CONF
[agent]
language = $lang
${group:+control_group = $group}
[bar]
enabled = yes
edge = top
display = $DISPLAY
${xauth:+xauthority = $xauth}
public_user = $user
CONF
	start_agent PC-01 --config "$T/agent.conf"
}
start_bar_agent en
check "the agent reaches the server" wait_until 20 agent_connected PC-01
check "no bar while the PC is locked" no_bar

# A window a resident maximises (any normal X client will do).
xmessage -name npmax -geometry 600x300+200+300 "A resident's window, maximised." &
X_PIDS+=($!)
wait_until 10 xdotool search --classname '^npmax$'
MAX_WIN=$(xdotool search --classname '^npmax$' | head -n 1)
wmctrl -i -r "$MAX_WIN" -b add,maximized_vert,maximized_horz

check "Mrs Kovács logs in" quiet agent PC-01 login kovacs 1234
check "the agent starts the bar when the session begins" wait_until 10 has_bar
sleep 1 # the dock settles and the window manager moves the maximised window
BAR=$(bar_window)
read -r BX BY BW BH < <(geometry "$BAR")
read -r MX MY MW MH < <(geometry "$MAX_WIN")
SCREEN_W=$(xwininfo -root | awk '/^ *Width/ {print $NF}')
log "bar: $BX,$BY ${BW}x$BH; maximised window: $MX,$MY ${MW}x$MH; screen width $SCREEN_W"
eq "the bar is at the top edge" "0 0" "$BX $BY"
eq "the bar spans the screen's width" "$SCREEN_W" "$BW"
check "the bar is a thin strip (under 120 px)" test "$BH" -gt 20 -a "$BH" -lt 120
# The maximised window's content starts below its title bar, which starts
# where the bar ends.
FRAME_TOP=$(xprop -id "$MAX_WIN" _NET_FRAME_EXTENTS | awk -F'[=,]' '{print $4+0}')
eq "the maximised window (with its title bar) begins where the bar ends" "$((BY + BH))" "$((MY - FRAME_TOP))"
check "the maximised window does not reach over the bar" test "$((MY - FRAME_TOP))" -ge "$((BY + BH))"

TYPE=$(xprop -id "$BAR" _NET_WM_WINDOW_TYPE)
check "the bar is a dock ($TYPE)" grep -q '_NET_WM_WINDOW_TYPE_DOCK' <<<"$TYPE"
STRUT=$(xprop -id "$BAR" _NET_WM_STRUT_PARTIAL)
eq "its strut keeps the top $BH px free across the screen" \
	"_NET_WM_STRUT_PARTIAL(CARDINAL) = 0, 0, $BH, 0, 0, 0, 0, 0, 0, $((BW - 1)), 0, 0" "$STRUT"
FRAME=$(xprop -id "$BAR" _NET_FRAME_EXTENTS 2>/dev/null || true)
check "the bar has no decorations (frame: ${FRAME:-none})" \
	bash -c "[[ '$FRAME' != *=* ]] || [[ '$FRAME' == *'= 0, 0, 0, 0' ]]"
ACTIONS=$(xprop -id "$BAR" _NET_WM_ALLOWED_ACTIONS)
check "the bar cannot be minimised ($ACTIONS)" bash -c "[[ '$ACTIONS' != *MINIMIZE* ]]"
DESKTOP=$(xprop -id "$BAR" _NET_WM_DESKTOP)
eq "the bar is on every desktop" "_NET_WM_DESKTOP(CARDINAL) = 4294967295" "$DESKTOP"
STATE=$(xprop -id "$BAR" _NET_WM_STATE)
check "the bar stays above ($STATE)" grep -q '_NET_WM_STATE_ABOVE' <<<"$STATE"
shot bar-real-over-maximised-en.png

# What a screen reader hears: each control of the bar has one name.
names_checked() {
	if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] && /usr/bin/python3 -c 'import pyatspi' 2>/dev/null; then
		check "every control of the bar has one accessible name ($1)" \
			/usr/bin/python3 "$NETPONT_SOURCE_DIR/tests/a11y/atspi-names.py" netpont-bar
	else
		log "no session bus or python3-pyatspi: the accessible names are not checked"
	fi
}
names_checked "a session"

# kill -9: the agent has the bar back within a second, and the time is the
# agent's.
LEFT_BEFORE=$(agent_field PC-01 remaining_s)
OLD_PID=$(bar_pid)
kill -9 "$OLD_PID"
START=$(date +%s%N)
restarted() { local p; p=$(bar_pid); [ -n "$p" ] && [ "$p" != "$OLD_PID" ]; }
back() { restarted && has_bar; }
wait_until 5 restarted || true
PROC_MS=$((($(date +%s%N) - START) / 1000000))
wait_until 5 back || true
MS=$((($(date +%s%N) - START) / 1000000))
log "after kill -9: a new netpont-bar after $PROC_MS ms, its window after $MS ms"
check "after kill -9 the agent starts the bar again within a second ($PROC_MS ms)" test "$PROC_MS" -le 1000
# GTK takes longer to start under AddressSanitizer: the window's bound is
# WINDOW_BOUND_MS there (set by CMake for sanitizer builds).
BOUND=${WINDOW_BOUND_MS:-1500}
check "and its window is back within $BOUND ms ($MS ms)" test "$MS" -le "$BOUND"
LEFT_AFTER=$(agent_field PC-01 remaining_s)
check "killing the bar changed nothing about the time ($LEFT_BEFORE s, then $LEFT_AFTER s)" \
	test "$((LEFT_BEFORE - LEFT_AFTER))" -ge 0 -a "$((LEFT_BEFORE - LEFT_AFTER))" -le 3
check "still unlocked" agent_is PC-01 unlocked
# A crash loop is not a busy loop: ten kills in a row, the bar keeps coming back.
for _ in 1 2 3 4 5; do
	kill -9 "$(bar_pid)" 2>/dev/null || true
	sleep 0.3
done
check "the bar is back after a kill loop" wait_until 3 has_bar

# The help call and a mentor on the way, as the bar shows them.
check "she calls a mentor" quiet agent PC-01 help "The printer does not print."
sleep 1.5
shot bar-real-called-en.png
names_checked "a help call"
# The help state takes two lines: the bar grows, and its strut with it.
read -r BX BY BW BH < <(geometry "$(bar_window)")
read -r MX MY MW MH < <(geometry "$MAX_WIN")
eq "with a taller bar ($BH px) the maximised window still begins where it ends" \
	"$((BY + BH))" "$((MY - FRAME_TOP))"
HELP_ID=$(agent_field PC-01 help_id)
check "Dóra answers call $HELP_ID" quiet as Dóra dora-pass help ack "$HELP_ID"
sleep 1.5
shot bar-real-coming-en.png

# "End my session" (the bar's last button, at its right end) asks first,
# saying that the files on this PC will be deleted.
xdotool mousemove $((BX + BW - 60)) $((BY + BH / 2)) click 1
# The question is a second window of netpont-bar's.
end_dialog() { [ "$(xdotool search --onlyvisible --classname '^netpont-bar$' | wc -l)" -ge 2 ]; }
check "End my session opens the confirmation" wait_until 5 end_dialog
shot bar-real-end-question-en.png
xdotool key Escape
sleep 1
check "Escape keeps the session" agent_is PC-01 unlocked

# The session ends: the bar goes.
check "she ends her session" quiet agent PC-01 logout
check "the bar goes when the session ends" wait_until 5 no_bar

# A session of a little over five minutes: the real 5-minute warning.
check "a mentor gives her 5 minutes" quiet ctl session start PC-01 --resident kovacs --minutes 5.05
check "a new session brings the bar back" wait_until 10 has_bar
sleep 4
shot bar-real-5min-en.png
check "a mentor ends the session" quiet ctl session end PC-01
check "the bar goes when a mentor ends the session" wait_until 5 no_bar

# In Hungarian: the agent's language is the bar's first language.
stop_agent PC-01
start_bar_agent hu
check "a mentor gives her a minute" quiet ctl session start PC-01 --resident kovacs --minutes 1.05
check "the Hungarian bar starts" wait_until 10 has_bar
sleep 4
shot bar-real-1min-hu.png
check "a mentor ends the session" quiet ctl session end PC-01
check "the bar goes at the end" wait_until 5 no_bar

# A resident who logs in on a Hungarian greeter gets a Hungarian bar, although
# the agent's own language is English.
bar_language() { tr '\0' ' ' <"/proc/$(bar_pid)/cmdline" | grep -o -e '--language [a-z]*'; }
eq "Mrs Kovács logs in on a Hungarian screen" ok \
	"$(python3 "$NETPONT_SOURCE_DIR/tests/integration/control-client.py" "$T/PC-01.sock" login kovacs 1234 hu)"
check "the bar comes for her" wait_until 10 has_bar
eq "the bar starts in the language she logged in with" "--language hu" "$(bar_language)"
check "a mentor ends the session" quiet ctl session end PC-01
check "the bar goes at the end" wait_until 5 no_bar

# As root (the agent on a real PC) the bar runs as the public account, not
# as root: here a made-up uid, with the control socket's group and a copy of
# the display's authority it may read.
if [ "$(id -u)" = 0 ] && getent group nogroup >/dev/null; then
	stop_agent PC-01
	PUBLIC_UID=61234
	chmod 755 "$T"
	if [ -n "${XAUTHORITY:-}" ]; then
		cp "$XAUTHORITY" "$T/public.xauthority"
		chown "$PUBLIC_UID" "$T/public.xauthority"
	fi
	start_bar_agent en "$PUBLIC_UID" "${XAUTHORITY:+$T/public.xauthority}" nogroup
	check "a mentor gives her 30 minutes" quiet ctl session start PC-01 --resident kovacs --minutes 30
	check "as root, the agent starts the bar for the public account" wait_until 10 has_bar
	eq "the bar runs as the public account's uid" "$PUBLIC_UID" "$(uid_of "$(bar_pid)")"
	OLD_PID=$(bar_pid)
	kill -9 "$OLD_PID"
	check "and comes back as it after kill -9" wait_until 2 back
	eq "still as the public account" "$PUBLIC_UID" "$(uid_of "$(bar_pid)")"
	shot bar-real-as-public-user-en.png
	check "a mentor ends the session" quiet ctl session end PC-01
	check "the bar goes at the end" wait_until 5 no_bar
else
	log "not root: the bar runs as the agent's own user (the public-account case needs root)"
fi

# As netpont-agent.service runs it: the agent unprivileged (here the system
# user nobody, as the service's _netpont-agent) runs the bar as itself, let
# onto the display by `xhost +si:localuser:` as LightDM's setup scripts do
# (it has no X authority of its own). The public account (a spare uid)
# cannot kill another user's bar; killed by root, it is back within a
# second, again as the agent's user.
if [ "$(id -u)" = 0 ] && command -v xhost >/dev/null && getent passwd nobody >/dev/null; then
	stop_agent PC-01
	AGENT_USER=nobody
	AGENT_UID=$(id -u $AGENT_USER)
	PUBLIC_UID=61235
	chmod 711 "$T"
	mkdir -p "$T/svc-run" "$T/svc-home"
	chown "$AGENT_UID" "$T/svc-run" "$T/svc-home" "$T/PC-01.state"
	chmod 644 "$T/PC-01.token"
	ln -sf "$T/svc-run/agent.sock" "$T/PC-01.sock"
	BAR_SOCK=$T/svc-run/agent.sock # in the bar's command line
	cat >"$T/agent.conf" <<CONF
[agent]
language = en
[bar]
enabled = yes
edge = top
display = $DISPLAY
CONF
	check "LightDM's setup script lets the agent's user onto the display" \
		quiet xhost +si:localuser:$AGENT_USER
	env -u XAUTHORITY -u XDG_RUNTIME_DIR HOME="$T/svc-home" \
		setpriv --reuid=$AGENT_UID --regid="$(id -g $AGENT_USER)" --clear-groups \
		"$NETPONT_AGENT" --server "127.0.0.1:$PORT" --seat PC-01 --token-file "$T/PC-01.token" \
		--server-fingerprint "$FINGERPRINT" --ui headless --control "$T/svc-run/agent.sock" \
		--state-dir "$T/PC-01.state" --config "$T/agent.conf" >>"$T/agent-PC-01.log" 2>&1 &
	AGENT_PID[PC-01]=$!
	check "the unprivileged agent starts" wait_until 20 agent PC-01 status
	check "a mentor gives her 30 minutes" quiet ctl session start PC-01 --resident kovacs --minutes 30
	check "the unprivileged agent starts the bar" wait_until 10 has_bar
	eq "the bar runs as the agent's own user" "$AGENT_UID" "$(uid_of "$(bar_pid)")"
	OLD_PID=$(bar_pid)
	check "the public account cannot kill it" \
		bash -c "! setpriv --reuid=$PUBLIC_UID --regid=$PUBLIC_UID --clear-groups kill -9 $OLD_PID 2>/dev/null"
	check "so the bar still runs" kill -0 "$OLD_PID"
	kill -9 "$OLD_PID"
	START=$(date +%s%N)
	wait_until 5 restarted || true
	PROC_MS=$((($(date +%s%N) - START) / 1000000))
	check "killed anyway, it is started again within a second ($PROC_MS ms)" test "$PROC_MS" -le 1000
	check "and its window comes back" wait_until 3 back
	eq "again as the agent's own user" "$AGENT_UID" "$(uid_of "$(bar_pid)")"
	shot bar-real-as-agent-user-en.png
	check "a mentor ends the session" quiet ctl session end PC-01
	check "the bar goes at the end" wait_until 5 no_bar
	xhost -si:localuser:$AGENT_USER >/dev/null
else
	log "not root or no xhost: the bar of an unprivileged agent is not checked here"
fi

finish
