#!/usr/bin/env bash
# netpont-console as a desktop application, the real program on an X display
# (run under xvfb-run and with-atspi.sh) with openbox as the window manager,
# read and driven over AT-SPI (console-desktop.py):
#   - signed in to a real netpontd, resized and closed, it opens again at
#     that size with the server and name filled in; the password is nowhere
#     in its settings; maximized and closed, it opens maximized;
#   - the main menu's "About Netpont Console" shows the name and the version;
#   - without its settings schema it still starts, signs in and remembers
#     nothing.
# Screenshots: $NETPONT_BUILD_DIR/tests/console/screenshots/desktop-*.png.
#   console-desktop.sh X11_SHOT VERSION
# GSETTINGS_SCHEMA_DIR names the schema compiled in the build tree.
# shellcheck source=../integration/lib.sh
. "$NETPONT_SOURCE_DIR/tests/integration/lib.sh"

SHOT=$1
VERSION=$2
: "${NETPONT_CONSOLE:?NETPONT_CONSOLE must name the netpont-console binary}"
: "${GSETTINGS_SCHEMA_DIR:?GSETTINGS_SCHEMA_DIR must name the compiled schema}"
[ -n "${DISPLAY:-}" ] || { echo "SKIP: no X display (run under xvfb-run)"; exit 77; }
DRIVE=("${PYTHON:-/usr/bin/python3}" "$NETPONT_SOURCE_DIR/tests/console/console-desktop.py")
SHOTS=$NETPONT_BUILD_DIR/tests/console/screenshots
mkdir -p "$SHOTS"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale
export GDK_BACKEND=x11 GSK_RENDERER=cairo
# The settings go to a plain file in the test's own config directory
# ($XDG_CONFIG_HOME is $T/config, lib.sh).
export GSETTINGS_BACKEND=keyfile
KEYFILE=$XDG_CONFIG_HOME/glib-2.0/settings/keyfile
MENTOR_PASSWORD=dora-secret-7

CONSOLE_PID=
start_openbox || exit 1

init_db
start_server
NETPONT_NEW_PASSWORD=$MENTOR_PASSWORD ctl staff add dora --role mentor >/dev/null
# A PC for the bookings' day view to show a row of.
ctl seat add PC-01 >/dev/null
# The console pins the server as scripts do (NETPONT_FINGERPRINT, from
# init_db): the trust dialog has its own test.

# The console's main window: the one of its process named like it (in
# English or Hungarian).
console_window() {
	xdotool search --all --onlyvisible --pid "$CONSOLE_PID" --name '^Netpont (Console|konzol)$' 2>/dev/null |
		head -n 1
}
has_window() { [ -n "$(console_window)" ]; }

# start_console [ENV=VALUE...]: the installed way, no arguments (as the
# desktop file's Exec line); waits for its window.
start_console() {
	env "$@" "$NETPONT_CONSOLE" >>"$T/console.log" 2>&1 &
	CONSOLE_PID=$!
	X_PIDS+=("$CONSOLE_PID")
	wait_until 30 has_window || { echo "the console's window did not appear" >&2; return 1; }
	WID=$(console_window)
}

# close_console: as a user closes it (the window manager's close), then the
# program must end by itself with status 0.
close_console() {
	wmctrl -i -c "$WID"
	if ! wait_until 10 bash -c "! kill -0 $CONSOLE_PID"; then
		echo "the console is still running 10 s after its window was closed" >&2
		kill "$CONSOLE_PID"
	fi
	local rc=0
	wait "$CONSOLE_PID" || rc=$?
	CONSOLE_PID=
	return $rc
}

# size: "WIDTHxHEIGHT" of the console's window on the screen.
size() { xwininfo -id "$WID" | awk '/^ *Width/ {w=$NF} /^ *Height/ {h=$NF} END {print w "x" h}'; }
size_is() { [ "$(size)" == "$1" ]; }
maximized() { xprop -id "$WID" _NET_WM_STATE | grep -q _NET_WM_STATE_MAXIMIZED_HORZ; }
setting() { sed -n "s/^$1=//p" "$KEYFILE"; }

shot() {
	sleep 0.8 # one more frame of every window
	"$SHOT" "$SHOTS/$1" && echo "# screenshot: $SHOTS/$1"
}

log "first run: nothing remembered yet"
start_console
# The window manager's and task switcher's icon: the application's, from the
# resources here (the icon theme when installed).
check "the window carries the console's icon" bash -c "xprop -id $WID _NET_WM_ICON | grep -q 'Icon ('"
eq "the form offers the local server when nothing is remembered" \
	"server=127.0.0.1:7450 user=" "$("${DRIVE[@]}" "$WID" fields | head -n 2 | tr '\n' ' ' | sed 's/ $//')"
check "signing in to the real server" "${DRIVE[@]}" "$WID" sign-in "127.0.0.1:$PORT" dora "$MENTOR_PASSWORD"
check "a good sign-in remembers the server" grep -qF "last-server='127.0.0.1:$PORT'" "$KEYFILE"
check "and the name" grep -qF "last-user='dora'" "$KEYFILE"
xdotool windowsize "$WID" 1000 640
check "the window is resized to 1000x640" wait_until 10 size_is 1000x640
check "closing the window ends the console" close_console
eq "the width is remembered on closing" 1000 "$(setting window-width)"
eq "the height is remembered on closing" 640 "$(setting window-height)"
eq "not maximized" false "$(setting window-maximized)"
check "no password in the settings" bash -c "! grep -qF -- '$MENTOR_PASSWORD' '$KEYFILE'"
check "nothing else of the console's holds the password" \
	bash -c "! grep -rqF -- '$MENTOR_PASSWORD' '$XDG_CONFIG_HOME'"

log "second run: as it was left"
start_console
check "the window opens at the size it was closed at (1000x640)" wait_until 10 size_is 1000x640
"${DRIVE[@]}" "$WID" fields >"$T/fields" || fail "the sign-in form cannot be read"
eq "the server is filled in as the screen shows it" "server=127.0.0.1:$PORT" "$(sed -n 1p "$T/fields")"
eq "the name is filled in" "user=dora" "$(sed -n 2p "$T/fields")"
eq "the password is not" "password-length=0" "$(sed -n 3p "$T/fields")"
# Must show: the sign-in page in a 1000x640 window; "Server (address:port)"
# with 127.0.0.1:PORT, "User name" with dora, an empty Password with the
# focus (its cursor); the header
# bar with the main menu button.
shot desktop-signin-remembered.png
# The password field has the focus: typing it and Enter is all a user does.
xdotool type --delay 15 "$MENTOR_PASSWORD"
# Must show: the password field focused, with one bullet per character.
shot desktop-signin-password.png
xdotool key --clearmodifiers Return
check "typing the password alone signs in" "${DRIVE[@]}" "$WID" signed-in
"${DRIVE[@]}" "$WID" about "Netpont Console" "$VERSION" >"$T/about" 2>&1 || fail "About: $(cat "$T/about")"
check "the About window shows the name and version $VERSION" grep -q "about window" "$T/about"
cat "$T/about"
# Must show: the About window over the console, with the icon (a screen with
# a house), "Netpont Console", the version, "Netpont developers", and the
# Website, Credits and Legal rows.
shot desktop-about.png
xdotool key --clearmodifiers Escape
# The Bookings page, its controls named for a screen reader.
"${DRIVE[@]}" "$WID" bookings >"$T/bookings" 2>&1 || fail "bookings: $(cat "$T/bookings")"
check "the Bookings page's controls have names a screen reader reads" grep -q "bookings page" "$T/bookings"
cat "$T/bookings"
wmctrl -i -r "$WID" -b add,maximized_vert,maximized_horz
check "the window is maximized" wait_until 10 maximized
check "closing the maximized window ends the console" close_console
eq "maximized is remembered" true "$(setting window-maximized)"
eq "the size before maximizing is kept" 1000 "$(setting window-width)"

log "third run: maximized again"
start_console
check "the window opens maximized" wait_until 10 maximized
check "closing it ends the console" close_console

log "in Hungarian"
start_console LANGUAGE=hu
"${DRIVE[@]}" "$WID" about "Netpont konzol" "$VERSION" "Főmenü" "A Netpont konzol névjegye" >"$T/about" 2>&1 ||
	fail "About in Hungarian: $(cat "$T/about")"
check "the Hungarian main menu opens the About window, in Hungarian" grep -q "about window" "$T/about"
cat "$T/about"
# Must show: the About window with "Netpont konzol", "A Netpont fejlesztői"
# and the version; the rows in Hungarian (libadwaita's own words).
shot desktop-about-hu.png
xdotool key --clearmodifiers Escape
check "closing it ends the console" close_console

log "without the schema: works, remembers nothing"
rm -rf "$XDG_CONFIG_HOME/glib-2.0"
# This system as if the console's schema were not installed (a package may
# have put it there): /usr/share as it is, but the system's schemas compiled
# without it, and none from the build tree.
mkdir -p "$T/share/glib-2.0/schemas"
for d in /usr/share/*; do
	[ "$d" = /usr/share/glib-2.0 ] || ln -s "$d" "$T/share/"
done
cp /usr/share/glib-2.0/schemas/* "$T/share/glib-2.0/schemas/"
rm -f "$T/share/glib-2.0/schemas/gschemas.compiled" "$T/share/glib-2.0/schemas/hu.netpont.Console".*
glib-compile-schemas "$T/share/glib-2.0/schemas"
start_console -u GSETTINGS_SCHEMA_DIR XDG_DATA_DIRS="$T/share"
eq "the form offers the local server" "server=127.0.0.1:7450" "$("${DRIVE[@]}" "$WID" fields | head -n 1)"
check "signing in without settings" "${DRIVE[@]}" "$WID" sign-in "127.0.0.1:$PORT" dora "$MENTOR_PASSWORD"
check "closing it ends the console" close_console
check "nothing was written" test ! -e "$KEYFILE"
check "no warning, critical or error on the console's stderr" \
	bash -c "! grep -E 'CRITICAL|WARNING|ERROR' '$T/console.log'"

finish
