#!/usr/bin/env bash
# The directory through the PC's agent (issue 14), as the greeter and a
# kiosk PC ask for it on the control socket, without a session: the live
# entries from the server (search and category), the uses counted
# anonymously, a use that is not one refused; the full list kept beside the
# lease file, and served from there (offline, filtered on the PC) when the
# server is away, also by an agent restarted meanwhile; a slip of an entry
# it does not know refused. (The slip itself: tests/lock/test-lock-directory.c,
# with a private cupsd.)
. "$(dirname "$0")/lib.sh"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale
client() { python3 "$(dirname "$0")/control-client.py" "$T/$1.sock" "${@:2}"; }
titles() { client PC-01 directory-list "$1" "$2" en | sed -n 's/^entry [0-9]* [a-z_]* //p' | paste -sd '|'; }

room_online PC-01
now=$(date +%s)
sqlite3 "$DB" <<SQL
INSERT INTO directory_entries (id, category, title, body, hours, address, phone, created_at, updated_at)
VALUES (1, 'service', 'Háziorvosi rendelő', 'Dr. Kiss Anna, felnőtt háziorvos', 'H–P 8:00–12:00', 'Fő utca 3.', '+36 1 234 5678', $now, $now),
       (2, 'institution', 'Munkaügyi központ', 'Álláskeresők nyilvántartása', 'H–Cs 8:00–15:00', 'Petőfi tér 1.', '', $now, $now),
       (3, 'ngo', 'Idősek klubja', 'Kártya, torna, közös ebéd', '', 'Fő utca 10.', '', $now, $now);
INSERT INTO directory_entries (id, category, title, valid_until, created_at, updated_at)
VALUES (4, 'event', 'Tavaszi bál', '2020-04-01', $now, $now);
SQL

log "the list from the server, without a session"
check "the PC is locked" agent_is PC-01 locked
client PC-01 directory-list "" "" en >"$T/list"
check "online" grep -qx "offline false" "$T/list"
eq "the live entries, not the expired one" "3" "$(grep -c '^entry' "$T/list")"
eq "a word narrows it" "Háziorvosi rendelő" "$(titles orvos '')"
eq "a category narrows it" "Idősek klubja" "$(titles '' ngo)"
check "the full list is kept beside the lease file" test -s "$T/PC-01.state/lease-PC-01.directory"

log "uses are counted, anonymously"
eq "open" "ok" "$(client PC-01 directory-used open)"
eq "view" "ok" "$(client PC-01 directory-used view)"
out=$(client PC-01 directory-used peek)
check "a use that is not one is refused with a sentence" grep -q "^error .*open, view, search or print" <<<"$out"
counted() { [ "$(sqlite3 "$DB" "SELECT coalesce(sum(count), 0) FROM directory_usage WHERE what IN ('open', 'view')")" == 2 ]; }
check "counted per day and PC" wait_until 10 counted
eq "nothing but day, PC, kind and count" "day|seat_id|what|count" \
	"$(sqlite3 "$DB" "PRAGMA table_info(directory_usage)" | cut -d"|" -f2 | paste -sd "|")"

log "a slip of an entry the PC does not know is refused"
out=$(client PC-01 directory-print 999 en)
check "with a sentence" grep -q "^error .*not in the directory any more" <<<"$out"

log "the server is away: the kept list, filtered on the PC"
check "the server stops" stop_server
agent_offline() { ! agent_connected PC-01; }
check "the PC notices" wait_until 20 agent_offline PC-01
client PC-01 directory-list "" "" en >"$T/list"
check "offline" grep -qx "offline true" "$T/list"
eq "the whole kept list" "3" "$(grep -c '^entry' "$T/list")"
eq "a word narrows it here too" "Munkaügyi központ" "$(titles "álláskeresők" '')"
eq "a category too" "Háziorvosi rendelő" "$(titles '' service)"

log "an agent restarted while the server is away still has it"
stop_agent PC-01
start_agent PC-01
eq "the kept list" "3" "$(client PC-01 directory-list "" "" en | grep -c '^entry')"
finish
