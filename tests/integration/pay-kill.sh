#!/usr/bin/env bash
# Durable payments under group commit: six consoles (netpontctl) pay at
# once, in a loop, while netpontd is killed with SIGKILL in the middle;
# after a restart every payment that a console was told had been taken is
# in the ledger, once. A reply confirms a write only after the COMMIT of
# its batch (server/gateway.c), so no acknowledged payment may be lost.
. "$(dirname "$0")/lib.sh"

PAYERS=6
init_db
# Residents who owe enough, written while no server runs.
for ((n = 0; n < PAYERS; n++)); do
	sqlite3 "$DB" "INSERT INTO residents (login, name, pin_hash, category_id, guest, created_at)
		VALUES ('payer$n', 'Payer $n', 'x', 1, 0, 0);
		INSERT INTO ledger (at, kind, resident_id, amount, category)
		VALUES (0, 'charge', last_insert_rowid(), 1000000, 'standard');"
done
start_server

# payer N: pays 1 for payerN with a new request key until told to stop;
# each key the server acknowledged (netpontctl exit 0) goes to acked.N.
payer() {
	local n=$1 i=0 key
	while [ ! -e "$T/stop" ]; do
		key=$(printf 'kill-%d-%06d' "$n" "$i")
		if ctl pay "payer$n" --amount 1 --request-key "$key" >/dev/null 2>&1; then
			echo "$key" >>"$T/acked.$n"
		fi
		i=$((i + 1))
	done
}
PAYER_PIDS=()
for ((n = 0; n < PAYERS; n++)); do
	payer "$n" &
	PAYER_PIDS+=($!)
done
acked() { cat "$T"/acked.* 2>/dev/null | wc -l; }
some_acked() { [ "$(acked)" -ge 200 ]; }
check "payments are acknowledged" wait_until 60 some_acked
log "kill -9 with $(acked) payments acknowledged and more on their way"
kill -9 "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=
touch "$T/stop"
wait "${PAYER_PIDS[@]}"

start_server
cat "$T"/acked.* | sort >"$T/acked"
sqlite3 "$DB" "SELECT request_key FROM ledger WHERE kind = 'payment'" | sort >"$T/saved"
eq "every acknowledged payment is in the ledger" "" "$(comm -23 "$T/acked" "$T/saved")"
eq "each of them once" "" "$(sqlite3 "$DB" "SELECT request_key FROM ledger
	WHERE request_key IS NOT NULL GROUP BY request_key HAVING count(*) > 1")"
log "$(wc -l <"$T/acked") acknowledged, $(wc -l <"$T/saved") saved"
check "netpontd stops cleanly" stop_server
finish
