# Writes the gettext template of one domain from the sources, as
#   cmake -DDOMAIN=netpontd -DSOURCE_DIR=/path/to/netpont -DOUTPUT=file.pot -P po/pot.cmake
# Which files and which keywords make up each domain is written here once;
# `cmake --build build --target update-po` and the po-templates test both
# run this script, so they cannot disagree. The file list is globbed when
# the script runs, so a new source file is found without configuring again.
#
# The template's POT-Creation-Date is the only thing that changes from run to
# run: OUTPUT is rewritten only when something else differs, so a template
# whose messages did not change stays as committed.
foreach(var DOMAIN SOURCE_DIR OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "pot.cmake needs -D${var}=...")
  endif()
endforeach()
find_program(XGETTEXT xgettext REQUIRED)
find_program(MSGGREP msggrep REQUIRED)

# The keywords every domain shares: gettext's own and the marker N_().
set(keywords --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2
             --keyword=ngettext:1,2 --keyword=dgettext:2 --keyword=dngettext:2,3)
set(ui_globs)
if(DOMAIN STREQUAL "netpontd")
  # The server's sentences to clients (np_err_set(), i18n_text()) and its
  # log lines (np_log()); np_log.c's own sentences belong to every program
  # that logs through it.
  set(globs server/*.c server/*.h server/*/*.c server/*/*.h common/np_log.c)
  list(APPEND keywords --keyword=i18n_text --keyword=i18n_plural:1,2 --keyword=np_err_set:3
       --keyword=np_err_setn:4,5 --keyword=np_err_set_text:3 --keyword=np_err_reword:2
       --keyword=np_log:2 --keyword=np_log_text)
elseif(DOMAIN STREQUAL "netpont-agent")
  # The agent's log lines and the sentences refusing its start.
  set(globs agent/*.c agent/net/*.c agent/core/*.c agent/print.c common/np_log.c)
  list(APPEND keywords --keyword=agent_log --keyword=agent_notice --keyword=agent_warn
       --keyword=agent_error --keyword=agent_debug --keyword=agent_log_at:2
       --keyword=np_log:2 --keyword=np_log_text --keyword=usage_error)
elseif(DOMAIN STREQUAL "netpont-lock")
  # The lock screen, the greeter and the time bar share one domain.
  set(globs agent/lock/*.c agent/greeter/*.c agent/bar/*.c)
  set(ui_globs agent/lock/*.ui agent/greeter/*.ui agent/bar/*.ui)
elseif(DOMAIN STREQUAL "netpontctl")
  # The CSV writer's headers for people (common/np_csv.c) are in the
  # language of the program that writes the CSV.
  set(globs console/ctl/*.c console/ctl/*.h common/np_csv.c console/netpont-usage-report.c)
elseif(DOMAIN STREQUAL "netpont-console")
  # The volunteer sheet's CSV and PDF (console/ctl/volunteer-sheet.c) and a
  # resident's export sheet (console/ctl/resident-export.c) are written by
  # the console's export too, in its language.
  set(globs console/app/*.c gio/*.c common/np_csv.c console/netpont-usage-report.c
    console/ctl/volunteer-sheet.c console/ctl/directory-labels.c console/ctl/resident-export.c)
  set(ui_globs console/app/*.ui console/app/gtk/*.ui)
else()
  message(FATAL_ERROR "pot.cmake: no domain called ${DOMAIN}")
endif()

list(TRANSFORM globs PREPEND ${SOURCE_DIR}/)
file(GLOB sources RELATIVE ${SOURCE_DIR} ${globs})
list(REMOVE_DUPLICATES sources)
list(SORT sources)
set(ui_sources)
if(ui_globs)
  list(TRANSFORM ui_globs PREPEND ${SOURCE_DIR}/)
  file(GLOB ui_sources RELATIVE ${SOURCE_DIR} ${ui_globs})
  list(SORT ui_sources)
endif()

get_filename_component(out_dir ${OUTPUT} DIRECTORY)
set(raw ${out_dir}/${DOMAIN}.raw.pot)
set(common_args --from-code=UTF-8 --add-comments=TRANSLATORS: --package-name=${DOMAIN}
                --package-version=0.1 --sort-by-file)
execute_process(
  COMMAND ${XGETTEXT} --language=C ${keywords} ${common_args} -o ${raw} ${sources}
  WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE rc ERROR_VARIABLE said)
# xgettext always warns that no bug address was given (there is none to
# give); only a failure is worth showing.
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "xgettext failed for ${DOMAIN}: ${said}")
endif()
if(ui_sources)
  execute_process(
    COMMAND ${XGETTEXT} --language=Glade ${common_args} --join-existing -o ${raw} ${ui_sources}
    WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE rc ERROR_VARIABLE said)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "xgettext failed for the .ui files of ${DOMAIN}: ${said}")
  endif()
endif()
# Messages looked up in ways xgettext cannot follow (a context chosen at run
# time) are listed by hand beside the translations.
if(EXISTS ${SOURCE_DIR}/po/${DOMAIN}/runtime.pot)
  execute_process(
    COMMAND ${XGETTEXT} --language=PO ${common_args} --join-existing -o ${raw}
            po/${DOMAIN}/runtime.pot
    WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE rc ERROR_VARIABLE said)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "xgettext failed for po/${DOMAIN}/runtime.pot: ${said}")
  endif()
endif()
# Every source is UTF-8; xgettext leaves the charset open ("CHARSET") when
# the messages happen to be ASCII, which msggrep refuses.
file(READ ${raw} raw_text)
string(REPLACE "charset=CHARSET" "charset=UTF-8" raw_text "${raw_text}")
file(WRITE ${raw} "${raw_text}")
# In the log domains a format that is nothing but placeholders ("%s",
# "%s: %s") passes a sentence made elsewhere through a log call; there is
# nothing to translate.
set(fresh ${out_dir}/${DOMAIN}.fresh.pot)
if(DOMAIN STREQUAL "netpontd" OR DOMAIN STREQUAL "netpont-agent")
  execute_process(
    COMMAND ${MSGGREP} --invert-match -K -E
            -e "^([^A-Za-z%]|%[-+ #0-9.*]*(l|ll|z|j|h)?[a-zA-Z]|%<[A-Za-z0-9]+>)*$" -o ${fresh} ${raw}
    RESULT_VARIABLE rc)
  file(REMOVE ${raw})
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "msggrep failed for ${DOMAIN}")
  endif()
else()
  file(RENAME ${raw} ${fresh})
endif()

file(READ ${fresh} new_text)
file(REMOVE ${fresh})
string(REGEX REPLACE "\"POT-Creation-Date:[^\"]*\"\n" "" new_cmp "${new_text}")
set(old_cmp "")
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} old_text)
  string(REGEX REPLACE "\"POT-Creation-Date:[^\"]*\"\n" "" old_cmp "${old_text}")
endif()
if(NOT new_cmp STREQUAL old_cmp)
  file(WRITE ${OUTPUT} "${new_text}")
endif()
