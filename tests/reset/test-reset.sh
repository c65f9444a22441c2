#!/bin/bash
# netpont-reset on a real home folder planted with what a resident could
# leave to defeat it: a tree deeper than PATH_MAX with a cookie file at the
# bottom, names with newlines, spaces, leading dashes and invalid UTF-8,
# symbolic links out of the home and in a loop, a folder made read-only, a
# bind mount, files in the temporary folders, a kernel key and running
# processes (one of them respawning). Afterwards the home folder must equal
# the skeleton (names, types, modes, owner, contents), nothing outside may
# have changed, and every process and temporary file of the uid is gone.
# Dangerous arguments are refused with exit 2 and nothing touched.
#
# Needs root (it plants files of another uid and kills its processes);
# exits 77 (skipped) otherwise. Works on a throwaway uid and temp folders.
set -u
reset=${1:?usage: test-reset.sh PATH-TO-netpont-reset}
if [ "$(id -u)" != 0 ]; then
	echo "skipped: netpont-reset's test needs root"
	exit 77
fi

uid=61235 # a uid no account has
other=61236
T=$(mktemp -d /tmp/netpont-reset-test.XXXXXX) || exit 1
chmod 0755 "$T" # the resident plants its files through it
home=$T/home/public
skel=$T/skel
tmps="$T/tmp,$T/vartmp,$T/shm"
bg_pids=()
fails=0

cleanup() {
	for pid in "${bg_pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
	wait 2>/dev/null
	# Never leave a mount behind, whatever failed.
	grep -F " $T/" /proc/self/mountinfo | awk '{print $5}' | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT

check() { # check DESCRIPTION COMMAND...
	local desc=$1
	shift
	if "$@"; then
		echo "ok - $desc"
	else
		echo "not ok - $desc"
		fails=$((fails + 1))
	fi
}

# The tree of a folder as lines "path type mode owner target-or-checksum",
# without following any symbolic link; owner is given as $2 where the
# owners are expected to differ (skeleton: root; home: the public uid).
tree_of() {
	python3 - "$1" <<'EOF'
import hashlib, os, stat, sys
top = sys.argv[1]
out = []
for root, dirs, files in os.walk(top, followlinks=False):
    for name in dirs + files:
        p = os.path.join(root, name)
        st = os.lstat(p)
        rel = os.path.relpath(p, top)
        if stat.S_ISLNK(st.st_mode):
            extra = os.readlink(p)
        elif stat.S_ISREG(st.st_mode):
            extra = hashlib.sha256(open(p, "rb").read()).hexdigest()
        else:
            extra = ""
        out.append("%r %o %s %d" % (rel, st.st_mode, extra, int(st.st_mtime)))
for line in sorted(out):
    print(line)
EOF
}
owners_other_than() { # owners_other_than DIR UID: entries not owned by UID
	find "$1" ! -uid "$2" -printf '%P\n'
}

# ---------------------------------------------------------------- the skeleton
mkdir -p "$skel/Desktop" "$skel/.config/xfce4" "$skel/Private"
echo "Welcome to the internet point" >"$skel/Desktop/Read me.txt"
echo "clean" >"$skel/.config/xfce4/settings"
echo "export LANG=hu_HU.UTF-8" >"$skel/.profile"
printf '#!/bin/sh\necho hello\n' >"$skel/Desktop/hello.sh"
chmod 0755 "$skel/Desktop/hello.sh"
chmod 0600 "$skel/.config/xfce4/settings"
chmod 0700 "$skel/Private"
ln -s "Desktop/Read me.txt" "$skel/readme-link"
chmod 0750 "$skel"
tree_of "$skel" >"$T/skel.before"

# ---------------------------------------------------------------- outside things that must survive
mkdir -p "$T/outside" "$T/bindsrc"
echo "root:x:0:0:root:/root:/bin/bash" >"$T/outside/passwd-like"
echo "not the resident's" >"$T/bindsrc/keep"
mkdir -p "$T/tmp/.ICE-unix" "$T/vartmp" "$T/shm"
chmod 1777 "$T/tmp" "$T/tmp/.ICE-unix" "$T/vartmp" "$T/shm"
echo "root's" >"$T/tmp/root-file"
echo "another user's" >"$T/tmp/other-file"
chown "$other:$other" "$T/tmp/other-file"
mkdir "$T/vartmp/other-dir"
echo x >"$T/vartmp/other-dir/theirs"
chown -R "$other:$other" "$T/vartmp/other-dir"

# ---------------------------------------------------------------- the resident's home
mkdir -p "$home/.mozilla/firefox/abc.default" "$home/Downloads" "$home/Desktop"
echo "session cookie" >"$home/.mozilla/firefox/abc.default/cookies.sqlite"
echo "CV" >"$home/Downloads/oneletrajz.pdf"
echo "changed by the resident" >"$home/Desktop/Read me.txt"
rm -f "$home/.profile"
# Odd names: a newline, spaces, a leading dash, invalid UTF-8.
touch "$home/Desktop/two"$'\n'"lines" "$home/  spaces  " "$home/-rf" "$home/--help" \
	"$home/"$'\xff\xfe'"bad" "$home/Downloads/"$'\xc3\x28'
# Symbolic links: out of the home (to a file that must survive) and a loop.
ln -s "$T/outside/passwd-like" "$home/passwd"
ln -s "$T/outside" "$home/outside-dir"
ln -s loop-b "$home/loop-a"
ln -s loop-a "$home/loop-b"
# A tree deeper than PATH_MAX: 300 levels of 30-character names (about
# 9300 bytes of path), built relative to directory descriptors.
python3 - "$home" <<'EOF'
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY)
name = "deep-folder-of-thirty-chars-xx"
for _ in range(300):
    os.mkdir(name, dir_fd=fd)
    sub = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
    os.close(fd)
    fd = sub
cookie = os.open("cookies.sqlite", os.O_WRONLY | os.O_CREAT, 0o600, dir_fd=fd)
os.write(cookie, b"session cookie at the bottom")
os.close(cookie)
os.close(fd)
EOF
check "the planted tree is deeper than PATH_MAX" \
	test "$(python3 -c "print(300 * 31 > $(getconf PATH_MAX /))")" = True
chown -hR "$uid:$uid" "$home" "$T/home"
chmod 0700 "$home"
# A folder the resident made read-only, with files inside (made as the
# resident, as it would be).
mkdir "$home/readonly"
echo a >"$home/readonly/a"
mkdir "$home/readonly/sub"
echo b >"$home/readonly/sub/b"
chown -hR "$uid:$uid" "$home/readonly"
chmod 0500 "$home/readonly/sub" "$home/readonly"
mkdir -m 0000 "$home/noaccess"
chown "$uid:$uid" "$home/noaccess"
# A bind mount of a folder outside into the home: its contents must survive.
mkdir "$home/mnt"
chown "$uid:$uid" "$home/mnt"
bind=no
if mount --bind "$T/bindsrc" "$home/mnt" 2>"$T/mount.err"; then
	bind=yes
else
	echo "# note: mount --bind is not permitted here ($(cat "$T/mount.err")); the bind mount case is skipped"
fi

# ---------------------------------------------------------------- the resident's temporary files
as_uid() { setpriv --reuid="$uid" --regid="$uid" --clear-groups "$@"; }
as_uid sh -c "
	echo x >'$T/tmp/resident-file'
	mkdir -p '$T/tmp/resident-dir/a/b' && echo y >'$T/tmp/resident-dir/a/b/c'
	mkfifo '$T/vartmp/resident-fifo'
	ln -s '$T/outside/passwd-like' '$T/tmp/resident-link'
	echo z >'$T/shm/resident-shm'
	echo w >'$T/tmp/'\$'-odd\\nname'
"
as_uid /usr/bin/python3 -c "
import socket
s = socket.socket(socket.AF_UNIX)
s.bind('$T/tmp/.ICE-unix/1234')
s2 = socket.socket(socket.AF_UNIX)
s2.bind('$T/tmp/resident.sock')
"
echo "# planted $(find "$T/tmp" "$T/vartmp" "$T/shm" -uid $uid | wc -l) temporary entries of uid $uid"
# A mount inside a folder of the resident in /tmp goes (its source stays);
# a mount on root's folder there is none of the reset's business.
mkdir -p "$T/tmpsrc" "$T/tmp/root-mnt" "$T/tmp/resident-mnts/mnt"
echo "mounted source" >"$T/tmpsrc/keep"
chown -R "$uid:$uid" "$T/tmp/resident-mnts"
tmp_mounts=no
if [ $bind = yes ] && mount --bind "$T/tmpsrc" "$T/tmp/resident-mnts/mnt" &&
	mount --bind "$T/tmpsrc" "$T/tmp/root-mnt"; then
	tmp_mounts=yes
fi

# ---------------------------------------------------------------- a kernel key
key=no
keyctl_py='
import ctypes, sys
libc = ctypes.CDLL(None, use_errno=True)
SYS_add_key, SYS_keyctl = 248, 250  # x86_64
USER_KEYRING = -4
if sys.argv[1] == "add":
    r = libc.syscall(SYS_add_key, b"user", b"netpont-test", b"secret", 6, USER_KEYRING)
else:
    r = libc.syscall(SYS_keyctl, 10, USER_KEYRING, b"user", b"netpont-test", 0)  # KEYCTL_SEARCH
sys.exit(0 if r > 0 else 1)
'
if [ "$(uname -m)" = x86_64 ] && as_uid /usr/bin/python3 -c "$keyctl_py" add; then
	key=yes
	check "the key is in uid $uid's keyring before" as_uid /usr/bin/python3 -c "$keyctl_py" search
else
	echo "# note: cannot add a kernel key here; the keyring case is skipped"
fi

# ---------------------------------------------------------------- running processes
as_uid sleep 1000 &
bg_pids+=($!)
as_uid sh -c "cd '$home/Downloads' && exec sleep 1000" &
bg_pids+=($!)
# One that keeps starting new ones, as a crude fork bomb would.
as_uid sh -c 'while :; do sleep 1000 & sleep 0.05; done' &
bg_pids+=($!)
sleep 0.5
live() { ps -u "$uid" -U "$uid" -o stat= 2>/dev/null | grep -vc '^Z'; }
echo "# $(live) processes of uid $uid running"

# ---------------------------------------------------------------- the reset
"$reset" --user "$uid" --home "$home" --skel "$skel" --tmp-dirs "$tmps" --no-cups 2>"$T/reset.err"
rc=$?
sed 's/^/# /' "$T/reset.err"
check "netpont-reset succeeds (exit $rc)" test "$rc" = 0
for pid in "${bg_pids[@]}"; do wait "$pid" 2>/dev/null; done
bg_pids=()

check "no process of uid $uid is left" test "$(live)" = 0
check "the home folder equals the skeleton" diff "$T/skel.before" <(tree_of "$home")
check "the home folder's own mode is the skeleton's" \
	test "$(stat -c %a "$home")" = "$(stat -c %a "$skel")"
check "everything in the home folder belongs to uid $uid" \
	test -z "$(owners_other_than "$home" $uid)"
check "... and to its group" test -z "$(find "$home" ! -gid $uid)"
check "the skeleton is unchanged" cmp -s "$T/skel.before" <(tree_of "$skel")
check "nothing is left next to the home folder" test "$(ls -A "$T/home")" = public
check "the file the symbolic link pointed to survived" \
	grep -qx "root:x:0:0:root:/root:/bin/bash" "$T/outside/passwd-like"
if [ $bind = yes ]; then
	check "the bind mount is gone" sh -c "! grep -qF ' $home/' /proc/self/mountinfo"
	check "the bind mount's source survived" grep -qx "not the resident's" "$T/bindsrc/keep"
fi
check "no entry of uid $uid is left in the temporary folders" \
	test -z "$(find "$T/tmp" "$T/vartmp" "$T/shm" -uid $uid)"
check "root's temporary file survived" test -f "$T/tmp/root-file"
check "another user's temporary file survived" test -f "$T/tmp/other-file"
check "another user's temporary folder survived" test -f "$T/vartmp/other-dir/theirs"
check "root's shared folder in /tmp survived" test -d "$T/tmp/.ICE-unix"
if [ $tmp_mounts = yes ]; then
	check "the mount on the resident's folder in /tmp is gone" \
		sh -c "! grep -qF ' $T/tmp/resident-mnts/mnt ' /proc/self/mountinfo"
	check "the mount on root's folder in /tmp stays" \
		grep -qF " $T/tmp/root-mnt " /proc/self/mountinfo
	check "the mounted source survived" grep -qx "mounted source" "$T/tmpsrc/keep"
	umount "$T/tmp/root-mnt"
fi
if [ $key = yes ]; then
	check "the key is gone from uid $uid's keyring" sh -c \
		"! setpriv --reuid=$uid --regid=$uid --clear-groups /usr/bin/python3 -c '$keyctl_py' search"
fi

# ---------------------------------------------------------------- again, and without CUPS
echo stray >"$home/stray"
chown "$uid:$uid" "$home/stray"
CUPS_SERVER=$T/no-cups.sock "$reset" --user "$uid" --home "$home" --skel "$skel" \
	--tmp-dirs "$tmps" 2>"$T/again.err"
rc=$?
sed 's/^/# /' "$T/again.err"
check "a second run succeeds without a running CUPS (exit $rc)" test "$rc" = 0
check "it says CUPS is not running" grep -q "CUPS is not running" "$T/again.err"
check "the stray file is gone" test ! -e "$home/stray"
check "still the skeleton" diff "$T/skel.before" <(tree_of "$home")

# ---------------------------------------------------------------- refusals: exit 2, nothing touched
echo "mine" >"$home/marker"
chown "$uid:$uid" "$home/marker"
mkdir -p "$T/alien"
chown "$other:$other" "$T/alien"
ln -s "$home" "$T/home-link"
refused() { # refused DESCRIPTION ARGS...
	local desc=$1
	shift
	"$reset" --tmp-dirs "$tmps" --no-cups "$@" 2>"$T/err"
	local rc=$?
	if [ $rc -eq 2 ] && [ -s "$T/err" ] && [ -f "$home/marker" ] &&
		cmp -s "$T/skel.before" <(tree_of "$skel"); then
		echo "ok - refuses $desc ($(head -c 200 "$T/err"))"
	else
		echo "not ok - refuses $desc (exit $rc: $(cat "$T/err"))"
		fails=$((fails + 1))
	fi
}
refused "root" --user root --home "$home" --skel "$skel"
refused "uid 0" --user 0 --home "$home" --skel "$skel"
refused "a system account" --user 100 --home "$home" --skel "$skel"
refused "nobody" --user 65534 --home "$home" --skel "$skel"
refused "an unknown user name" --user netpont-no-such-user --skel "$skel"
refused "an empty user" --user "" --home "$home" --skel "$skel"
refused "a uid without a home" --user "$uid" --skel "$skel"
refused "the root folder" --user "$uid" --home / --skel "$skel"
refused "an empty home" --user "$uid" --home "" --skel "$skel"
refused "only slashes" --user "$uid" --home /// --skel "$skel"
refused "a relative path" --user "$uid" --home tmp/home --skel "$skel"
refused "a path with .." --user "$uid" --home "$home/../public" --skel "$skel"
refused "a system folder" --user "$uid" --home /usr --skel "$skel"
refused "/home itself" --user "$uid" --home /home --skel "$skel"
refused "/etc/netpont" --user "$uid" --home /etc/netpont --skel "$skel"
refused "a missing home" --user "$uid" --home "$T/nothing" --skel "$skel"
refused "a home of another uid" --user "$uid" --home "$T/alien" --skel "$skel"
refused "a symbolic link as home" --user "$uid" --home "$T/home-link" --skel "$skel"
refused "a missing skeleton" --user "$uid" --home "$home" --skel "$T/no-skel"
refused "an empty skeleton path" --user "$uid" --home "$home" --skel ""
refused "the skeleton as home" --user "$uid" --home "$skel" --skel "$skel" --allow-uid
refused "a skeleton inside the home" --user "$uid" --home "$home" --skel "$home/Desktop"
refused "a system folder as temporary folder" --user "$uid" --home "$home" --skel "$skel" \
	--tmp-dirs /etc
refused "a home inside a temporary folder" --user "$uid" --home "$home" --skel "$skel" \
	--tmp-dirs "$T/home"
refused "an unknown option" --user "$uid" --home "$home" --skel "$skel" --force
refused "an extra argument" --user "$uid" --home "$home" --skel "$skel" extra
check "a dry run touches nothing" sh -c "'$reset' --user $uid --home '$home' --skel '$skel' \
	--tmp-dirs '$tmps' --dry-run 2>/dev/null && test -f '$home/marker'"

if [ $fails -ne 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "all checks passed"
