#!/usr/bin/env bash
# A backup taken while payments stream in, and a restore after the database
# is destroyed: `netpontctl backup FILE` holds every payment acknowledged
# before it began, the server answers others while it runs, and after
# kill -9, rm of the database and `netpontd --restore FILE` every one of
# those payments is found again. Refusals say why and leave nothing behind:
# a mentor's backup, an existing FILE, a missing folder, a restore while the
# server runs, a restore of a file that is no Netpont database.
. "$(dirname "$0")/lib.sh"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

init_db
# Some 40 MB of rows, so that the backup takes long enough to see the
# server serve others meanwhile.
sqlite3 "$DB" "CREATE TABLE filler (b BLOB);
	WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000)
	INSERT INTO filler SELECT randomblob(1000) FROM n;"
start_server
open_all_day
NETPONT_PIN=1234 ctl resident add kovacs --name "Kovács Mária" >/dev/null
NETPONT_NEW_PASSWORD=dora-secret ctl staff add dora --role mentor >/dev/null
# Enough owed that every payment of the test is taken.
ctl tariff set copy --price 100 >/dev/null
ctl charge add kovacs copy --qty 500 >/dev/null

# payer: pays 10 Ft again and again, each with its own request key, and
# writes down each key whose payment was acknowledged, until $T/stop exists.
payer() {
	local i=0
	while [ ! -e "$T/stop" ]; do
		i=$((i + 1))
		if ctl pay kovacs --amount 10 --request-key "payment-$i" >/dev/null 2>>"$T/payer.err"; then
			echo "payment-$i" >>"$T/acked"
		fi
	done
}

log "a backup while payments stream in"
payer &
PAYER=$!
check "payments are acknowledged" wait_until 30 test -s "$T/acked"
acked_at_least() { [ "$(wc -l <"$T/acked")" -ge "$1" ]; }
check "five payments before the backup" wait_until 60 acked_at_least 5
cp "$T/acked" "$T/acked-before"
ctl backup "$T/copy.db" >"$T/backup.out" 2>"$T/backup.err" &
BACKUP=$!
answered=no
while kill -0 "$BACKUP" 2>/dev/null; do
	if ctl seat list >/dev/null && kill -0 "$BACKUP" 2>/dev/null; then
		answered=yes
		break
	fi
done
rc=0
wait "$BACKUP" || rc=$?
touch "$T/stop"
wait "$PAYER"
eq "netpontctl backup succeeds" 0 "$rc"
eq "another client was answered while the backup ran" yes "$answered"
check "it says what it wrote" grep -Eq "^Backup written to $T/copy.db: [0-9.]+.MB, 1 resident, [0-9]+ payments\.\$" "$T/backup.out"
eq "the backup is for its owner only" 600 "$(stat -c %a "$T/copy.db")"
eq "nothing is left beside it" "" "$(ls "$T" | grep '^copy\.db\.' || true)"
eq "the server keeps no copy" "" "$(ls "$T" | grep 'backup\.tmp' || true)"
eq "the backup is sound" ok "$(sqlite3 "$T/copy.db" 'PRAGMA integrity_check')"
sqlite3 "$T/copy.db" "SELECT request_key FROM ledger WHERE kind = 'payment'" | sort >"$T/in-copy"
missing=$(sort "$T/acked-before" | comm -23 - "$T/in-copy" | wc -l)
log "$(wc -l <"$T/acked-before") payments acknowledged before the backup, $(wc -l <"$T/in-copy") in it, $(wc -l <"$T/acked") in all"
eq "every payment acknowledged before the backup is in it" 0 "$missing"
said=$(sed -E 's/.* ([0-9]+) payments\.$/\1/' "$T/backup.out")
eq "the sentence counts the copy's payments" "$(wc -l <"$T/in-copy")" "$said"
eq "the backup is audited" 1 "$(ctlj audit --action backup | jq length)"

log "an interrupted backup"
# netpontctl itself, not the ctl function's subshell, gets the signal.
NETPONT_PASSWORD=$ADMIN_PASSWORD "$NETPONTCTL" --server "127.0.0.1:$PORT" --user admin \
	backup "$T/interrupted.db" >/dev/null 2>&1 &
INTERRUPTED=$!
caught=no
while kill -0 "$INTERRUPTED" 2>/dev/null; do
	if compgen -G "$T/interrupted.db.*" >/dev/null; then
		kill -TERM "$INTERRUPTED"
		caught=yes
		break
	fi
done
wait "$INTERRUPTED" 2>/dev/null || true
if [ "$caught" = yes ]; then
	eq "a backup stopped half-way leaves nothing" "" "$(ls "$T" | grep '^interrupted' || true)"
else
	log "the backup ended before it could be interrupted"
	rm -f "$T/interrupted.db"
fi

log "refusals"
before=$(ls "$T")
refused 1 "a mentor cannot take a backup" as dora dora-secret backup "$T/mentor.db"
check "it says who can" grep -q "Only an administrator can take a backup" "$T/err"
refused 1 "a mentor cannot, in Hungarian" env LANGUAGE=hu NETPONT_PASSWORD=dora-secret "$NETPONTCTL" --server "127.0.0.1:$PORT" --user dora backup "$T/mentor.db"
check "a Hungarian sentence" grep -q "Mentést csak rendszergazda készíthet" "$T/err"
refused 1 "an existing file is not replaced" ctl backup "$T/copy.db"
check "it names --force" grep -q -- "--force" "$T/err"
refused 1 "an existing file, in Hungarian" env LANGUAGE=hu NETPONT_PASSWORD=$ADMIN_PASSWORD "$NETPONTCTL" --server "127.0.0.1:$PORT" --user admin backup "$T/copy.db"
check "a Hungarian sentence" grep -q "már létezik: .*Válasszon másik nevet" "$T/err"
refused 1 "a folder that does not exist" ctl backup "$T/no-such-folder/copy.db"
check "it names the folder" grep -q "The folder $T/no-such-folder does not exist" "$T/err"
refused 1 "no restore while the server runs" "$NETPONTD" --db "$DB" --restore "$T/copy.db"
check "it says to stop the server" grep -q "systemctl stop netpontd" "$T/err"
# refused() writes its own out and err files: compare without them.
eq "no file was written" "$(grep -v '^\(out\|err\)$' <<<"$before")" "$(ls "$T" | grep -v '^\(out\|err\)$')"


log "kill -9, the database destroyed, restore"
acked_all=$(wc -l <"$T/acked")
kill -9 "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=
rm -f "$DB" "$DB-wal" "$DB-shm"
echo "not a database at all" >"$T/junk.db"
refused 1 "a file that is not a Netpont database" "$NETPONTD" --db "$DB" --restore "$T/junk.db"
check "it says so" grep -q "junk.db is not a Netpont database" "$T/err"
sqlite3 "$T/other.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
refused 1 "a SQLite file of another program" "$NETPONTD" --db "$DB" --restore "$T/other.db"
check "it says which tables are missing" grep -q "lacks Netpont's tables" "$T/err"
check "nothing was put in place" test ! -e "$DB"
check "restore" "$NETPONTD" --db "$DB" --restore "$T/copy.db" >"$T/restore.out" 2>&1
check "it says what it did" grep -q "^Restored $T/copy.db into $DB: .*1 resident, [0-9]* payments" "$T/restore.out"
check "and what to do next" grep -q "systemctl start netpontd" "$T/restore.out"
eq "the restored database is for its owner only" 600 "$(stat -c %a "$DB")"
start_server
report=$(ctlj report totals --from "$(date +%F)" --to "$(date +%F)")
eq "the report has every payment of the backup" "$(($(wc -l <"$T/in-copy") * 10))" "$(jq .total_paid <<<"$report")"
sqlite3 "$DB" "SELECT request_key FROM ledger WHERE kind = 'payment'" | sort >"$T/restored"
eq "every payment acknowledged before the backup is back" 0 "$(sort "$T/acked-before" | comm -23 - "$T/restored" | wc -l)"
log "$acked_all payments were acknowledged in all; those after the backup are gone, as expected"
check "the bill can be read" ctl bill kovacs >/dev/null
refused 1 "a restore while the restored server runs" "$NETPONTD" --db "$DB" --restore "$T/copy.db"
stop_server

log "a restore over a database keeps the old one beside it, and its mode"
chmod 0640 "$DB"
check "restore again" "$NETPONTD" --db "$DB" --restore "$T/copy.db" >"$T/restore2.out" 2>&1
kept=$(sed -n 's/^The previous database is kept as \(.*\)\.$/\1/p' "$T/restore2.out")
check "it names the kept database" test -s "$kept"
eq "the kept one is sound" ok "$(sqlite3 "$kept" 'PRAGMA integrity_check')"
eq "the kept one has every payment" "$(wc -l <"$T/restored")" "$(sqlite3 "$kept" "SELECT count(*) FROM ledger WHERE kind = 'payment'")"
eq "the database keeps its mode" 640 "$(stat -c %a "$DB")"
finish
