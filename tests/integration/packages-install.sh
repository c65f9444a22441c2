#!/usr/bin/env bash
# The release packages as an administrator meets them, on this machine:
# built with scripts/build-packages, checked by lintian (no errors) and for
# their hardening, installed with apt-get, their accounts, folders, files,
# conffiles and units checked, a conffile edited and kept through a
# reinstall and an upgrade, then the room of README.md's "Setting up a real
# room" set up with exactly the commands listed there: the first
# administrator, the server, a seat, the PC joined with its join code and
# the agent run unprivileged, a resident's login through the agent's control
# socket, a charge, a payment, the bill and the day's report, the end of the
# session and the reset after it (both through systemctl), a backup with
# netpontctl and one of the daily unit, and a restore into a destroyed
# database that finds the payment again. Then everything is removed and
# purged, and what is left is what README.md says is kept.
#
# Usage: packages-install.sh SOURCE_DIR
#
# systemd need not be PID 1: a unit is started as systemd would start it,
# read from the installed unit file (User=, Group=, SupplementaryGroups=,
# Environment=, UMask=, RuntimeDirectory=, StateDirectory=, LoadCredential=,
# ExecStartPre=, ExecStart=), and a unit with a setting that changes what
# its program sees and that the test cannot give it fails the test with a
# sentence. Sandboxing settings only take away, and are left out. The
# programs run in the time zone where it is noon (lib.sh), like every
# integration test. The agent's `systemctl start UNIT` (the end of the
# public session and the reset after it) reaches the test through a
# stand-in systemctl that is first
# in the agent's PATH; the test runs the unit as root and answers with its
# exit status. Where systemd does run (the CI's fresh VM) it is left alone:
# the packages' scripts enable the units, which start only once the
# database and the token exist, and the test removes everything before it.
#
# Needs root and a machine where nothing of Netpont is installed (skipped
# with 77 otherwise). The packages are purged, and what purge keeps on
# purpose is deleted, when the test ends, also when it fails.
#
# Each step is a function named step_*, run in order at the end of the file.
set -euo pipefail
SRC=$(cd "$1" && pwd)

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: the test installs packages and makes accounts: it needs root"
	exit 77
fi
for tool in apt-get dpkg-deb lintian readelf setpriv runuser systemd-analyze jq; do
	if ! command -v "$tool" >/dev/null; then
		echo "SKIP: $tool is not installed (scripts/install-deps installs it)"
		exit 77
	fi
done

# What of Netpont is on this machine: a package in any state but "not
# installed", an account, a folder that is not empty.
netpont_leftovers() {
	dpkg-query -W -f='${Package} ${Status}\n' 'netpont-*' 2>/dev/null |
		awk '$NF != "not-installed" { print "package " $1 }' || true
	local name
	for name in _netpont _netpont-agent netpont-public; do
		if getent passwd "$name" >/dev/null; then echo "user $name"; fi
	done
	if getent group netpont-screens >/dev/null; then echo "group netpont-screens"; fi
	for name in $NETPONT_FOLDERS; do
		if [ -e "$name" ] && [ -n "$(ls -A "$name")" ]; then echo "$name"; fi
	done
	# The agent's postinst notes here that it made the group lpadmin.
	if [ -e /var/lib/netpont-agent.lpadmin ]; then echo /var/lib/netpont-agent.lpadmin; fi
}
NETPONT_FOLDERS="/etc/netpont /var/lib/netpont /var/lib/netpont-agent /run/netpont /home/netpont-public"
found=$(netpont_leftovers)
# Empty folders of those names (an agent run elsewhere may leave its state
# folder) are put back as they were at the end: "mode owner:group path".
EMPTY_BEFORE=$(for name in $NETPONT_FOLDERS; do
	if [ -d "$name" ]; then stat -c '%a %U:%G %n' "$name"; fi
done)
# CUPS' group lpadmin, which the agent's package makes when CUPS has not:
# purge must leave it as it was.
LPADMIN_BEFORE=$(getent group lpadmin || true)
if [ -n "$found" ]; then
	echo "SKIP: this test installs and purges Netpont, and this machine already has some of it:"
	echo "$found"
	exit 77
fi

# lib.sh's helpers, on the installed programs.
export NETPONTD=/usr/sbin/netpontd NETPONT_AGENT=/usr/bin/netpont-agent NETPONTCTL=/usr/bin/netpontctl
# shellcheck source=lib.sh
. "$SRC/tests/integration/lib.sh"

# The services' users must reach the test's stand-in systemctl below $T.
chmod 0711 "$T"
DEBS=$T/debs
UNITDIR=/usr/lib/systemd/system
PACKAGES=(netpont-server netpont-agent netpont-console)
INSTALLED=
declare -A UNIT_PID=()
RUNTIME_DIRS=()
SYSTEMCTL_PID=
TODAY=
JOIN_CODE=
BACKUP_FILE=$T/netpont-backup.db
ADMIN_NOTE="# PC-03 is the one by the window (the administrator's note)"

# --- the machine as it was ----------------------------------------------------

# Stops what the test started, purges the packages and deletes what purge
# keeps on purpose (the database folder and its owner), then lib.sh's
# cleanup. Nothing here may fail.
packages_cleanup() {
	local rc=$?
	local unit
	for unit in "${!UNIT_PID[@]}"; do
		kill -TERM "${UNIT_PID[$unit]}" 2>/dev/null || true
	done
	if [ -n "$SYSTEMCTL_PID" ]; then
		kill -TERM "$SYSTEMCTL_PID" 2>/dev/null || true
	fi
	wait 2>/dev/null || true
	if [ -n "$INSTALLED" ]; then
		purge_packages >>"$T/cleanup.log" 2>&1 || true
	fi
	rm -rf /var/lib/netpont /var/lib/netpont-agent /run/netpont
	if getent passwd _netpont >/dev/null; then userdel _netpont 2>/dev/null || true; fi
	if getent group _netpont >/dev/null; then groupdel _netpont 2>/dev/null || true; fi
	local mode owner path
	while read -r mode owner path; do
		if [ -n "$path" ]; then install -d -m "$mode" -o "${owner%:*}" -g "${owner#*:}" "$path" || true; fi
	done <<<"$EMPTY_BEFORE"
	if [ "$rc" != 0 ]; then
		FAILURES=$((FAILURES + 1))
	fi
	cleanup
}
trap packages_cleanup EXIT

# --- README.md's commands --------------------------------------------------------

# The fenced sh blocks of README.md's "Setting up a real room", one command
# a line.
readme_commands() {
	awk '
		/^## / { inside = ($0 == "## Setting up a real room") }
		inside && /^ *```sh$/ { block = 1; next }
		inside && /^ *```$/ { block = 0; next }
		inside && block { sub(/^ +/, ""); if ($0 != "") print }
	' "$SRC/README.md"
}

# readme_run COMMAND: runs a command of README.md's "Setting up a real room"
# as written there, with its words in capitals filled in (OUTDIR, TODAY,
# OFFICE-PC, CODE: the join code of step_agent, FILE: the backup's file),
# and notes that it ran. apt-get answers yes and waits for the lock
# (APT_CONFIG); `systemctl start|stop NAME` starts or stops the unit as
# systemd would.
readme_run() {
	local cmd=$1
	printf '%s\n' "$cmd" >>"$T/readme-ran"
	cmd=${cmd//OUTDIR/$DEBS}
	cmd=${cmd//TODAY/$TODAY}
	cmd=${cmd//OFFICE-PC/127.0.0.1:$PORT}
	cmd=${cmd//CODE/$JOIN_CODE}
	cmd=${cmd//FILE/$BACKUP_FILE}
	case $cmd in
	"systemctl start "*)
		start_unit "${cmd#systemctl start }.service"
		;;
	"systemctl stop "*)
		stop_unit "${cmd#systemctl stop }.service"
		;;
	*)
		APT_CONFIG=$T/apt.conf DEBIAN_FRONTEND=noninteractive bash -c "$cmd"
		;;
	esac
}

# Commands README.md lists that this test does not run, each with the reason.
declare -A README_NOT_RUN=(
	["netpont-console --server OFFICE-PC"]="a window: console-end-to-end runs the console against a real server"
)

# --- systemd, as far as the test stands in for it ---------------------------------

# unit_values UNIT KEY: each value of KEY= in the [Service] section of the
# installed UNIT, one a line.
unit_values() {
	awk -v key="$2" '
		/^\[/ { service = ($0 == "[Service]"); next }
		service && index($0, key "=") == 1 { print substr($0, length(key) + 2) }
	' "$UNITDIR/$1"
}

# Settings that change what a unit's program sees or runs and that
# start_unit does not give it: a unit with one of them cannot be run here.
UNIT_NOT_EMULATED="AmbientCapabilities DynamicUser EnvironmentFile PassEnvironment WorkingDirectory
RootDirectory RootImage BindPaths BindReadOnlyPaths TemporaryFileSystem ExecStartPost
LoadCredentialEncrypted SetCredential SetCredentialEncrypted StandardInput"

# tmp_binds_only UNIT: UNIT has PrivateTmp= and binds only paths below /tmp
# into it (with its own path on both sides).
tmp_binds_only() {
	local path
	case $(unit_values "$1" PrivateTmp | tail -n 1) in
	yes | true | 1 | on) ;;
	*) return 1 ;;
	esac
	for path in $(unit_values "$1" BindReadOnlyPaths); do
		path=${path#-}
		[[ $path == /tmp/* && $path != *:* && $path != *..* ]] || return 1
	done
}

# start_unit UNIT: runs the installed UNIT's ExecStartPre= and ExecStart= as
# systemd would (see the top of the file). A oneshot unit runs to its end
# and its exit status is returned; another runs in the background, logging
# to $T/UNIT.log, until stop_unit.
start_unit() {
	local unit=$1 file=$UNITDIR/$1 key
	if [ ! -f "$file" ]; then
		echo "no unit $file" >&2
		return 1
	fi
	# (An empty value, as AmbientCapabilities=, sets nothing.)
	for key in $(sed -n 's/^\([A-Za-z]*\)=[[:space:]]*[^[:space:]].*/\1/p' "$file" | sort -u); do
		# A path of /tmp bound into a private /tmp (netpont-agent.service's
		# X11 sockets) is what the program sees here anyway: the test gives
		# it the machine's /tmp.
		if [ "$key" = BindReadOnlyPaths ] && tmp_binds_only "$unit"; then continue; fi
		case " ${UNIT_NOT_EMULATED//$'\n'/ } " in
		*" $key "*)
			echo "$unit has $key=, which this test cannot give its program as systemd would" >&2
			return 1
			;;
		esac
	done
	local user group home umask_value type
	user=$(unit_values "$unit" User | tail -n 1)
	user=${user:-root}
	group=$(unit_values "$unit" Group | tail -n 1)
	group=${group:-$(id -gn "$user")}
	home=$(getent passwd "$user" | cut -d: -f6)
	umask_value=$(unit_values "$unit" UMask | tail -n 1)
	type=$(unit_values "$unit" Type | tail -n 1)

	# The folders systemd makes for the unit, owned by its user.
	local dir mode
	for dir in $(unit_values "$unit" RuntimeDirectory); do
		mode=$(unit_values "$unit" RuntimeDirectoryMode | tail -n 1)
		install -d -m "${mode:-0755}" -o "$user" -g "$group" "/run/$dir"
		RUNTIME_DIRS+=("/run/$dir")
	done
	for dir in $(unit_values "$unit" StateDirectory); do
		mode=$(unit_values "$unit" StateDirectoryMode | tail -n 1)
		install -d -m "${mode:-0755}" -o "$user" -g "$group" "/var/lib/$dir"
	done

	# systemd's environment for a service with User=, the unit's own, and
	# the stand-in systemctl first in PATH.
	local line
	local envs=("PATH=$T/shim:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
		LANG=C.UTF-8 "TZ=$TZ" "HOME=$home" "USER=$user" "LOGNAME=$user")
	while IFS= read -r line; do
		if [ -n "$line" ]; then eval "envs+=($line)"; fi
	done < <(unit_values "$unit" Environment)
	local id name path
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		id=${line%%:*}
		path=${line#*:}
		install -d -m 0500 -o "$user" -g "$group" "$T/credentials/$unit"
		install -m 0400 -o "$user" -g "$group" "$path" "$T/credentials/$unit/$id"
		envs+=("CREDENTIALS_DIRECTORY=$T/credentials/$unit")
	done < <(unit_values "$unit" LoadCredential)

	# The user's groups and SupplementaryGroups=, as numbers.
	local gids
	gids=$(id -G "$user" | tr ' ' '\n')
	for name in $(unit_values "$unit" SupplementaryGroups); do
		gids+=$'\n'$(getent group "$name" | cut -d: -f3)
	done
	gids=$(sort -un <<<"$gids" | paste -sd, -)
	local as=() as_root=()
	if [ "$user" != root ]; then
		as=(setpriv --reuid="$user" --regid="$group" --groups="$gids" --)
	fi

	# unit_exec PREFIXED_COMMAND: runs one Exec line to its end, with
	# systemd's prefixes - (a failure is no failure) and + (as root);
	# unit_exec_background: the same in the background, the program itself
	# being the background process.
	local ignore who argv
	unit_command() {
		local line=$1
		ignore=false
		who=("${as[@]}")
		while [[ $line == [-@:+!]* ]]; do
			case ${line:0:1} in
			-) ignore=true ;;
			+) who=("${as_root[@]}") ;;
			esac
			line=${line:1}
		done
		read -ra argv <<<"$line"
	}
	unit_run() {
		if [ -n "$umask_value" ]; then umask "$umask_value"; fi
		exec "${who[@]}" env -i "${envs[@]}" "${argv[@]}" >>"$T/$unit.log" 2>&1
	}
	local rc
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		unit_command "$line"
		rc=0
		(unit_run) || rc=$?
		if [ "$rc" != 0 ] && [ "$ignore" = false ]; then return "$rc"; fi
	done < <(unit_values "$unit" ExecStartPre)
	unit_command "$(unit_values "$unit" ExecStart | tail -n 1)"
	if [ "$type" = oneshot ]; then
		rc=0
		(unit_run) || rc=$?
		if [ "$ignore" = true ]; then rc=0; fi
		return "$rc"
	fi
	unit_run &
	UNIT_PID[$unit]=$!
}

# stop_unit UNIT: SIGTERM, as systemd stops it; its exit status. Its
# RuntimeDirectory= goes, as systemd removes it.
stop_unit() {
	local unit=$1 pid=${UNIT_PID[$1]} rc=0 dir
	kill -TERM "$pid"
	wait "$pid" || rc=$?
	unset "UNIT_PID[$unit]"
	for dir in $(unit_values "$unit" RuntimeDirectory); do
		rm -rf "/run/$dir"
	done
	return $rc
}

# The stand-in systemctl: `systemctl start UNIT` leaves a request in a
# sticky spool folder and waits for the answer, which serve_systemctl (as
# root) writes after running the unit with start_unit.
make_systemctl() {
	install -d -m 0755 "$T/shim"
	install -d -m 1733 "$T/shim/spool"
	cat >"$T/shim/systemctl" <<SH
#!/bin/sh
# packages-install.sh's stand-in for systemctl (systemd is not PID 1 here).
if [ "\$#" != 2 ] || [ "\$1" != start ]; then
	echo "systemctl (the test's stand-in) knows only: systemctl start UNIT" >&2
	exit 1
fi
name=\$(date +%s%N).\$\$
printf '%s\n' "\$2" >"$T/shim/spool/\$name.new"
mv "$T/shim/spool/\$name.new" "$T/shim/spool/\$name.req"
while [ ! -e "$T/shim/spool/\$name.done" ]; do sleep 0.1; done
exit "\$(cat "$T/shim/spool/\$name.done")"
SH
	chmod 0755 "$T/shim/systemctl"
}
serve_systemctl() {
	local req unit rc
	while :; do
		for req in "$T"/shim/spool/*.req; do
			[ -e "$req" ] || continue
			unit=$(cat "$req")
			rm -f "$req"
			rc=0
			start_unit "$unit" >>"$T/systemctl.log" 2>&1 || rc=$?
			echo "start $unit: $rc" >>"$T/systemctl.log"
			echo "$rc" >"${req%.req}.done.new"
			chmod 0644 "${req%.req}.done.new"
			mv "${req%.req}.done.new" "${req%.req}.done"
		done
		sleep 0.2
	done
}

# readme_run_to FILE COMMAND: readme_run with its output in FILE.
readme_run_to() { readme_run "$2" >"$1"; }
# in_debs COMMAND: readme_run in the packages' folder, logging to apt.log.
in_debs() { (cd "$DEBS" && readme_run "$1") >>"$T/apt.log" 2>&1; }

# purge_packages: apt-get purge of those of the packages dpkg still knows
# (one removed without conffiles is gone already).
purge_packages() {
	local known
	known=$(dpkg-query -W -f='${Package} ${Status}\n' "${PACKAGES[@]}" 2>/dev/null |
		awk '$NF != "not-installed" { print $1 }' || true)
	if [ -z "$known" ]; then return 0; fi
	# shellcheck disable=SC2086 # one package a word
	DEBIAN_FRONTEND=noninteractive apt-get purge -y -q -o DPkg::Lock::Timeout=600 $known
}

# --- checks ---------------------------------------------------------------------

# resets_finished N: the agent has seen N resets finish.
resets_finished() {
	[ "$(grep -c 'the reset finished' "$T/netpont-agent.service.log")" -ge "$1" ]
}
# owner_mode PATH: "user:group mode", as stat prints them.
owner_mode() { stat -c '%U:%G %a' "$1"; }
# in_group GROUP USER: USER is a member of GROUP (listed in /etc/group).
in_group() { [[ ",$(getent group "$1" | cut -d: -f4)," == *",$2,"* ]]; }
conffiles() { dpkg-query -W -f='${Conffiles}\n' "$1" | awk 'NF { print $1 }'; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
# elf_files DIR: the ELF programs below DIR.
elf_files() {
	local f
	while IFS= read -r -d '' f; do
		if [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ]; then echo "$f"; fi
	done < <(find "$1" -type f -perm -u+x -print0)
}

# --- the steps ----------------------------------------------------------------------

step_build() {
	log "build the release packages (README step 1)"
	printf 'APT::Get::Assume-Yes "true";\nDPkg::Lock::Timeout "600";\n' >"$T/apt.conf"
	install -d -m 0755 "$DEBS"
	if ! (cd "$SRC" && readme_run 'scripts/install-deps' && readme_run 'scripts/build-packages OUTDIR') \
		>"$T/build.log" 2>&1; then
		tail -n 40 "$T/build.log"
		fail "scripts/build-packages failed"
		return 1
	fi
	local pkg
	for pkg in "${PACKAGES[@]}"; do
		check "$pkg was built" test -f "$(ls "$DEBS/${pkg}"_*.deb 2>/dev/null | head -n 1)"
	done
}

step_lintian() {
	log "lintian"
	lintian --tag-display-limit 0 "$DEBS"/*.deb >"$T/lintian.log" 2>&1 || true
	sed 's/^/# lintian: /' "$T/lintian.log" | grep -v 'root privileges' || true
	eq "lintian reports no errors" "" "$(grep '^E: ' "$T/lintian.log" || true)"
}

step_hardening() {
	log "the programs are stripped and hardened"
	local x="$T/unpacked" deb f
	for deb in "$DEBS"/*.deb; do
		dpkg-deb -x "$deb" "$x"
	done
	local programs
	programs=$(elf_files "$x")
	check "the packages hold programs" test -n "$programs"
	while IFS= read -r f; do
		local name=${f#"$x"}
		check "$name is stripped" bash -c "! readelf -W -S '$f' | grep -q '\\.symtab'"
		check "$name is position-independent" bash -c "readelf -W -h '$f' | grep -q 'Type:.*DYN'"
		check "$name has full RELRO" bash -c "readelf -W -l '$f' | grep -q GNU_RELRO && readelf -W -d '$f' | grep -q 'BIND_NOW\\|FLAGS.*NOW'"
		check "$name has the stack protector" bash -c "readelf -W --dyn-syms '$f' | grep -q __stack_chk_fail"
		check "$name is fortified" bash -c "readelf -W --dyn-syms '$f' | grep -q '__[a-z_]*_chk'"
	done <<<"$programs"
}

step_install() {
	log "install the three packages (README steps 2, 4 and 5)"
	INSTALLED=yes
	local cmd
	for cmd in 'apt-get install ./netpont-server_*.deb' 'apt-get install ./netpont-agent_*.deb' \
		'apt-get install ./netpont-console_*.deb'; do
		check "$cmd" in_debs "$cmd"
	done
	local pkg
	for pkg in "${PACKAGES[@]}"; do
		check "$pkg is installed" installed "$pkg"
	done
}

step_accounts() {
	log "accounts and groups"
	local uid
	check "the server's user _netpont is a system user" \
		bash -c '[ "$(id -u _netpont)" -lt 1000 ] && [ "$(id -gn _netpont)" = _netpont ]'
	eq "_netpont's home and shell" "/var/lib/netpont:/usr/sbin/nologin" \
		"$(getent passwd _netpont | cut -d: -f6,7)"
	check "the agent's user _netpont-agent is a system user" \
		bash -c '[ "$(id -u _netpont-agent)" -lt 1000 ]'
	eq "_netpont-agent's shell" /usr/sbin/nologin "$(getent passwd _netpont-agent | cut -d: -f7)"
	uid=$(id -u netpont-public)
	check "netpont-public is a regular user (uid $uid)" test "$uid" -ge 1000
	check "netpont-public has no password" \
		bash -c "[[ \$(getent shadow netpont-public | cut -d: -f2) == [\\!*]* ]]"
	check "netpont-public says what it is" \
		bash -c 'getent passwd netpont-public | cut -d: -f5 | grep -q "Netpont public PC account"'
	check "netpont-public has its home folder" test -d /home/netpont-public
	local member
	for member in lightdm netpont-public _netpont-agent; do
		check "$member is in netpont-screens" in_group netpont-screens "$member"
	done
	check "the server's user is not in netpont-screens" bash -c '! in_group netpont-screens _netpont'
	# cupsd asks /etc/group, not the process's groups (README.md, "The
	# agent's privileges").
	check "_netpont-agent is in CUPS' group lpadmin, in /etc/group" in_group lpadmin _netpont-agent
	check "nobody else joined lpadmin" bash -c '! in_group lpadmin _netpont && ! in_group lpadmin netpont-public'
}

step_files() {
	log "folders, files and conffiles"
	local mode
	mode=$(unit_values netpontd.service StateDirectoryMode | tail -n 1)
	eq "/var/lib/netpont is _netpont's, as netpontd.service's StateDirectoryMode" \
		"_netpont:_netpont ${mode#0}" "$(owner_mode /var/lib/netpont)"
	check "/etc/netpont/skel is a copy of /etc/skel" diff -r /etc/skel /etc/netpont/skel
	local f
	for f in /usr/sbin/netpontd /usr/bin/netpontctl /usr/bin/netpont-agent /usr/sbin/netpont-greeter \
		/usr/bin/netpont-bar /usr/libexec/netpont/netpont-reset /usr/bin/netpont-console; do
		check "$f is root's and runs" bash -c "[ -x '$f' ] && [ \"\$(stat -c %U '$f')\" = root ]"
	done
	check "netpontctl is netpont-server's" bash -c 'dpkg -S /usr/bin/netpontctl | grep -q "^netpont-server:"'
	eq "netpont-server's conffiles" /etc/netpont/netpontd.conf "$(conffiles netpont-server)"
	check "agent.conf is one of netpont-agent's conffiles" bash -c "conffiles netpont-agent | grep -qx /etc/netpont/agent.conf"
	eq "netpont-console has no conffiles" "" "$(conffiles netpont-console)"
	local rule=/usr/share/polkit-1/rules.d/60-netpont-agent.rules
	eq "the polkit rule is root's and readable" "root:root 644" "$(owner_mode "$rule")"
	check "it names the agent's user" grep -q '_netpont-agent' "$rule"
	check "agent.conf ends the public session through netpont-end-session.service" \
		grep -qx 'end_session = systemctl start netpont-end-session.service' /etc/netpont/agent.conf
	for f in /usr/share/applications/hu.netpont.Console.desktop \
		/usr/share/metainfo/hu.netpont.Console.metainfo.xml \
		/usr/share/glib-2.0/schemas/hu.netpont.Console.gschema.xml \
		/usr/share/icons/hicolor/scalable/apps/hu.netpont.Console.svg; do
		check "$f is installed" test -f "$f"
	done
	check "the console's desktop entry starts the installed program" \
		grep -qx 'Exec=netpont-console' /usr/share/applications/hu.netpont.Console.desktop
	local pkg
	for pkg in "${PACKAGES[@]}"; do
		check "$pkg has its copyright" \
			grep -q '^License: GPL-3+$' "/usr/share/doc/$pkg/copyright"
		check "$pkg has its changelog" \
			bash -c "zcat /usr/share/doc/$pkg/changelog.Debian.gz | head -n 1 | grep -q '^netpont ($(dpkg-query -W -f='${Version}' "$pkg"))'"
	done
}

step_units() {
	log "the installed units"
	local unit out units
	units=$(dpkg-query -L "${PACKAGES[@]}" | grep "^$UNITDIR/.*\.\(service\|timer\|socket\|path\)$" | sort)
	for unit in netpontd.service netpont-backup.service netpont-backup.timer netpont-agent.service \
		netpont-end-session.service netpont-reset.service; do
		check "$unit is installed" grep -qx "$UNITDIR/$unit" <<<"$units"
	done
	while IFS= read -r unit; do
		if out=$(systemd-analyze verify --man=no "$unit" 2>&1) && [ -z "$out" ]; then
			echo "ok - systemd-analyze verify $unit"
			CHECKS=$((CHECKS + 1))
		else
			CHECKS=$((CHECKS + 1))
			fail "systemd-analyze verify $unit: $out"
		fi
	done <<<"$units"
	check "netpontd.service runs the installed netpontd" \
		bash -c "unit_values netpontd.service ExecStart | grep -q '^[-@:+!]*/usr/sbin/netpontd '"
	check "netpontd.service runs as _netpont" \
		bash -c '[ "$(unit_values netpontd.service User)" = _netpont ]'
}

# repack DEB VERSION OUT: the same package with another version, as an
# upgrade would bring it.
repack() {
	local dir=$T/repack
	rm -rf "$dir"
	dpkg-deb -R "$1" "$dir"
	sed -i "s/^Version: .*/Version: $2/" "$dir/DEBIAN/control"
	dpkg-deb --root-owner-group -b "$dir" "$3" >/dev/null
}

step_conffiles() {
	log "edited conffiles survive a reinstall and an upgrade"
	pick_port
	# The administrator's edits: the server on the test's own port, and a
	# note in agent.conf (the join fills in its server, fingerprint and
	# seat later, keeping the note).
	sed -i "s/^listen = .*/listen = 127.0.0.1:$PORT/" /etc/netpont/netpontd.conf
	echo "$ADMIN_NOTE" >>/etc/netpont/agent.conf
	local server_sum agent_sum
	server_sum=$(sha256sum /etc/netpont/netpontd.conf)
	agent_sum=$(sha256sum /etc/netpont/agent.conf)
	local server_deb agent_deb version
	server_deb=$(ls "$DEBS"/netpont-server_*.deb)
	agent_deb=$(ls "$DEBS"/netpont-agent_*.deb)
	local accounts
	accounts="$(id _netpont) $(id _netpont-agent) $(id netpont-public)"
	check "the same packages installed again" bash -c "APT_CONFIG='$T/apt.conf' DEBIAN_FRONTEND=noninteractive \
		apt-get install --reinstall '$server_deb' '$agent_deb' >>'$T/apt.log' 2>&1"
	eq "netpontd.conf kept after a reinstall" "$server_sum" "$(sha256sum /etc/netpont/netpontd.conf)"
	eq "agent.conf kept after a reinstall" "$agent_sum" "$(sha256sum /etc/netpont/agent.conf)"
	version=$(dpkg-query -W -f='${Version}' netpont-server)
	repack "$server_deb" "$version+upgrade1" "$T/netpont-server-upgrade.deb"
	repack "$agent_deb" "$version+upgrade1" "$T/netpont-agent-upgrade.deb"
	check "an upgrade installs" bash -c "cd '$T' && APT_CONFIG='$T/apt.conf' DEBIAN_FRONTEND=noninteractive \
		apt-get install ./netpont-server-upgrade.deb ./netpont-agent-upgrade.deb >>'$T/apt.log' 2>&1"
	eq "the upgrade is installed" "$version+upgrade1" "$(dpkg-query -W -f='${Version}' netpont-server)"
	eq "netpontd.conf kept after an upgrade" "$server_sum" "$(sha256sum /etc/netpont/netpontd.conf)"
	eq "agent.conf kept after an upgrade" "$agent_sum" "$(sha256sum /etc/netpont/agent.conf)"
	check "dpkg left no .dpkg-dist or .dpkg-old beside them" \
		bash -c '! ls /etc/netpont/*.dpkg-* 2>/dev/null | grep -q .'
	eq "the accounts are the same after the upgrade" "$accounts" \
		"$(id _netpont) $(id _netpont-agent) $(id netpont-public)"
}

step_first_run() {
	log "the first administrator and the server (README step 2)"
	export NETPONT_PASSWORD=$ADMIN_PASSWORD
	check "init-admin as _netpont" readme_run \
		'runuser -u _netpont -- netpontd --config /etc/netpont/netpontd.conf --init-admin admin'
	eq "the database is _netpont's" _netpont:_netpont "$(stat -c %U:%G /var/lib/netpont/netpont.db)"
	check "its key is _netpont's alone" \
		bash -c '[ "$(stat -c "%U %a" /var/lib/netpont/netpont.db-key.pem)" = "_netpont 600" ]'
	refused 1 "init-admin a second time" \
		runuser -u _netpont -- netpontd --config /etc/netpont/netpontd.conf --init-admin admin
	check "systemctl start netpontd" readme_run 'systemctl start netpontd'
	FINGERPRINT=$(readme_run 'runuser -u _netpont -- netpontd --config /etc/netpont/netpontd.conf --fingerprint')
	check "the fingerprint is 64 hex digits" bash -c "[[ '$FINGERPRINT' =~ ^[0-9a-f]{64}\$ ]]"
	export NETPONT_FINGERPRINT=$FINGERPRINT NETPONT_SERVER=127.0.0.1:$PORT NETPONT_USER=admin
	check "netpontd answers" wait_until 60 "$NETPONTCTL" seat list
	check "netpontd runs as _netpont" \
		bash -c "[ \"\$(ps -o user= -p ${UNIT_PID[netpontd.service]:-0})\" = _netpont ]"
}

step_room() {
	log "the room (README step 3)"
	export NETPONT_NEW_PASSWORD=dora-secret NETPONT_PIN=1234
	local cmd
	for cmd in 'netpontctl hours set mon 09:00-18:00' 'netpontctl hours set sun closed' \
		'netpontctl tariff set internet --price 100 --per-minutes 30' \
		'netpontctl tariff set copy --price 20' 'netpontctl staff add dora --role mentor' \
		'netpontctl resident add kovacs --name "Kovács Mária"'; do
		check "$cmd" readme_run "$cmd"
	done
	# Every day of the week, so the test passes on a Sunday too (the old
	# key opens Sunday with Monday's hours).
	"$NETPONTCTL" setting set open_days 1234567 >/dev/null
}

step_agent() {
	log "the public PC joins with its join code (README step 4)"
	check "netpontctl seat add PC-03" readme_run_to "$T/seat-add.out" 'netpontctl seat add PC-03'
	check "it printed the fingerprint before the token" grep -qF "$FINGERPRINT" "$T/seat-add.out"
	local code
	code=$(grep -o 'NP1-[0-9A-Za-z:.-]*' "$T/seat-add.out" | head -n 1 || true)
	check "it printed a join code before the token" \
		bash -c "[[ '$code' =~ ^NP1-([0-9A-Z]{6}-){6}[0-9A-Z]{6}\$ ]] && ! tail -n 1 '$T/seat-add.out' | grep -q NP1-"
	# netpontctl reached the server on this machine's loopback, so the code
	# names no address; a PC finds the one server of its LAN with Avahi,
	# which does not run here. The code gets the server's address, as
	# netpontctl writes it when it reaches the server at an address other
	# PCs can use.
	JOIN_CODE=NP1-127.0.0.1:$PORT-${code#NP1-}
	make_systemctl
	serve_systemctl &
	SYSTEMCTL_PID=$!
	check "netpont-agent --join CODE as root" readme_run_to "$T/join.out" 'netpont-agent --join CODE'
	sed 's/^/# join: /' "$T/join.out"
	local conf=/etc/netpont/agent.conf
	check "it wrote the server's address into agent.conf" grep -qx "server = 127.0.0.1:$PORT" "$conf"
	check "and the server's fingerprint" grep -qx "server_fingerprint = $FINGERPRINT" "$conf"
	check "and the seat" grep -qx "seat = PC-03" "$conf"
	check "and kept the administrator's note" grep -qxF "$ADMIN_NOTE" "$conf"
	eq "the token file is root's alone" "root:root 600" "$(owner_mode /etc/netpont/agent.token)"
	# The server gives the joining PC a token of its own, in the form of the
	# one seat add printed for the manual way.
	check "the token file holds one token of 64 hex digits" \
		bash -c "[ \"\$(wc -l </etc/netpont/agent.token)\" = 1 ] && grep -qE '^[0-9a-f]{64}\$' /etc/netpont/agent.token"
	check "the code works once" bash -c "! netpont-agent --join '$JOIN_CODE' --no-start >'$T/join2.out' 2>&1"
	# systemd is not PID 1 here, so the join says how to start the agent
	# instead of starting it, and the test starts the unit as systemd would.
	check "the join says systemd does not run here" grep -q 'systemd does not run here' "$T/join.out"
	check "netpont-agent.service starts" start_unit netpont-agent.service
	check "the agent reaches the server" wait_until 30 bash -c \
		"netpontctl --agent /run/netpont/agent.sock --json status | jq -e '.connected == true'"
	check "the agent runs as _netpont-agent" \
		bash -c "[ \"\$(ps -o user= -p ${UNIT_PID[netpont-agent.service]:-0})\" = _netpont-agent ]"
	check "netpontctl --agent /run/netpont/agent.sock status" \
		readme_run 'netpontctl --agent /run/netpont/agent.sock status'
	eq "the control socket is netpont-screens'" "$(stat -c %U /run/netpont/agent.sock):netpont-screens 660" \
		"$(stat -c '%U:%G %a' /run/netpont/agent.sock)"
	check "netpont-public (the time bar) may use it" \
		runuser -u netpont-public -- netpontctl --agent /run/netpont/agent.sock status
	check "nobody else may" bash -c '! runuser -u nobody -- netpontctl --agent /run/netpont/agent.sock status'
	check "the first reset has run" wait_until 30 resets_finished 1
}

step_console() {
	log "the front desk (README step 5; installed with the others)"
	check "netpont-console answers --version without a display" \
		bash -c 'netpont-console --version | grep -q "^netpont-console "'
}

step_day() {
	log "a login, a charge and a payment (README step 6)"
	TODAY=$(date +%F)
	check "kovacs logs in at PC-03" readme_run 'netpontctl --agent /run/netpont/agent.sock login kovacs 1234'
	check "the PC is unlocked" bash -c \
		"netpontctl --agent /run/netpont/agent.sock --json status | jq -e '.state == \"unlocked\"'"
	local cmd
	for cmd in 'netpontctl shift start --float 5000' 'netpontctl charge add kovacs copy --qty 2'; do
		check "$cmd" readme_run "$cmd"
	done
	local due
	due=$("$NETPONTCTL" --json bill kovacs | jq .due)
	check "netpontctl pay kovacs --amount 40" readme_run 'netpontctl pay kovacs --amount 40'
	check "netpontctl bill kovacs" readme_run 'netpontctl bill kovacs'
	eq "the bill is 40 less after the payment" "$((due - 40))" \
		"$("$NETPONTCTL" --json bill kovacs | jq .due)"
	check "netpontctl report totals" readme_run 'netpontctl report totals --from TODAY --to TODAY'
	eq "the report has the payment" 40 \
		"$("$NETPONTCTL" --json report totals --from "$TODAY" --to "$TODAY" | jq .total_paid)"
	# What the resident leaves behind goes with the reset after the session:
	# a file, and a process standing in for the desktop session (a root
	# shell waits for it, so it leaves no zombie of the public account).
	runuser -u netpont-public -- touch /home/netpont-public/left-behind
	bash -c 'setpriv --reuid=netpont-public --regid=netpont-public --init-groups sleep 600 & wait' \
		</dev/null >/dev/null 2>&1 &
	local session_pid=$!
	check "the public account has a process" wait_until 10 pgrep -u netpont-public sleep
	check "kovacs logs out" readme_run 'netpontctl --agent /run/netpont/agent.sock logout'
	# The unprivileged agent ends the session through its unit (end_session),
	# whose loginctl finds no logind here; the reset ends the processes.
	check "the agent started netpont-end-session.service through systemctl" \
		wait_until 30 grep -q '^start netpont-end-session.service: ' "$T/systemctl.log"
	check "the reset after the session ran" wait_until 60 resets_finished 2
	check "the public account's processes are gone" wait_until 30 bash -c '! pgrep -u netpont-public >/dev/null'
	wait "$session_pid" 2>/dev/null || true
	check "it emptied the public account's home folder" test ! -e /home/netpont-public/left-behind
	check "the PC is locked again" bash -c \
		"netpontctl --agent /run/netpont/agent.sock --json status | jq -e '.state == \"locked\"'"
}

step_backup() {
	log "backups and a restore into a destroyed database (README step 7)"
	local due
	due=$("$NETPONTCTL" --json bill kovacs | jq .due)
	check "netpontctl backup FILE" readme_run_to "$T/backup.out" 'netpontctl backup FILE'
	sed 's/^/# backup: /' "$T/backup.out"
	check "it wrote FILE" test -s "$BACKUP_FILE"
	check "systemctl start netpont-backup" readme_run 'systemctl start netpont-backup'
	local daily
	daily=$(find /var/lib/netpont/backups -maxdepth 1 -regextype posix-extended \
		-regex '.*/netpont-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{4}\.db' | head -n 1)
	check "the daily backup is in /var/lib/netpont/backups" test -n "$daily"
	eq "it is _netpont's alone" "_netpont:_netpont 600" "$(owner_mode "${daily:-/nonexistent}" 2>/dev/null)"
	check "systemctl stop netpontd" readme_run 'systemctl stop netpontd'
	# The disaster: the database and its write-ahead log are lost.
	rm -f /var/lib/netpont/netpont.db /var/lib/netpont/netpont.db-wal /var/lib/netpont/netpont.db-shm
	check "netpontd --restore FILE" \
		readme_run_to "$T/restore.out" 'netpontd --config /etc/netpont/netpontd.conf --restore FILE'
	sed 's/^/# restore: /' "$T/restore.out"
	check "the restore counts the payment" grep -qE '[^0-9]1 payment\.' "$T/restore.out"
	eq "the restored database is _netpont's, as the lost one was" "_netpont:_netpont 600" \
		"$(owner_mode /var/lib/netpont/netpont.db)"
	check "systemctl start netpontd" readme_run 'systemctl start netpontd'
	check "netpontd answers" wait_until 60 "$NETPONTCTL" seat list
	check "netpontctl report totals" readme_run 'netpontctl report totals --from TODAY --to TODAY'
	eq "the restored report has the payment" 40 \
		"$("$NETPONTCTL" --json report totals --from "$TODAY" --to "$TODAY" | jq .total_paid)"
	eq "the restored bill is as after the payment" "$due" "$("$NETPONTCTL" --json bill kovacs | jq .due)"
	check "the agent reaches the restored server" wait_until 60 bash -c \
		"netpontctl --agent /run/netpont/agent.sock --json status | jq -e '.connected == true'"
}

step_stop() {
	log "stop the agent and the server as systemd would"
	check "netpont-agent stops cleanly" stop_unit netpont-agent.service
	check "netpontd stops cleanly" stop_unit netpontd.service
	kill -TERM "$SYSTEMCTL_PID" 2>/dev/null || true
	wait "$SYSTEMCTL_PID" 2>/dev/null || true
	SYSTEMCTL_PID=
}

step_remove() {
	log "remove"
	check "apt-get remove" bash -c "DEBIAN_FRONTEND=noninteractive apt-get remove -y -q -o DPkg::Lock::Timeout=600 \
		${PACKAGES[*]} >>'$T/apt.log' 2>&1"
	local f
	for f in /usr/sbin/netpontd /usr/bin/netpontctl /usr/bin/netpont-agent /usr/bin/netpont-console \
		"$UNITDIR/netpontd.service" "$UNITDIR/netpont-agent.service" \
		/usr/share/lightdm/lightdm.conf.d/50-netpont.conf; do
		check "$f is gone" test ! -e "$f"
	done
	check "the configuration stays" test -f /etc/netpont/netpontd.conf -a -f /etc/netpont/agent.conf
	check "the database stays" test -f /var/lib/netpont/netpont.db
	check "the accounts stay" bash -c '{ id _netpont && id _netpont-agent && id netpont-public; } >/dev/null'
}

step_purge() {
	log "purge"
	check "apt-get purge" bash -c "$(declare -f purge_packages); PACKAGES=(${PACKAGES[*]}); purge_packages >'$T/purge.log' 2>&1"
	INSTALLED=
	check "purge says what it keeps and how to delete it" \
		grep -qF 'rm -r /var/lib/netpont && deluser --system _netpont' "$T/purge.log"
	local left
	left=$(netpont_leftovers)
	eq "what purge keeps: the database folder and its owner" \
		"$(printf 'user _netpont\n/var/lib/netpont')" "$left"
	check "the database is still there" test -f /var/lib/netpont/netpont.db
	check "the public account's group is gone" bash -c '! getent group netpont-public'
	check "lightdm is in none of Netpont's groups" bash -c '! id -nG lightdm | grep -qw netpont-screens'
	eq "CUPS' group lpadmin is as it was before the test" "$LPADMIN_BEFORE" "$(getent group lpadmin || true)"
}

# Every command of README.md's "Setting up a real room" was run, and the
# test ran no command as README's that README does not list.
step_readme() {
	log "README.md lists exactly what the test ran"
	local cmd readme
	readme=$(readme_commands)
	check "README.md's section has commands" test -n "$readme"
	while IFS= read -r cmd; do
		if [ -n "${README_NOT_RUN[$cmd]:-}" ]; then
			log "not run: $cmd (${README_NOT_RUN[$cmd]})"
		else
			check "ran: $cmd" grep -qxF -- "$cmd" "$T/readme-ran"
		fi
	done <<<"$readme"
	while IFS= read -r cmd; do
		check "README.md lists: $cmd" grep -qxF -- "$cmd" <<<"$readme"
	done < <(sort -u "$T/readme-ran")
	for cmd in "${!README_NOT_RUN[@]}"; do
		check "README.md still lists the command not run: $cmd" grep -qxF -- "$cmd" <<<"$readme"
	done
}

export -f unit_values in_group conffiles
export UNITDIR
: >"$T/readme-ran"
step_build
step_lintian
step_hardening
step_install
step_accounts
step_files
step_units
step_conffiles
step_first_run
step_room
step_agent
step_console
step_day
step_backup
step_stop
step_remove
step_purge
step_readme
finish
