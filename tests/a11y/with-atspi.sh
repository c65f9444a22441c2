#!/bin/sh
# with-atspi.sh COMMAND [ARGUMENT...]
#
# Runs COMMAND on a private D-Bus session bus with the AT-SPI accessibility
# bus up, so that GTK applications started by it export their accessible
# tree and tests/a11y/atspi-names.py (run by COMMAND, or next to it) can
# read it. Needs an X display (run it under xvfb-run). Exits with COMMAND's
# status, or 77 (skipped) when dbus-run-session or the bus launcher is not
# installed.
#
#   xvfb-run -a sh tests/a11y/with-atspi.sh build/bin/test-lock-ui
set -u

launcher=/usr/libexec/at-spi-bus-launcher
if [ -z "${WITH_ATSPI_INNER:-}" ]; then
	if ! command -v dbus-run-session >/dev/null || [ ! -x "$launcher" ]; then
		echo "SKIP: dbus-run-session or $launcher is not installed" >&2
		exit 77
	fi
	WITH_ATSPI_INNER=1 exec dbus-run-session -- sh "$0" "$@"
fi

# GTK leaves the bridge out when told so; the tests that do not check names
# say so, this one must not.
unset NO_AT_BRIDGE
export GTK_A11Y=atspi

"$launcher" --launch-immediately &
launcher_pid=$!
trap 'kill "$launcher_pid" 2>/dev/null' EXIT

# Up to 10 s for the accessibility bus to answer.
tries=0
until dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
	org.a11y.Bus.GetAddress >/dev/null 2>&1; do
	tries=$((tries + 1))
	if [ "$tries" -ge 50 ]; then
		echo "with-atspi.sh: the accessibility bus did not come up" >&2
		exit 1
	fi
	sleep 0.2
done

"$@"
