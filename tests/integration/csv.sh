#!/usr/bin/env bash
# netpontctl's CSV through the real programs: a staff member whose name a
# spreadsheet would run as a formula ("=SUM(A1)") appears in report totals
# --by staff with a leading apostrophe, in the scripts' format under the C
# locale, in the spreadsheet's under a Hungarian one (no generated hu_HU
# locale needed) and in RFC 4180 when asked; the scripts' format is
# byte for byte what it was before formats existed.
. "$(dirname "$0")/lib.sh"

: "${NETPONT_BUILD_DIR:?NETPONT_BUILD_DIR must name the build directory}"
export NETPONT_LOCALEDIR=$NETPONT_BUILD_DIR/locale

init_db
start_server
NETPONT_PIN=1234 ctl resident add kovacs --name "Kovács Mária" >/dev/null
NETPONT_NEW_PASSWORD=formula-password ctl staff add "=SUM(A1)" --role mentor >/dev/null
as "=SUM(A1)" formula-password charge add kovacs copy --qty 2 >/dev/null
TODAY=$(date +%F)
totals() { ctl report totals --from "$TODAY" --to "$TODAY" --by staff "$@"; }

log "the scripts' format under the C locale"
totals --csv >"$T/plain.csv"
eq "the header" "key,charged,paid,waived" "$(head -n 1 "$T/plain.csv")"
check "the formula-looking name is escaped" grep -qx "'=SUM(A1),40,0,0" "$T/plain.csv"
check "the last line is the total" grep -qx "total,40,0,0" "$T/plain.csv"
check "no CR, no byte-order mark" bash -c "! grep -q \$'\\r' '$T/plain.csv' && ! grep -q \$'\\xEF\\xBB\\xBF' '$T/plain.csv'"

log "a spreadsheet's format under a Hungarian locale"
LC_ALL=hu_HU.UTF-8 totals --csv >"$T/hu.csv"
eq "a byte-order mark and Hungarian headers" $'\xEF\xBB\xBFMunkatárs;Terhelés;Befizetés;Elengedés\r' "$(head -n 1 "$T/hu.csv")"
check "the name escaped there too" grep -q "^'=SUM(A1);40;0;0"$'\r'"\$" "$T/hu.csv"
check "the total in Hungarian" grep -q "^Összesen;40;0;0"$'\r'"\$" "$T/hu.csv"

log "RFC 4180 whatever the locale"
LC_ALL=hu_HU.UTF-8 totals --csv-format rfc4180 >"$T/rfc.csv"
eq "the scripts' header with CRLF" $'key,charged,paid,waived\r' "$(head -n 1 "$T/rfc.csv")"
check "escaped in RFC 4180 too" grep -q "^'=SUM(A1),40,0,0"$'\r'"\$" "$T/rfc.csv"
refused 2 "an unknown format" ctl report totals --from "$TODAY" --to "$TODAY" --csv-format excel
refused 2 "CSV and JSON at once" ctl --json report totals --from "$TODAY" --to "$TODAY" --csv
finish
