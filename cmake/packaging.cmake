# Debian packages with CPack (scripts/build-packages builds them as they are
# released; `cpack -G DEB` in a build folder works too):
#   netpont-server   netpontd and netpontctl, netpontd's unit and config (the office PC)
#   netpont-agent    netpont-agent, netpont-greeter, netpont-bar, netpont-reset, their
#                    units and config, LightDM's greeter entry and snippet (each public PC)
#   netpont-console  netpont-console (the front desk)
# Files are sorted into packages by install COMPONENT (server, agent,
# console). packaging/deb/ holds the copyright, the changelog and the
# maintainer scripts; deb/maintscripts.cmake completes the scripts and the
# conffiles from what each package holds, just before it is built.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME netpont)
set(CPACK_PACKAGE_VENDOR "Netpont developers")
set(CPACK_PACKAGE_CONTACT "Netpont developers <netpont@netpont.invalid>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${NETPONT_DEB_RELEASE})
# The three packages come from one source, as the changelog says.
set(CPACK_DEBIAN_PACKAGE_SOURCE netpont)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://netpont.invalid/")
# Programs without their symbols; the scripts 0755 and the other control
# files 0644, as lintian expects.
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_COMPONENTS_ALL server agent console)
# Each package's description: the first line is its synopsis.

# The finished control files of each package are written here by
# deb/maintscripts.cmake, which CPack runs after staging the files.
set(NETPONT_DEB_CONTROL ${CMAKE_BINARY_DIR}/deb-control)
set(CPACK_NETPONT_DEB_CONTROL ${NETPONT_DEB_CONTROL})
set(CPACK_NETPONT_DEB_SOURCE ${CMAKE_SOURCE_DIR}/packaging/deb)
set(CPACK_PRE_BUILD_SCRIPTS ${CMAKE_SOURCE_DIR}/packaging/deb/maintscripts.cmake)

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME netpont-server)
set(CPACK_DEBIAN_SERVER_DESCRIPTION
  "Netpont server (netpontd) and its command line (netpontctl)\nThe single source of truth of a community internet point: seats, residents,\nsessions, time, prints, fees, help calls and staff, in one SQLite database,\nrun as the system user _netpont. netpontctl is the staff's command line:\nmentors assign seats and take fees, the treasurer reviews the takings.")
# adduser makes the service user in postinst. netpontctl's --pdf (a
# volunteer's monthly sheet, the funders' report) draws with cairo and Pango
# (libcairo2, libpango-1.0-0 come through shlibdeps) and needs a font to lay
# the text out in: fonts-dejavu-core has the Hungarian letters.
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser, fonts-dejavu-core")
# netpontd announces itself on the LAN through the Avahi daemon ([server]
# announce; libavahi-client3 comes through shlibdeps). Without the daemon a
# PC joins with the server's address in its join code.
set(CPACK_DEBIAN_SERVER_PACKAGE_RECOMMENDS "avahi-daemon")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
  ${NETPONT_DEB_CONTROL}/server/conffiles ${NETPONT_DEB_CONTROL}/server/postinst
  ${NETPONT_DEB_CONTROL}/server/prerm ${NETPONT_DEB_CONTROL}/server/postrm)

set(CPACK_DEBIAN_AGENT_PACKAGE_NAME netpont-agent)
set(CPACK_DEBIAN_AGENT_DESCRIPTION
  "Netpont agent and lock screen for a public PC\nResident login, time and print metering, lock and unlock, the call-a-mentor\nbutton, and a reset of the public account netpont-public after every\nsession. LightDM shows the lock screen (netpont-greeter) while the PC is\nlocked; a time bar (netpont-bar) runs in the resident's session.")
# What the agent and its units run: LightDM and its greeter, CUPS's clients
# for the print queues, pdfinfo (poppler-utils) to count a held job's pages,
# systemctl (the end-session and reset units) and loginctl
# (netpont-end-session.service) from systemd, polkitd for the rule that lets
# _netpont-agent start those two units, over the system bus (dbus), xhost
# (x11-xserver-utils) in LightDM's setup scripts so the time bar may use the
# public display, and adduser for the accounts the package makes. CUPS'
# SystemGroup lpadmin, which the agent's user joins, is made by postinst when
# missing, as cups-daemon's postinst would make it: a PC that prints through
# another machine's cupsd needs no local daemon, so cups-daemon is only
# recommended.
set(CPACK_DEBIAN_AGENT_PACKAGE_DEPENDS
    "adduser, cups-client, dbus, lightdm, polkitd, poppler-utils, systemd, x11-xserver-utils")
set(CPACK_DEBIAN_AGENT_PACKAGE_RECOMMENDS "cups-daemon")
set(CPACK_DEBIAN_AGENT_PACKAGE_CONTROL_EXTRA
  ${NETPONT_DEB_CONTROL}/agent/conffiles ${NETPONT_DEB_CONTROL}/agent/postinst
  ${NETPONT_DEB_CONTROL}/agent/prerm ${NETPONT_DEB_CONTROL}/agent/postrm)

set(CPACK_DEBIAN_CONSOLE_PACKAGE_NAME netpont-console)
# GIO's TLS for the console's connection comes from glib-networking.
set(CPACK_DEBIAN_CONSOLE_PACKAGE_DEPENDS "glib-networking")
set(CPACK_DEBIAN_CONSOLE_DESCRIPTION
  "Netpont console for mentors and the treasurer\nAssign seats, answer help calls, take fees, cash up shifts and review\ntakings from a GTK window (netpont-console). The command line netpontctl\ncomes with netpont-server.")

include(CPack)
