#!/usr/bin/env bash
# Daily backups and the copy before a migration: `netpontd --backup-to DIR
# --keep N` writes netpont-YYYY-MM-DD-HHMM.db while the server runs and
# removes the oldest beyond N, touching nothing else in DIR; [backup] keep
# in the config is the default; a database of the previous schema is copied
# into backups/ beside it before netpontd migrates it, and is not migrated
# when that copy cannot be made.
. "$(dirname "$0")/lib.sh"

init_db
start_server
NETPONT_PIN=1234 ctl resident add kovacs --name "Kovács Mária" >/dev/null
BACKUPS=$T/backups

log "--backup-to while the server runs"
check "a backup" "$NETPONTD" --db "$DB" --backup-to "$BACKUPS" --keep 2 >"$T/b1.out"
check "it says what it wrote" grep -Eq "^Backup written to $BACKUPS/netpont-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{4}\.db: .*, 1 resident, 0 payments\.\$" "$T/b1.out"
newest=$(ls "$BACKUPS")
eq "one file" 1 "$(wc -l <<<"$newest")"
eq "for its owner only" 600 "$(stat -c %a "$BACKUPS/$newest")"
eq "it holds the resident" kovacs "$(sqlite3 "$BACKUPS/$newest" 'SELECT login FROM residents')"
eq "it is one file, not a WAL database" delete "$(sqlite3 "$BACKUPS/$newest" 'PRAGMA journal_mode')"

log "rotation"
for day in 01 02 03; do
	cp "$BACKUPS/$newest" "$BACKUPS/netpont-2020-01-$day-0300.db"
done
cp "$BACKUPS/$newest" "$BACKUPS/netpont-before-v2-20200101-030000.db"
echo "the admin's notes" >"$BACKUPS/notes.txt"
check "a backup with --keep 2" "$NETPONTD" --db "$DB" --backup-to "$BACKUPS" --keep 2 >"$T/b2.out"
check "it says how many it removed" grep -q "^Removed 2 older backups; the newest 2 are kept in $BACKUPS\.\$" "$T/b2.out"
eq "the newest two daily backups are kept, and the other files" \
	"$(printf '%s\n' netpont-2020-01-03-0300.db "$newest" netpont-before-v2-20200101-030000.db notes.txt | sort)" \
	"$(ls "$BACKUPS" | sort)"

log "[backup] keep in the config"
cat >"$T/netpontd.conf" <<CONF
[server]
db = $DB
[backup]
keep = 1
CONF
check "a backup with the config" "$NETPONTD" --config "$T/netpontd.conf" --backup-to "$BACKUPS" >"$T/b3.out"
eq "one daily backup is kept" "$newest" "$(ls "$BACKUPS" | grep -E '^netpont-[0-9]{4}-')"
printf '[backup]\nkeep = none\n' >"$T/bad.conf"
refused 2 "keep must be a number" "$NETPONTD" --config "$T/bad.conf" --db "$DB" --backup-to "$BACKUPS"
check "it says so" grep -q "keep in \[backup\] must be a whole number" "$T/err"
refused 2 "--keep 0" "$NETPONTD" --db "$DB" --backup-to "$BACKUPS" --keep 0
refused 2 "--keep without --backup-to" "$NETPONTD" --db "$DB" --keep 3
refused 2 "a backup and a restore at once" "$NETPONTD" --db "$DB" --backup-to "$BACKUPS" --restore "$BACKUPS/$newest"
refused 1 "a database that does not exist" "$NETPONTD" --db "$T/none.db" --backup-to "$BACKUPS"
stop_server

if [ "$(id -u)" = 0 ]; then
	log "root's backup leaves the lock file to the database's owner"
	mkdir "$T/owned"
	cp "$BACKUPS/$newest" "$T/owned/netpont.db"
	chown -R nobody: "$T/owned"
	check "root takes a backup of nobody's database" "$NETPONTD" --db "$T/owned/netpont.db" --backup-to "$T/owned/backups" >/dev/null
	eq "the lock file is nobody's" nobody "$(stat -c %U "$T/owned/netpont.db.lock")"
fi

log "the copy before a migration"
# A database of the previous schema, built from the migrations before the
# last one as an older netpontd left it.
last=$(ls "$NETPONT_SOURCE_DIR"/server/store/schema-v*.sql | sed -E 's/.*-v([0-9]+)\.sql/\1/' | sort -n | tail -n 1)
previous=$((last - 1))
OLD=$T/old/netpont.db
mkdir -p "$T/old"
{
	cat "$NETPONT_SOURCE_DIR/server/store/schema.sql"
	for ((v = 2; v <= previous; v++)); do
		cat "$NETPONT_SOURCE_DIR/server/store/schema-v$v.sql"
	done
	echo "PRAGMA user_version = $previous;"
	echo "INSERT INTO residents (login, name, pin_hash, category_id, created_at)
		VALUES ('nagy', 'Nagy Béla', '', (SELECT min(id) FROM categories), 0);"
} | sqlite3 "$OLD"
eq "the old database has the previous schema" "$previous" "$(sqlite3 "$OLD" 'PRAGMA user_version')"
touch "$T/old/backups"
refused 1 "no migration when the copy cannot be made" "$NETPONTD" --db "$OLD" --listen 127.0.0.1:1
check "it says why" grep -q "was not migrated from schema $previous to $last, because the copy taken first failed" "$T/err"
eq "the database was not migrated" "$previous" "$(sqlite3 "$OLD" 'PRAGMA user_version')"
rm "$T/old/backups"
pick_port
"$NETPONTD" --db "$OLD" --listen "127.0.0.1:$PORT" >"$T/old.log" 2>&1 &
SERVER_PID=$!
check "netpontd starts on it" wait_until 30 grep -q "listening on" "$T/old.log"
stop_server
copy=$(ls "$T"/old/backups/netpont-before-v"$last"-*.db)
check "the copy is in backups/ beside the database" test -f "$copy"
check "the log names it" grep -q "a copy was saved as $copy" "$T/old.log"
eq "the copy has the old schema" "$previous" "$(sqlite3 "$copy" 'PRAGMA user_version')"
eq "and the old data" nagy "$(sqlite3 "$copy" 'SELECT login FROM residents')"
eq "the database was migrated" "$last" "$(sqlite3 "$OLD" 'PRAGMA user_version')"
check "a restore of the copy is accepted" "$NETPONTD" --db "$T/restored.db" --restore "$copy" >/dev/null
finish
