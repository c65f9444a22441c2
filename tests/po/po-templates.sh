#!/bin/bash
# po-templates: every gettext domain's committed template (po/DOMAIN/DOMAIN.pot)
# holds every message the sources mark, and every translation of it (hu.po)
# translates all of them, none fuzzy. After adding or changing a message,
# run `cmake --build build --target update-po`, translate what it marks,
# and commit the template with the translations.
#
#   po-templates.sh SOURCE_DIR WORK_DIR
set -u
src=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
failures=0
fail() {
	printf 'FAIL: %s\n' "$*"
	failures=$((failures + 1))
}

# The msgid lines of a PO file's entries (with their contexts).
msgids() {
	grep -E '^(msgctxt|msgid) ' "$1" | grep -v '^msgid ""$' || true
}

for dir in "$src"/po/*/; do
	domain=$(basename "$dir")
	template=$dir/$domain.pot
	if [ ! -f "$template" ]; then
		fail "po/$domain/$domain.pot is missing; run: cmake --build build --target update-po"
		continue
	fi
	fresh=$work/$domain.pot
	if ! "${CMAKE:-cmake}" -DDOMAIN="$domain" -DSOURCE_DIR="$src" -DOUTPUT="$fresh" -P "$src/po/pot.cmake"; then
		fail "the template of $domain cannot be made from the sources"
		continue
	fi
	# What only one of the two has, then of that what the sources have.
	msgcomm --unique --no-location -o "$work/$domain.unique.po" "$fresh" "$template"
	missing=$work/$domain.missing.po
	: >"$missing"
	if [ -s "$work/$domain.unique.po" ]; then
		msgcomm --more-than=1 --no-location -o "$missing" "$work/$domain.unique.po" "$fresh"
	fi
	if [ -n "$(msgids "$missing")" ]; then
		fail "po/$domain/$domain.pot lacks messages the sources have (run: cmake --build build --target update-po):"
		msgids "$missing" | sed 's/^/    /'
	else
		printf 'ok: po/%s/%s.pot has every message of the sources\n' "$domain" "$domain"
	fi
	for po in "$dir"*.po; do
		[ -e "$po" ] || continue
		name=po/$domain/$(basename "$po")
		if ! stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1); then
			fail "$name does not compile: $stats"
			continue
		fi
		# msgattrib writes no file when nothing matches: clear the last
		# catalogue's lists first.
		rm -f "$work/untranslated.po" "$work/fuzzy.po"
		msgattrib --untranslated --no-obsolete -o "$work/untranslated.po" "$po"
		msgattrib --only-fuzzy --no-obsolete -o "$work/fuzzy.po" "$po"
		if [ -s "$work/untranslated.po" ] || [ -s "$work/fuzzy.po" ]; then
			fail "$name has untranslated or fuzzy messages ($stats):"
			[ -s "$work/untranslated.po" ] && msgids "$work/untranslated.po" | sed 's/^/    untranslated: /'
			[ -s "$work/fuzzy.po" ] && msgids "$work/fuzzy.po" | sed 's/^/    fuzzy: /'
			continue
		fi
		# Every message of the template is in the translation (not only
		# translated where present): msgcmp names each one that is not.
		if ! msgcmp "$po" "$template" >"$work/msgcmp.txt" 2>&1; then
			fail "$name lacks messages of the template (run update-po):"
			sed 's/^/    /' "$work/msgcmp.txt"
			continue
		fi
		printf 'ok: %s translates all of it (%s)\n' "$name" "$stats"
	done
done
if [ "$failures" -ne 0 ]; then
	printf '%d problem(s)\n' "$failures"
	exit 1
fi
