#!/usr/bin/env bash
# Why netpont-agent's user must be in CUPS' SystemGroup (lpadmin) in the
# user database, not only as a supplementary group of its unit: a private
# cupsd with Debian's default policy (copied from /etc/cups/cupsd.conf) and
# SystemGroup lpadmin holds a job of the public account, and the agent's
# user releases and cancels it with lp and cancel, which send the agent's
# IPP operations under its own name (cancel: Cancel-Job; lp -H: Set-Job-
# Attributes, in the same Limit of the policy as the agent's Release-Job).
# - With lpadmin only among its process's groups (systemd's
#   SupplementaryGroups=), CUPS refuses: it looks the name up in /etc/group.
# - As a member in /etc/group (`adduser _netpont-agent lpadmin`, which the
#   package does), CUPS lets it hold, release and cancel the job.
#
# Runs in a mount namespace of its own (unshare -m) in which /etc/passwd
# and /etc/group are copies that know the two accounts. Needs root, cupsd
# and the cups-pdf printer; exits 77 without them.
set -euo pipefail
CUPSD=/usr/sbin/cupsd
if [ "$(id -u)" != 0 ]; then echo "SKIP: needs root (a mount namespace, cupsd)"; exit 77; fi
for tool in unshare setpriv lp cancel lpadmin lpstat "$CUPSD"; do
	command -v "$tool" >/dev/null || { echo "SKIP: $tool is missing (packages cups, cups-client)"; exit 77; }
done
[ -f /etc/cups/cupsd.conf ] && grep -q '^<Policy default>' /etc/cups/cupsd.conf ||
	{ echo "SKIP: no Debian cupsd.conf with its default policy here"; exit 77; }
[ -f /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd ] || { echo "SKIP: needs printer-driver-cups-pdf"; exit 77; }
getent group lpadmin >/dev/null || { echo "SKIP: no group lpadmin here"; exit 77; }
if [ "${NETPONT_CUPS_INNER:-}" != 1 ]; then
	unshare -m true 2>/dev/null || { echo "SKIP: no mount namespace here (unshare -m)"; exit 77; }
	exec env NETPONT_CUPS_INNER=1 unshare -m --propagation private bash "$0" "$@"
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/netpont-cups-group.XXXXXX")
chmod 0755 "$T"
CUPSD_PID=
cleanup() {
	local rc=$?
	[ -z "$CUPSD_PID" ] || kill "$CUPSD_PID" 2>/dev/null || true
	wait 2>/dev/null || true
	[ "$rc" = 0 ] || tail -n 30 "$T/log/error_log" 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT
FAILURES=0
CHECKS=0
ok() { CHECKS=$((CHECKS + 1)); echo "ok - $*"; }
bad() { CHECKS=$((CHECKS + 1)); FAILURES=$((FAILURES + 1)); echo "FAIL: $*"; }

# The accounts, as the packages make them, in copies of the user database.
. "$(dirname "$0")/../integration/ns-users.sh"
ns_users "$T" _netpont-agent 60990 netpont-public 60992
LPADMIN_GID=$(getent group lpadmin | cut -d: -f3)

mkdir -p "$T"/{root,spool,cache,state,log,tmp}
chmod 1777 "$T/tmp"
{
	printf 'LogLevel info\nListen %s/cups.sock\nBrowsing No\nWebInterface No\n' "$T"
	printf '<Location />\n  Order allow,deny\n  Allow all\n</Location>\n'
	printf '<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n'
	sed -n '/^<Policy default>/,/^<\/Policy>/p' /etc/cups/cupsd.conf
} >"$T/root/cupsd.conf"
cat >"$T/root/cups-files.conf" <<EOF
ServerRoot $T/root
RequestRoot $T/spool
CacheDir $T/cache
StateDir $T/state
TempDir $T/tmp
AccessLog $T/log/access_log
ErrorLog $T/log/error_log
PageLog $T/log/page_log
User lp
Group lp
SystemGroup lpadmin root
EOF
"$CUPSD" -f -c "$T/root/cupsd.conf" -s "$T/root/cups-files.conf" &
CUPSD_PID=$!
export CUPS_SERVER=$T/cups.sock CUPS_STATEDIR=$T/state
for _ in $(seq 100); do [ -S "$T/cups.sock" ] && break; sleep 0.1; done
lpadmin -p HOLD -E -v cups-pdf:/ -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd \
	-o job-hold-until-default=indefinite 2>/dev/null

# held_job: a job of the public account, held on the queue; prints its id.
held_job() {
	setpriv --reuid=netpont-public --regid=netpont-public --clear-groups \
		env CUPS_SERVER="$CUPS_SERVER" lp -d HOLD /etc/hostname | grep -o 'HOLD-[0-9]*'
}
# as_agent GROUPS-FLAG COMMAND...: the agent's user, with either only the
# unit's supplementary group (--groups=GID) or its groups from /etc/group
# (--init-groups).
as_agent() {
	local groups=$1
	shift
	setpriv --reuid=_netpont-agent --regid=_netpont-agent "$groups" \
		env CUPS_SERVER="$CUPS_SERVER" CUPS_STATEDIR="$CUPS_STATEDIR" "$@" </dev/null
}

job=$(held_job)
[ -n "$job" ] && ok "the public account's job $job is held" || bad "no held job"

log_out=$T/out
if as_agent --groups="$LPADMIN_GID" cancel "$job" >"$log_out" 2>&1; then
	bad "with lpadmin only as a supplementary group, CUPS let the agent's user cancel $job"
else
	ok "with lpadmin only as a supplementary group, CUPS refuses: $(cat "$log_out")"
fi
if as_agent --groups="$LPADMIN_GID" lp -i "$job" -H resume >"$log_out" 2>&1; then
	bad "with lpadmin only as a supplementary group, CUPS let the agent's user release $job"
else
	ok "and refuses to release it: $(cat "$log_out")"
fi

# `adduser _netpont-agent lpadmin`, as the package does.
ns_group_add "$T" lpadmin _netpont-agent
getent group lpadmin | grep -q '_netpont-agent' && ok "the agent's user is in lpadmin in /etc/group" ||
	bad "could not add the agent's user to lpadmin"
if as_agent --init-groups lp -i "$job" -H hold >"$log_out" 2>&1 &&
	as_agent --init-groups lp -i "$job" -H resume >>"$log_out" 2>&1; then
	ok "as a member in /etc/group it holds and releases $job"
else
	bad "as a member in /etc/group it could not release $job: $(cat "$log_out")"
fi
job2=$(held_job)
if as_agent --init-groups cancel "$job2" >"$log_out" 2>&1; then
	ok "as a member in /etc/group it cancels $job2"
else
	bad "as a member in /etc/group it could not cancel $job2: $(cat "$log_out")"
fi
echo "$((CHECKS - FAILURES)) passed, $FAILURES failed"
[ "$FAILURES" = 0 ]
