# Debian packages with CPack: `cpack -G DEB` in the build folder makes
#   netpont-server   netpontd, its systemd unit and sample config (the office PC)
#   netpont-agent    netpont-agent, netpont-greeter, netpont-bar, netpont-reset and its unit,
#                    LightDM's greeter entry and snippet (each public PC)
#   netpont-console  netpont-console and netpontctl (the front desk)
# Files are sorted into packages by install COMPONENT (server, agent, console).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME netpont)
set(CPACK_PACKAGE_VENDOR "Netpont developers")
set(CPACK_PACKAGE_CONTACT "Netpont developers <netpont@localhost>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Runs the public PCs of a community internet point")
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://netpont.invalid/")
set(CPACK_COMPONENTS_ALL server agent console)

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME netpont-server)
set(CPACK_COMPONENT_SERVER_DESCRIPTION
  "Netpont server (netpontd)\n The single source of truth of a community internet point: seats, residents,\n sessions, time, prints, fees, help calls and staff, in one SQLite database.")
set(CPACK_DEBIAN_AGENT_PACKAGE_NAME netpont-agent)
set(CPACK_COMPONENT_AGENT_DESCRIPTION
  "Netpont agent and lock screen for a public PC\n Resident login, time and print metering, lock and unlock, the call-a-mentor\n button, and a reset of the public account after every session.")
set(CPACK_DEBIAN_AGENT_PACKAGE_DEPENDS "cups-client, lightdm")
# /etc/netpont/agent.conf is a conffile: dpkg keeps the administrator's edits.
file(WRITE ${CMAKE_BINARY_DIR}/cpack-agent/conffiles "/etc/netpont/agent.conf\n")
set(CPACK_DEBIAN_AGENT_PACKAGE_CONTROL_EXTRA ${CMAKE_BINARY_DIR}/cpack-agent/conffiles)
set(CPACK_DEBIAN_CONSOLE_PACKAGE_NAME netpont-console)
# GIO's TLS for the console's connection comes from glib-networking.
set(CPACK_DEBIAN_CONSOLE_PACKAGE_DEPENDS "glib-networking")
set(CPACK_COMPONENT_CONSOLE_DESCRIPTION
  "Netpont console and command line for mentors and the treasurer\n Assign seats, answer help calls, take fees, cash up shifts and review takings,\n from a GTK window (netpont-console) or the command line (netpontctl).")

include(CPack)
