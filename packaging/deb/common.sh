# What Netpont's maintainer scripts share, inserted where a script says
# #NETPONT_COMMON# when the package is built (maintscripts.cmake). The
# systemd functions do what dh_installsystemd's snippets do, for the units
# the package holds.

# np_config_value FILE KEY DEFAULT: the last value of KEY in an INI file, or
# DEFAULT when the file or the key is missing or empty.
np_config_value() {
	value=$(sed -n "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*\\(.*[^[:space:]]\\)[[:space:]]*\$/\\1/p" \
		"$1" 2>/dev/null | tail -n 1)
	echo "${value:-$3}"
}

# Every unit of this package, and those with an [Install] section (the ones
# that are enabled), as found in the package when it was built.
np_units="@NP_UNITS@"
np_enable_units="@NP_ENABLE_UNITS@"

# postinst configure: a first install enables the units; an upgrade keeps an
# administrator's disable (deb-systemd-helper remembers it).
np_systemd_enable() {
	for unit in $np_enable_units; do
		# Removes only the mask that this package's removal left.
		deb-systemd-helper unmask "$unit" >/dev/null || true
		if deb-systemd-helper --quiet was-enabled "$unit"; then
			deb-systemd-helper enable "$unit" >/dev/null || true
		else
			deb-systemd-helper update-state "$unit" >/dev/null || true
		fi
	done
}

# np_systemd_start OLD_VERSION: postinst configure, when systemd runs: the
# enabled units start after a first install (OLD_VERSION empty) and restart
# after an upgrade, so the new programs run. policy-rc.d is honoured.
np_systemd_start() {
	if [ -n "${DPKG_ROOT:-}" ] || [ ! -d /run/systemd/system ]; then
		return 0
	fi
	systemctl --system daemon-reload >/dev/null || true
	action=start
	if [ -n "$1" ]; then
		action=restart
	fi
	for unit in $np_enable_units; do
		deb-systemd-invoke "$action" "$unit" >/dev/null || true
	done
}

# prerm remove: every unit of the package stops before its program goes.
np_systemd_stop() {
	if [ -n "${DPKG_ROOT:-}" ] || [ ! -d /run/systemd/system ]; then
		return 0
	fi
	for unit in $np_units; do
		deb-systemd-invoke stop "$unit" >/dev/null || true
	done
}

# np_systemd_postrm ACTION: after remove, systemd forgets the units and their
# symlinks are masked until a reinstall; purge forgets the enablement too.
np_systemd_postrm() {
	if [ "$1" = remove ] && [ -z "${DPKG_ROOT:-}" ] && [ -d /run/systemd/system ]; then
		systemctl --system daemon-reload >/dev/null || true
	fi
	if ! command -v deb-systemd-helper >/dev/null; then
		return 0
	fi
	for unit in $np_enable_units; do
		case $1 in
		remove)
			deb-systemd-helper mask "$unit" >/dev/null || true
			;;
		purge)
			deb-systemd-helper purge "$unit" >/dev/null || true
			deb-systemd-helper unmask "$unit" >/dev/null || true
			;;
		esac
	done
}
