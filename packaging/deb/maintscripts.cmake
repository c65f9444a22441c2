# Run by CPack (CPACK_PRE_BUILD_SCRIPTS) after it has staged each package's
# files and before it builds the packages. For every package it writes into
# CPACK_NETPONT_DEB_CONTROL/<component>/:
#   conffiles   every file the package puts under /etc
#   postinst, prerm, postrm   <component>.<script> from this folder, with
#               common.sh in place of the line #NETPONT_COMMON#, told the
#               package's systemd units (all, and those with an [Install]
#               section, which are enabled)
# Units and /etc files found here rather than listed by hand, so a unit or
# config file added to a package later is stopped, enabled and kept like the
# others. A control file the package does not name in its
# CPACK_DEBIAN_<COMPONENT>_PACKAGE_CONTROL_EXTRA, or one it names that is not
# made here, stops the build with a sentence.
cmake_minimum_required(VERSION 3.25)

set(src ${CPACK_NETPONT_DEB_SOURCE})
file(READ ${src}/common.sh common_template)

foreach(component IN LISTS CPACK_COMPONENTS_ALL)
  set(root ${CPACK_TEMPORARY_INSTALL_DIRECTORY}/${component})
  set(out ${CPACK_NETPONT_DEB_CONTROL}/${component})
  file(REMOVE_RECURSE ${out})
  file(MAKE_DIRECTORY ${out})
  if(NOT IS_DIRECTORY ${root})
    message(FATAL_ERROR "maintscripts.cmake: CPack staged no files for ${component} in ${root}")
  endif()
  set(made)

  file(GLOB_RECURSE etc_files LIST_DIRECTORIES false RELATIVE ${root} ${root}/etc/*)
  if(etc_files)
    list(SORT etc_files)
    list(TRANSFORM etc_files PREPEND /)
    list(JOIN etc_files "\n" conffiles)
    file(WRITE ${out}/conffiles "${conffiles}\n")
    list(APPEND made conffiles)
  endif()

  set(NP_UNITS)
  set(NP_ENABLE_UNITS)
  file(GLOB unit_files ${root}/usr/lib/systemd/system/*)
  list(SORT unit_files)
  foreach(unit IN LISTS unit_files)
    get_filename_component(name ${unit} NAME)
    list(APPEND NP_UNITS ${name})
    file(STRINGS ${unit} install_section REGEX "^\\[Install\\]")
    if(install_section)
      list(APPEND NP_ENABLE_UNITS ${name})
    endif()
  endforeach()
  list(JOIN NP_UNITS " " NP_UNITS)
  list(JOIN NP_ENABLE_UNITS " " NP_ENABLE_UNITS)
  string(CONFIGURE "${common_template}" common @ONLY)

  foreach(script postinst prerm postrm)
    if(EXISTS ${src}/${component}.${script})
      file(READ ${src}/${component}.${script} body)
      string(FIND "${body}" "\n#NETPONT_COMMON#\n" at)
      if(at EQUAL -1)
        message(FATAL_ERROR "maintscripts.cmake: ${src}/${component}.${script} has no line #NETPONT_COMMON#")
      endif()
      string(REPLACE "\n#NETPONT_COMMON#\n" "\n${common}" body "${body}")
      file(WRITE ${out}/${script} "${body}")
      list(APPEND made ${script})
    endif()
  endforeach()

  # What is made and what the package takes must be the same files.
  string(TOUPPER ${component} upper)
  set(named)
  foreach(path IN LISTS CPACK_DEBIAN_${upper}_PACKAGE_CONTROL_EXTRA)
    get_filename_component(name ${path} NAME)
    list(APPEND named ${name})
  endforeach()
  list(SORT made)
  list(SORT named)
  if(NOT "${made}" STREQUAL "${named}")
    message(FATAL_ERROR "maintscripts.cmake: netpont-${component} needs the control files "
                        "'${made}' but CPACK_DEBIAN_${upper}_PACKAGE_CONTROL_EXTRA in "
                        "cmake/packaging.cmake names '${named}'")
  endif()
endforeach()
