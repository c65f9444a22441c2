#!/bin/sh
# netpont-reset-session on a temporary home folder: a resident's traces
# (browser profile, downloads, documents) are gone afterwards, the skeleton's
# files are back as they were, and dangerous arguments are refused without
# touching anything.
set -u
script=${1:?usage: test-reset-session.sh PATH-TO-netpont-reset-session}
tmp=$(mktemp -d /tmp/netpont-reset-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
check() { # check DESCRIPTION COMMAND...
	desc=$1; shift
	if "$@"; then echo "ok - $desc"; else echo "not ok - $desc"; fails=$((fails + 1)); fi
}
# A user name that does not exist: nothing is killed or chowned.
user=netpont-test-$$
run() { NETPONT_PUBLIC_USER=$user sh "$script" --no-logout "$@"; }

skel=$tmp/skel
home=$tmp/home/public
mkdir -p "$skel/Desktop" "$skel/.config/xfce4" "$home"
echo "Welcome to the internet point" > "$skel/Desktop/Read me.txt"
echo "clean" > "$skel/.config/xfce4/settings"
echo "export LANG=hu_HU.UTF-8" > "$skel/.profile"

# What a resident leaves behind.
mkdir -p "$home/.mozilla/firefox/abc.default" "$home/Downloads" "$home/Desktop" "$home/.config/xfce4"
echo "session cookie" > "$home/.mozilla/firefox/abc.default/cookies.sqlite"
echo "CV" > "$home/Downloads/oneletrajz.pdf"
echo "changed by the resident" > "$home/Desktop/Read me.txt"
echo "dark theme" > "$home/.config/xfce4/settings"
echo "my letter" > "$home/Desktop/level.odt"
rm -f "$home/.profile"

check "resets the home folder" run --home "$home" --skel "$skel"
check "browser profile gone" test ! -e "$home/.mozilla"
check "downloads gone" test ! -e "$home/Downloads"
check "documents gone" test ! -e "$home/Desktop/level.odt"
check "skeleton file restored" grep -qx "Welcome to the internet point" "$home/Desktop/Read me.txt"
check "hidden settings restored" grep -qx "clean" "$home/.config/xfce4/settings"
check "deleted dot file restored" test -f "$home/.profile"
check "skeleton untouched" grep -qx "clean" "$skel/.config/xfce4/settings"
check "same tree as the skeleton" diff -r "$skel" "$home"

# Running it again on a clean folder changes nothing and succeeds.
check "idempotent" run --home "$home" --skel "$skel"
check "still the skeleton" diff -r "$skel" "$home"

# Environment variables work like the options.
echo x > "$home/stray"
check "configured by environment" env NETPONT_PUBLIC_HOME="$home" NETPONT_SKEL="$skel" NETPONT_PUBLIC_USER=$user sh "$script" --no-logout
check "stray file removed" test ! -e "$home/stray"

# Refusals: exit 2 and nothing deleted.
echo keep > "$tmp/keep"
refused() { # refused DESCRIPTION ARGS...
	desc=$1; shift
	run "$@" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 2 ] && [ -s "$tmp/err" ] && [ -f "$tmp/keep" ] && [ -f "$skel/.profile" ]; then
		echo "ok - refuses $desc ($(cat "$tmp/err"))"
	else
		echo "not ok - refuses $desc (exit $rc)"; fails=$((fails + 1))
	fi
}
refused "the root folder" --home / --skel "$skel"
refused "an empty home" --home "" --skel "$skel"
refused "only slashes" --home /// --skel "$skel"
refused "a relative path" --home tmp/home --skel "$skel"
refused "a path with .." --home "$tmp/home/../.." --skel "$skel"
refused "a system folder" --home /usr --skel "$skel"
refused "/home itself" --home /home --skel "$skel"
refused "a missing home" --home "$tmp/nothing" --skel "$skel"
refused "a missing skeleton" --home "$home" --skel "$tmp/no-skel"
refused "an empty skeleton path" --home "$home" --skel ""
refused "the skeleton as home" --home "$skel" --skel "$skel"
refused "home inside the skeleton" --home "$skel/Desktop" --skel "$skel"
refused "skeleton inside home" --home "$tmp" --skel "$skel"
refused "an unknown option" --home "$home" --skel "$skel" --force
ln -s "$home" "$tmp/link"
refused "a symbolic link as home" --home "$tmp/link" --skel "$skel"
refused "root as the public user" --user root --home "$home" --skel "$skel"
check "dry run touches nothing" sh -c "echo y > '$home/stray2' && NETPONT_PUBLIC_USER=$user sh '$script' --no-logout --dry-run --home '$home' --skel '$skel' 2>/dev/null && test -f '$home/stray2'"

if [ $fails -ne 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "all checks passed"
