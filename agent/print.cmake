# Print metering (agent/print.[ch]): a static library so the agent and the
# tests link the same code. Included from agent/CMakeLists.txt.
add_library(netpont_print STATIC ${CMAKE_CURRENT_LIST_DIR}/print.c)
target_include_directories(netpont_print PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(netpont_print PUBLIC netpont_common netpont_proto netpont_cups PkgConfig::LIBUV)
