#!/bin/sh
# The checker's self-test: atspi-names.py must fail on bad-names-app.py and
# name each of its mistakes. Run inside with-atspi.sh under Xvfb; PYTHON is
# the Python with pyatspi and GTK 4's introspection data.
set -u
here=$(dirname "$0")
python=${PYTHON:-/usr/bin/python3}

"$python" "$here/bad-names-app.py" &
app=$!
trap 'kill "$app" 2>/dev/null' EXIT
out=$("$python" "$here/atspi-names.py" --timeout 20 bad-names-app)
status=$?
echo "$out"
fail=0
if [ "$status" -ne 1 ]; then
	echo "FAIL: atspi-names.py exited with $status, not 1" >&2
	fail=1
fi
for expected in "mnemonic mark in its name: 'Log _in Log in'" \
	"repeats its name: 'PIN PIN'" \
	"image in window 'Bad names' has no name" \
	"check box in window 'Bad names' has no name" \
	"2 elements in window 'Bad names' share the name 'Help'"; do
	case "$out" in
	*"$expected"*) ;;
	*)
		echo "FAIL: not reported: $expected" >&2
		fail=1
		;;
	esac
done
exit "$fail"
