#!/usr/bin/env bash
# First run as README describes it, done wrong and right: netpontd refuses a
# database (or its folder) it cannot write, saying whose it is and what to
# run, and changes nothing; --init-admin refuses a database that already has
# an administrator. Needs root to own files as one uid and run netpontd as
# another (setpriv); skipped otherwise.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "# skipped: needs root to run netpontd as another user"
	exit 77
fi
# The service user of this test: nobody (65534), as _netpont would be.
svc=$(id -nu 65534)
as_svc=(setpriv --reuid=65534 --regid=65534 --clear-groups)
chmod 0711 "$T"
STATE=$T/state
mkdir "$STATE"
DB=$STATE/netpont.db
pick_port

# --init-admin as root, as README's first step used to leave it: a
# root-owned database in the service's folder.
init_db
chown 65534:65534 "$STATE"
chmod 0644 "$DB"
chmod 0644 "$DB"-*.pem
staff() { sqlite3 "$DB" "SELECT name, role FROM staff ORDER BY id"; }
sum_before=$(sha256sum "$DB")
refused 1 "netpontd as $svc on root's database" \
	"${as_svc[@]}" "$NETPONTD" --db "$DB" --listen "127.0.0.1:$PORT"
check "the sentence says whose it is" \
	grep -qF "$DB belongs to root, but netpontd runs as $svc and cannot write it. Run: chown $svc: $DB" "$T/err"
eq "the database is unchanged" "$sum_before" "$(sha256sum "$DB")"
check "nothing listens" port_is_free "$PORT"

# The folder: the file is the service's but the folder is root's (SQLite
# writes its journal beside the database).
chown 65534:65534 "$DB"
chown root:root "$STATE"
chmod 0755 "$STATE"
refused 1 "netpontd as $svc in root's folder" \
	"${as_svc[@]}" "$NETPONTD" --db "$DB" --listen "127.0.0.1:$PORT"
check "the sentence names the folder" \
	grep -qF "$STATE belongs to root, but netpontd runs as $svc and cannot write it. Run: chown $svc: $STATE" "$T/err"

# The service's own file, but read-only.
chown 65534:65534 "$STATE"
chmod 0444 "$DB"
refused 1 "netpontd as $svc on its read-only database" \
	"${as_svc[@]}" "$NETPONTD" --db "$DB" --listen "127.0.0.1:$PORT"
check "the sentence says what to run" grep -qF "Run: chmod u+w $DB" "$T/err"
eq "the database is still unchanged" "$sum_before" "$(sha256sum "$DB")"

# A database on a read-only file system (as a path outside /var/lib/netpont
# is under ProtectSystem=strict), in a mount namespace of the test's own.
if unshare --mount true 2>/dev/null; then
	# shellcheck disable=SC2016 # sh -c expands its own arguments.
	refused 1 "netpontd on a read-only file system" \
		unshare --mount sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" &&
			exec "$2" --db "$3" --listen "127.0.0.1:$4"' sh "$STATE" "$NETPONTD" "$DB" "$PORT"
	check "the sentence says so" grep -qF "$STATE is on a read-only file system." "$T/err"
else
	log "no mount namespace here: the read-only file system case is not tried"
fi

# Done right, the service starts as its user.
chmod 0600 "$DB"
chown 65534:65534 "$DB" "$DB"-*.pem
"${as_svc[@]}" "$NETPONTD" --db "$DB" --listen "127.0.0.1:$PORT" >>"$T/server.log" 2>&1 &
SERVER_PID=$!
check "netpontd starts as $svc on its own database" wait_until 60 ctl --json seat list
check "netpontd stops cleanly" stop_server

# --init-admin once: a second administrator (or the same again) is refused.
before=$(staff)
refused 1 "--init-admin a second time" \
	env NETPONT_PASSWORD=other-secret "${as_svc[@]}" "$NETPONTD" --db "$DB" --init-admin boss
check "the sentence says there is one" grep -qF "$DB already has an administrator; nothing was changed." "$T/err"
refused 1 "--init-admin for the same name again" \
	env NETPONT_PASSWORD=other-secret "${as_svc[@]}" "$NETPONTD" --db "$DB" --init-admin admin
eq "the staff are unchanged" "$before" "$(staff)"
finish
