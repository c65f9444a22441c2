# Accounts for a test that runs in a mount namespace of its own (unshare -m):
# /etc/passwd and /etc/group become copies that also hold the accounts the
# packages would make, so the machine's own user database is never changed.
# shellcheck shell=bash

# ns_users DIR NAME UID [NAME UID ...]: copies the user database into DIR,
# adds each account the copy does not have (a system user with a group
# of the same number) and mounts the copies over /etc/passwd and /etc/group.
ns_users() {
	local dir=$1
	shift
	cp /etc/passwd "$dir/passwd"
	cp /etc/group "$dir/group"
	while [ $# -ge 2 ]; do
		# The copy decides, not the live database: another test run may add
		# or remove the same account between the copy and this check.
		if ! grep -q "^$1:" "$dir/passwd"; then
			echo "$1:x:$2:$2::/nonexistent:/usr/sbin/nologin" >>"$dir/passwd"
			echo "$1:x:$2:" >>"$dir/group"
		fi
		shift 2
	done
	mount --bind "$dir/passwd" /etc/passwd
	mount --bind "$dir/group" /etc/group
}

# ns_group_add DIR GROUP USER: makes USER a member of GROUP in the copy, as
# `adduser USER GROUP` would. Written in place: the bind mount holds on to
# the file's inode.
ns_group_add() {
	awk -F: -v OFS=: -v g="$2" -v u="$3" '$1 == g { $4 = ($4 == "" ? "" : $4 ",") u } { print }' \
		"$1/group" >"$1/group.new"
	cat "$1/group.new" >"$1/group"
	rm -f "$1/group.new"
}
