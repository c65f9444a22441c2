#!/usr/bin/env bash
# Builds the three Debian packages with CPack into a temporary folder and
# checks that each holds its programs, units, configuration, copyright and
# changelog and its maintainer scripts, and that dpkg finds them well formed.
# (packages-install.sh installs the release packages and runs them.)
set -euo pipefail
BUILD=$1
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
cd "$BUILD"
cpack -G DEB -B "$OUT" >"$OUT/cpack.log" 2>&1 || { cat "$OUT/cpack.log"; exit 1; }
fails=0
has() {
	local pkg=$1 path=$2 deb
	deb=$(ls "$OUT"/"$pkg"_*.deb 2>/dev/null | head -n 1)
	if [ -z "$deb" ]; then
		echo "FAIL: no $pkg package"; fails=$((fails + 1)); return
	fi
	if dpkg-deb --contents "$deb" | grep "\.$path\$" >/dev/null; then
		echo "ok - $pkg has $path"
	else
		echo "FAIL: $pkg lacks $path"; fails=$((fails + 1))
	fi
}
has netpont-server /usr/sbin/netpontd
has netpont-agent /usr/bin/netpont-agent
has netpont-server /usr/bin/netpontctl
has netpont-server /usr/share/locale/hu/LC_MESSAGES/netpontctl.mo
has netpont-server /etc/netpont/netpontd.conf
if [ -e "$BUILD/bin/netpont-lock" ]; then has netpont-agent /usr/bin/netpont-lock; fi
has netpont-agent /usr/libexec/netpont/netpont-reset
has netpont-agent /etc/netpont/agent.conf
agent_deb=$(ls "$OUT"/netpont-agent_*.deb | head -n 1)
if dpkg-deb --ctrl-tarfile "$agent_deb" | tar -xO ./conffiles 2>/dev/null | grep -qx /etc/netpont/agent.conf &&
	dpkg-deb --fsys-tarfile "$agent_deb" | tar -xO ./etc/netpont/agent.conf |
	grep -qx 'reset = systemctl start netpont-reset.service'; then
	echo "ok - netpont-agent ships agent.conf as a conffile, with the reset on"
else
	echo "FAIL: netpont-agent's agent.conf is no conffile or has the reset off"; fails=$((fails + 1))
fi
# The unprivileged agent ends the public session through its unit.
agent_conf=$(dpkg-deb --fsys-tarfile "$agent_deb" | tar -xO ./etc/netpont/agent.conf)
if grep -qx 'end_session = systemctl start netpont-end-session.service' <<<"$agent_conf"; then
	echo "ok - netpont-agent's agent.conf ends sessions with netpont-end-session.service"
else
	echo "FAIL: netpont-agent's agent.conf lacks end_session = systemctl start netpont-end-session.service"
	fails=$((fails + 1))
fi
has netpont-agent /usr/lib/systemd/system/netpont-reset.service
has netpont-server /usr/lib/systemd/system/netpontd.service
has netpont-server /usr/lib/systemd/system/netpont-backup.service
has netpont-server /usr/lib/systemd/system/netpont-backup.timer
has netpont-agent /usr/lib/systemd/system/netpont-agent.service
has netpont-agent /usr/lib/systemd/system/netpont-end-session.service
has netpont-agent /usr/share/polkit-1/rules.d/60-netpont-agent.rules
if [ -e "$BUILD/bin/netpont-console" ]; then
	has netpont-console /usr/share/applications/hu.netpont.Console.desktop
	has netpont-console /usr/share/metainfo/hu.netpont.Console.metainfo.xml
	has netpont-console /usr/share/glib-2.0/schemas/hu.netpont.Console.gschema.xml
	has netpont-console /usr/share/icons/hicolor/scalable/apps/hu.netpont.Console.svg
	has netpont-console /usr/share/icons/hicolor/symbolic/apps/hu.netpont.Console-symbolic.svg
fi
if [ -e "$BUILD/bin/netpont-greeter" ]; then
	has netpont-agent /usr/sbin/netpont-greeter
	has netpont-agent /usr/share/xgreeters/netpont-greeter.desktop
	has netpont-agent /usr/share/lightdm/lightdm.conf.d/50-netpont.conf
fi
if [ -e "$BUILD/bin/netpont-bar" ]; then has netpont-agent /usr/bin/netpont-bar; fi
if [ -e "$BUILD/bin/netpont-console" ]; then has netpont-console /usr/bin/netpont-console; fi
has netpont-server /usr/share/man/man8/netpontd.8.gz
has netpont-server /usr/share/man/man5/netpontd.conf.5.gz
has netpont-agent /usr/share/man/man8/netpont-agent.8.gz
has netpont-agent /usr/share/man/man8/netpont-greeter.8.gz
has netpont-agent /usr/share/man/man1/netpont-bar.1.gz
if [ -e "$BUILD/bin/netpont-lock" ]; then has netpont-agent /usr/share/man/man1/netpont-lock.1.gz; fi
has netpont-agent /usr/share/man/man8/netpont-reset.8.gz
has netpont-agent /usr/share/man/man5/agent.conf.5.gz
has netpont-server /usr/share/man/man1/netpontctl.1.gz
has netpont-console /usr/share/man/man1/netpont-console.1.gz
has netpont-server /usr/share/bash-completion/completions/netpontctl
for pkg in netpont-server netpont-agent netpont-console; do
	has "$pkg" "/usr/share/doc/$pkg/copyright"
	has "$pkg" "/usr/share/doc/$pkg/changelog.Debian.gz"
done
# control_has PACKAGE FILE [LINE]: the package's control archive holds FILE
# (and FILE has LINE).
control_has() {
	local deb text
	deb=$(ls "$OUT"/"$1"_*.deb | head -n 1)
	# Read whole before grep -q, which would stop tar early (pipefail).
	text=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO "./$2" 2>/dev/null) || text=
	if [ -n "$text" ] && grep -qx -- "${3:-.*}" <<<"$text"; then
		echo "ok - $1's control has $2${3:+ with $3}"
	else
		echo "FAIL: $1's control lacks $2${3:+ with $3}"; fails=$((fails + 1))
	fi
}
control_has netpont-server conffiles /etc/netpont/netpontd.conf
for script in postinst prerm postrm; do
	control_has netpont-server "$script"
	control_has netpont-agent "$script"
done
# The scripts know the package's units (others may join them).
control_has netpont-agent postinst 'np_enable_units=".*netpont-agent\.service.*"'
control_has netpont-agent prerm 'np_units=".*netpont-reset\.service.*"'
control_has netpont-server postinst 'np_enable_units=".*netpontd\.service.*"'
control_has netpont-server postinst 'np_enable_units=".*netpont-backup\.timer.*"'
control_has netpont-agent prerm 'np_units=".*netpont-end-session\.service.*"'
# The agent's user joins CUPS' SystemGroup in /etc/group.
control_has netpont-agent postinst '.*adduser --quiet _netpont-agent lpadmin'
for deb in "$OUT"/*.deb; do
	if dpkg-deb --info "$deb" | grep "Depends:.*libc6" >/dev/null; then
		echo "ok - $(basename "$deb") names its library dependencies"
	else
		echo "FAIL: $(basename "$deb") has no library dependencies"; fails=$((fails + 1))
	fi
done
[ "$fails" = 0 ]
