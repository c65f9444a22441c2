#!/usr/bin/env bash
# packaging/polkit/60-netpont-agent.rules, loaded by the real polkitd: the
# agent's user _netpont-agent may start netpont-reset.service and
# netpont-end-session.service and nothing else (no other unit, no other
# verb), and no other user gains anything by it.
#
# polkitd needs a system bus and reads its rules from fixed folders, so the
# test runs in a mount namespace of its own (unshare -m): the two rules
# folders become private folders holding this rule and Debian's
# 50-default.rules, /etc/passwd and /etc/group become copies that know
# _netpont-agent (when the machine does not), and a private dbus-daemon is
# the system bus (DBUS_SYSTEM_BUS_ADDRESS). pkcheck asks polkitd about real
# processes of each user, with the details systemd passes (unit, verb).
#
# Usage: polkit-rule.sh SOURCE_DIR. Needs root, unshare, dbus-daemon,
# polkitd and pkcheck (Debian packages polkitd and dbus); exits 77 without.
set -euo pipefail
SRC=$1
POLKITD=/usr/lib/polkit-1/polkitd
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: the polkit test needs root (a mount namespace, polkitd)"
	exit 77
fi
for tool in unshare dbus-daemon pkcheck setpriv "$POLKITD"; do
	command -v "$tool" >/dev/null || { echo "SKIP: $tool is missing (packages polkitd, dbus)"; exit 77; }
done
[ -f /usr/share/polkit-1/actions/org.freedesktop.systemd1.policy ] ||
	{ echo "SKIP: systemd's polkit actions are not installed"; exit 77; }
if [ "${NETPONT_POLKIT_INNER:-}" != 1 ]; then
	unshare -m true 2>/dev/null || { echo "SKIP: no mount namespace here (unshare -m)"; exit 77; }
	exec env NETPONT_POLKIT_INNER=1 unshare -m --propagation private bash "$0" "$@"
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/netpont-polkit.XXXXXX")
# polkitd gives up root for its own user, which must reach the bus socket
# and the rules here.
chmod 0755 "$T"
BUS_PID=
POLKIT_PID=
SUBJECTS=()
cleanup() {
	local rc=$?
	for pid in "${SUBJECTS[@]}" $POLKIT_PID $BUS_PID; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	if [ "$rc" != 0 ]; then
		for log in polkitd pkcheck bus; do
			echo "--- $log.log"
			cat "$T/$log.log" 2>/dev/null || true
		done
	fi
	rm -rf "$T"
}
trap cleanup EXIT
FAILURES=0
CHECKS=0

# Private rules folders: this rule and Debian's default rule, nothing else.
mkdir -p "$T/rules" "$T/etc-rules"
cp "$SRC/packaging/polkit/60-netpont-agent.rules" "$T/rules/"
[ ! -f /usr/share/polkit-1/rules.d/50-default.rules ] ||
	cp /usr/share/polkit-1/rules.d/50-default.rules "$T/rules/"
mount --bind "$T/rules" /usr/share/polkit-1/rules.d
mount --bind "$T/etc-rules" /etc/polkit-1/rules.d

# The agent's user, and another system user, as the package would make them.
. "$(dirname "$0")/ns-users.sh"
ns_users "$T" _netpont-agent 60990 _netpont-other 60991
AGENT_UID=$(id -u _netpont-agent)
OTHER_UID=$(id -u _netpont-other)

cat >"$T/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$T/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
EOF
dbus-daemon --config-file="$T/bus.conf" --nofork >"$T/bus.log" 2>&1 &
BUS_PID=$!
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$T/bus
for _ in $(seq 50); do [ -S "$T/bus" ] && break; sleep 0.1; done
# With its debug output polkitd also says when a rule does not compile.
"$POLKITD" >"$T/polkitd.log" 2>&1 &
POLKIT_PID=$!

# subject UID: a process of that user for pkcheck to ask about ($SUBJECT).
subject() {
	setpriv --reuid="$1" --regid="$1" --clear-groups sleep 120 &
	SUBJECT=$!
	SUBJECTS+=("$SUBJECT")
}
# answer PID UNIT VERB: what polkitd says to systemd's request (pkcheck's
# output; "Not authorized." or nothing when it is allowed).
answer() {
	pkcheck --action-id org.freedesktop.systemd1.manage-units --process "$1" \
		--detail unit "$2" --detail verb "$3" 2>&1 | tee -a "$T/pkcheck.log" | grep -v '='
}
# expect yes|no|admin DESCRIPTION PID UNIT VERB: allowed; refused outright
# (the rule's polkit.Result.NO); or left to the default rule, an
# administrator's password, which no one can give to a service.
expect() {
	local want=$1 what=$2
	shift 2
	CHECKS=$((CHECKS + 1))
	local said got
	said=$(answer "$@" || true)
	case $said in
	"") got=yes ;;
	"Not authorized.") got=no ;;
	*"requires authentication"*) got=admin ;;
	*) got="'$said'" ;;
	esac
	if [ "$got" = "$want" ]; then
		echo "ok - $what (${said:-allowed})"
	else
		echo "FAIL: $what: expected $want, polkitd said ${said:-yes}"
		FAILURES=$((FAILURES + 1))
	fi
}

subject "$AGENT_UID"
agent=$SUBJECT
subject "$OTHER_UID"
other=$SUBJECT
# polkitd is ready once it answers at all: a refusal is an answer, an
# unknown bus name is not.
for _ in $(seq 100); do
	if answer "$agent" x.service start | grep -q "Not authorized"; then
		break
	fi
	sleep 0.1
done

expect yes "_netpont-agent may start netpont-reset.service" "$agent" netpont-reset.service start
expect yes "_netpont-agent may start netpont-end-session.service" "$agent" netpont-end-session.service start
expect no "_netpont-agent may not stop netpont-reset.service" "$agent" netpont-reset.service stop
expect no "_netpont-agent may not restart netpont-end-session.service" "$agent" netpont-end-session.service restart
expect no "_netpont-agent may not start another unit" "$agent" ssh.service start
expect no "_netpont-agent may not start a unit named like ours" "$agent" netpont-reset@x.service start
expect admin "another system user may not start netpont-reset.service" "$other" netpont-reset.service start
expect admin "another system user may not start netpont-end-session.service" "$other" netpont-end-session.service start
CHECKS=$((CHECKS + 1))
if grep -qiE "error|exception" "$T/polkitd.log"; then
	echo "FAIL: polkitd reported an error loading the rules:"
	cat "$T/polkitd.log"
	FAILURES=$((FAILURES + 1))
else
	echo "ok - polkitd loaded the rules without an error"
fi
echo "$((CHECKS - FAILURES)) passed, $FAILURES failed"
[ "$FAILURES" = 0 ]
