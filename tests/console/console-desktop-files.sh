#!/usr/bin/env bash
# The console's desktop files as the tools that read them judge them, with no
# display and no network: the desktop file (desktop-file-validate), the
# AppStream metainfo (appstreamcli validate --no-net; what --pedantic still
# says is printed), the settings schema (glib-compile-schemas --strict), the
# icons (they render at 16, 32 and 48 pixels), one application id
# everywhere, a release entry for this version, and the netpont-console
# package's component installed where the desktop looks for each file
# (appstreamcli validate-tree).
#   console-desktop-files.sh SOURCE_DIR VERSION BUILD_DIR
# shellcheck source=../integration/lib.sh
. "$NETPONT_SOURCE_DIR/tests/integration/lib.sh"

SRC=$1
VERSION=$2
BUILD=$3
DATA=$SRC/console/data
ID=hu.netpont.Console

need() {
	command -v "$1" >/dev/null || { echo "SKIP: $1 is not installed (package $2)"; exit 77; }
}
need desktop-file-validate desktop-file-utils
need appstreamcli appstream
need glib-compile-schemas libglib2.0-bin
need rsvg-convert librsvg2-bin
need xmllint libxml2-utils

# desktop-file-validate prints hints and errors and may still exit 0 for
# hints: the file must draw no remark at all.
silent() { [ -z "$("$@" 2>&1)" ] && "$@" >/dev/null 2>&1; }
check "desktop-file-validate: no error, warning or hint" silent desktop-file-validate "$DATA/$ID.desktop"
check "appstreamcli validate --no-net accepts the metainfo" \
	appstreamcli validate --no-net "$DATA/$ID.metainfo.xml"
echo "# what appstreamcli validate --pedantic still says:"
appstreamcli validate --no-net --pedantic "$DATA/$ID.metainfo.xml" 2>&1 | sed 's/^/#   /'
mkdir -p "$T/schemas"
cp "$DATA/$ID.gschema.xml" "$T/schemas/"
check "glib-compile-schemas --strict accepts the schema" \
	glib-compile-schemas --strict --dry-run "$T/schemas"

for size in 16 32 48; do
	check "the icon renders at $size px" \
		rsvg-convert -w "$size" -h "$size" -o "$T/icon-$size.png" "$DATA/icons/$ID.svg"
	eq "the $size px rendering is $size pixels wide" "$size" \
		"$(od -An -tu1 -j16 -N8 "$T/icon-$size.png" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')"
done
check "the symbolic icon renders at 16 px" \
	rsvg-convert -w 16 -h 16 -o "$T/symbolic.png" "$DATA/icons/$ID-symbolic.svg"

# One id: the GApplication's, the desktop file's name and icon, the
# component's id and launchable, the schema's id.
xpath() { xmllint --xpath "$1" "$2" 2>/dev/null; }
eq "the program's application id" "#define NETPONT_CONSOLE_APP_ID \"$ID\"" \
	"$(grep -h '^#define NETPONT_CONSOLE_APP_ID' "$SRC/console/app/netpont-application.h")"
eq "the desktop file's icon" "$ID" "$(sed -n 's/^Icon=//p' "$DATA/$ID.desktop")"
eq "the desktop file starts the program" netpont-console "$(sed -n 's/^Exec=//p' "$DATA/$ID.desktop")"
eq "the component's id" "$ID" "$(xpath 'string(/component/id)' "$DATA/$ID.metainfo.xml")"
eq "the component's launchable" "$ID.desktop" \
	"$(xpath 'string(/component/launchable[@type="desktop-id"])' "$DATA/$ID.metainfo.xml")"
eq "the schema's id" "$ID" "$(xpath 'string(/schemalist/schema/@id)' "$DATA/$ID.gschema.xml")"
eq "the newest release is this version" "$VERSION" \
	"$(xpath 'string(/component/releases/release[1]/@version)' "$DATA/$ID.metainfo.xml")"
for key in Name GenericName Comment Keywords; do
	check "the desktop file's $key is in Hungarian too" grep -q "^$key\[hu\]=." "$DATA/$ID.desktop"
done
eq "the component's name and summary are in Hungarian too" true \
	"$(xpath '/component/name[@xml:lang="hu"] and /component/summary[@xml:lang="hu"]' "$DATA/$ID.metainfo.xml")"
# Never a secret in the settings: no key may be named like one.
check "the schema has no key for a password" \
	bash -c "! grep -qiE 'name=\"[^\"]*(password|pin|token)' '$DATA/$ID.gschema.xml'"

# What console/data gives the netpont-console package, installed into a
# folder of its own by that folder's install script.
check "console/data installs as the console component" \
	env DESTDIR="$T/root" cmake -DCMAKE_INSTALL_COMPONENT=console -DCMAKE_INSTALL_PREFIX=/usr \
	-P "$BUILD/console/data/cmake_install.cmake"
for f in applications/$ID.desktop metainfo/$ID.metainfo.xml glib-2.0/schemas/$ID.gschema.xml \
	icons/hicolor/scalable/apps/$ID.svg icons/hicolor/symbolic/apps/$ID-symbolic.svg; do
	check "installed: /usr/share/$f" test -s "$T/root/usr/share/$f"
done
check "appstreamcli validate-tree accepts the installed tree (launchable, icon)" \
	appstreamcli validate-tree --no-net "$T/root"

finish
