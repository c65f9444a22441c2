# The room's rules, billing arithmetic and the money part of the store
# (ledger, tariffs, categories, shifts, reports): a static library that the
# server links and that the unit tests exercise on their own.
# Included once, from server/CMakeLists.txt (or from tests/unit when the
# server does not include it yet).
add_library(netpont_money STATIC
  ${CMAKE_CURRENT_LIST_DIR}/core/rules.c
  ${CMAKE_CURRENT_LIST_DIR}/core/billing.c
  ${CMAKE_CURRENT_LIST_DIR}/store/money.c
  ${CMAKE_CURRENT_LIST_DIR}/store/ledger.c
  ${CMAKE_CURRENT_LIST_DIR}/store/shifts.c
  ${CMAKE_CURRENT_LIST_DIR}/store/reports.c)
target_include_directories(netpont_money PUBLIC
  ${CMAKE_CURRENT_LIST_DIR}/core
  ${CMAKE_CURRENT_LIST_DIR}/store)
target_link_libraries(netpont_money PUBLIC netpont_proto PkgConfig::SQLITE3)
