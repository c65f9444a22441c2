#!/usr/bin/env bash
# Long lists come in pages within the frame limit, and netpontctl joins
# them: a real netpontd on a real SQLite file with 12,000 seats and 12,000
# residents (written straight into the file, as a city's server would hold
# them); page-probe walks the pages as a client does and checks each frame;
# netpontctl's seat list and resident list, as text and --json, name every
# one exactly once and in order; a cursor from another list, or no cursor
# at all, is refused with a sentence.
. "$(dirname "$0")/lib.sh"

: "${PAGE_PROBE:?PAGE_PROBE must name the page-probe binary}"
N=12000
LIMIT=$((256 * 1024))

init_db
sqlite3 "$DB" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
INSERT INTO seats (name, token_hash, created_at) SELECT printf('pc-%05d', i), 'none', 0 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
INSERT INTO residents (login, name, pin_hash, category_id, created_at)
  SELECT printf('r%05d', i), printf('Kovács Mária %05d', i), 'none',
         (SELECT id FROM categories WHERE name = 'standard'), 0 FROM n;
-- Lists whose rows are long: 1,000 help calls of 500 characters, 3,000
-- waivers with a note of 200, 500 audit rows (what netpontctl audit shows)
-- of 1,000: each list is over a frame.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
INSERT INTO help_calls (seat_id, text, raised_at)
  SELECT i, printf('%05d %.494c', i, 'x'), strftime('%s', 'now') - 1000 + i FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
INSERT INTO ledger (at, kind, resident_id, amount, method, note, category)
  SELECT strftime('%s', 'now') - 3000 + i, 'waiver', i, 100, 'waive', printf('%.200c', 'n'),
         'standard' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
INSERT INTO audit (at, action, detail)
  SELECT strftime('%s', 'now') - 3600 + i, 'bench.row', printf('%04d %.1000c', i, 'd') FROM n;
SQL
start_server

probe() { NETPONT_PASSWORD=$ADMIN_PASSWORD "$PAGE_PROBE" 127.0.0.1 "$PORT" admin "$@"; }

# probe_pages KIND LIMIT MIN_PAGES: every row once, more than one page,
# every frame within the limit.
probe_pages() {
	local out pages rows largest
	out=$(probe "$1" "$2") || { fail "$1 with limit $2: a frame over the limit ($out)"; return; }
	read -r _ pages _ rows _ largest <<<"$out"
	eq "$1 with limit $2: every row" "$N" "$rows"
	check "$1 with limit $2: $pages pages (at least $3)" test "$pages" -ge "$3"
	check "$1 with limit $2: the largest frame ($largest bytes) is within $LIMIT" \
		test "$largest" -le "$LIMIT"
}
# What an old client gets (no limit): as many rows as fit in one frame.
probe_pages seats 0 2
probe_pages residents 0 2
probe_pages seats 1000 12
probe_pages residents 700 18

expected_seats() { seq -f 'pc-%05g' 1 "$N"; }
expected_residents() { seq -f 'r%05g' 1 "$N"; }

ctl seat list >"$T/seats.txt"
eq "seat list: a header and one line per seat" $((N + 1)) "$(wc -l <"$T/seats.txt")"
eq "seat list: the header" "SEAT" "$(head -n 1 "$T/seats.txt" | awk '{print $1}')"
check "seat list: every seat once, in name order" \
	cmp -s <(tail -n +2 "$T/seats.txt" | awk '{print $1}') <(expected_seats)
check "seat list: the rows of the seats without a help call are laid out alike" \
	test "$(tail -n +1002 "$T/seats.txt" | awk '{print length($0)}' | sort -u | wc -l)" = 1

ctlj seat list >"$T/seats.json"
check "seat list --json: every seat once, in name order" \
	cmp -s <(python3 -c 'import json,sys; [print(s["name"]) for s in json.load(sys.stdin)]' \
		<"$T/seats.json") <(expected_seats)
check "seat list --json: one JSON array" \
	python3 -c 'import json,sys; assert isinstance(json.load(sys.stdin), list)' <"$T/seats.json"

ctl resident list >"$T/residents.txt"
eq "resident list: a header and one line per resident" $((N + 1)) "$(wc -l <"$T/residents.txt")"
check "resident list: every resident once, in login order" \
	cmp -s <(tail -n +2 "$T/residents.txt" | awk '{print $1}') <(expected_residents)
ctlj resident list >"$T/residents.json"
check "resident list --json: every resident once, in login order" \
	cmp -s <(python3 -c 'import json,sys; [print(r["login"]) for r in json.load(sys.stdin)]' \
		<"$T/residents.json") <(expected_residents)
# A search's pages follow the search.
eq "resident list 'Mária 11': the 1,000 that match" 1000 \
	"$(ctlj resident list 'Mária 11' | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"

# The other long lists: every row once, in their order.
ids() { python3 -c 'import json,sys; [print(r[sys.argv[1]]) for r in json.load(sys.stdin)]' "$1"; }
check "help list --all: 1,000 long calls once each, oldest first" \
	cmp -s <(ctlj help list --all | ids id) <(seq 1 1000)
today=$(date +%F)
check "report waivers: 3,000 waivers once each, oldest first" \
	cmp -s <(ctlj report waivers --from "$today" --to "$today" | ids id) \
	<(sqlite3 "$DB" "SELECT id FROM ledger WHERE kind = 'waiver' ORDER BY at, id")
check "audit --action bench.row: its 500 newest rows once each, newest first" \
	cmp -s <(ctlj audit --action bench.row | ids id) \
	<(sqlite3 "$DB" "SELECT id FROM audit WHERE action = 'bench.row' ORDER BY at DESC, id DESC LIMIT 500")
eq "help list --all as text: a header and 1,000 lines" 1001 "$(ctl help list --all | wc -l)"

# Bad cursors change nothing and say why.
count_seats() { sqlite3 "$DB" 'SELECT count(*) FROM seats'; }
before=$(count_seats)
out=$(probe seats 0 "resident:r00001")
eq "a resident cursor sent to the seat list is refused as a bad request" \
	"refused 1 This cursor does not come from a list of seats." "$(cut -d. -f1 <<<"$out")."
out=$(probe seats 0 "x")
eq "a cursor that is no cursor is refused" "refused 1" "$(cut -d' ' -f1-2 <<<"$out")"
out=$(probe residents 0 "seat:pc-00001")
eq "a seat cursor sent to the resident list is refused" \
	"refused 1 This cursor does not come from a list of residents." "$(cut -d. -f1 <<<"$out")."
eq "the refusals changed nothing" "$before" "$(count_seats)"
# A cursor is kept: the page after the last seat but one holds the last seat.
out=$(probe seats 0 "seat:pc-11999") || true
eq "the page after pc-11999 is accepted" "accepted" "$out"

stop_server
finish
