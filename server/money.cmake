# The room's rules, billing arithmetic and the money part of the store
# (ledger, tariffs, categories, shifts, reports), as two static libraries:
#   netpont_rules - rules.c and billing.c: pure C over plain structs, no
#                   SQLite; the agent may link it for the lease warnings;
#                   i18n.c: the language of the server's sentences;
#   netpont_money - the money store over SQLite, plus netpont_rules.
# Included once, from server/CMakeLists.txt (or from tests/unit when the
# server does not include it yet).
add_library(netpont_rules STATIC
  ${CMAKE_CURRENT_LIST_DIR}/core/rules.c
  ${CMAKE_CURRENT_LIST_DIR}/core/billing.c
  ${CMAKE_CURRENT_LIST_DIR}/core/i18n.c)
target_include_directories(netpont_rules PUBLIC ${CMAKE_CURRENT_LIST_DIR}/core)
target_link_libraries(netpont_rules PUBLIC netpont_proto)

add_library(netpont_money STATIC
  ${CMAKE_CURRENT_LIST_DIR}/store/money.c
  ${CMAKE_CURRENT_LIST_DIR}/store/ledger.c
  ${CMAKE_CURRENT_LIST_DIR}/store/shifts.c
  ${CMAKE_CURRENT_LIST_DIR}/store/reports.c)
target_include_directories(netpont_money PUBLIC
  ${CMAKE_CURRENT_LIST_DIR}/core
  ${CMAKE_CURRENT_LIST_DIR}/store)
target_link_libraries(netpont_money PUBLIC netpont_rules netpont_proto PkgConfig::SQLITE3)
