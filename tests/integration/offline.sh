#!/usr/bin/env bash
# The server is unreachable: an unlocked agent keeps enforcing its lease and
# locks at its end time; a locked agent refuses logins with a clear reason.
# When the server returns, both agree again.
. "$(dirname "$0")/lib.sh"

init_db
start_server
open_all_day
add_seat PC-01
add_seat PC-02
ctl resident add kovacs --name "Kovács Mária" --pin 1234 >/dev/null
ctl resident add nagy --name "Nagy Béla" --pin 4321 >/dev/null
start_agent PC-01
start_agent PC-02
check "both seats free" wait_until 20 seat_is PC-02 free

check "a 6-second session on PC-01" ctl session start PC-01 --resident kovacs --minutes 0.1
check "PC-01 unlocks" wait_until 10 agent_is PC-01 unlocked
check "netpontd stops" stop_server

check "PC-01 knows the server is gone" wait_until 30 bash -c "[ \"\$($NETPONTCTL --agent $T/PC-01.sock --json status | jq -r .connected)\" = false ]"
check "PC-01 locks at its end time without the server" wait_until 30 agent_is PC-01 locked
eq "PC-02 stays locked" locked "$(agent_field PC-02 state)"
refused 1 "a login at PC-02 is refused while offline" agent PC-02 login nagy 4321
check "the refusal says why" grep -qi "server" "$T/err"
eq "PC-02 is still locked" locked "$(agent_field PC-02 state)"

start_server
check "PC-01 reconnects" wait_until 60 agent_connected PC-01
check "PC-02 reconnects" wait_until 60 agent_connected PC-02
eq "the server ended the session at its time" "time_up" "$(sqlite3 "$DB" "SELECT end_reason FROM sessions ORDER BY id DESC LIMIT 1")"
eq "PC-01 stays locked" locked "$(agent_field PC-01 state)"
check "a login at PC-02 works again" agent PC-02 login nagy 4321
eq "PC-02 unlocked" unlocked "$(agent_field PC-02 state)"

log "a logout said again after a reconnect ends only its own session"
check "netpontd stops again" stop_server
check "PC-02 knows the server is gone" wait_until 30 bash -c "[ \"\$($NETPONTCTL --agent $T/PC-02.sock --json status | jq -r .connected)\" = false ]"
check "Mr Nagy logs out while the server is away" agent PC-02 logout
check "PC-02 stops with the logout still to tell" stop_agent PC-02
start_server
check "a mentor ends Mr Nagy's session meanwhile" ctl session end PC-02
check "and seats Mrs Kovács at PC-02" ctl session start PC-02 --resident kovacs --minutes 20
start_agent PC-02
check "PC-02 reconnects and tells its old logout" wait_until 60 agent_connected PC-02
check "PC-02 follows the server: Mrs Kovács' session" wait_until 10 agent_is PC-02 unlocked
eq "her session still runs" kovacs "$(sqlite3 "$DB" "SELECT r.login FROM sessions s JOIN residents r ON r.id = s.resident_id WHERE s.ended_at IS NULL")"
check "the server logged the old logout as ignored" grep -q "logout of session .* ignored" "$T/server.log"

check "netpontd stops cleanly" stop_server
finish
