#!/usr/bin/python3
"""Every control of a program on the screen has exactly one accessible name.

   a11y-names.py PROGRAM_NAME

Reads the program's accessible tree over AT-SPI (python3-pyatspi) and fails
on a control that is showing and has no name, a name that says the same
thing twice ("Log in Log in"), or a name two controls share. Prints
each control it checked, so the log shows what a screen reader hears."""
import sys

import pyatspi

INTERACTIVE = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_ENTRY, pyatspi.ROLE_PASSWORD_TEXT,
    pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_LINK,
    pyatspi.ROLE_SLIDER, pyatspi.ROLE_MENU_ITEM,
}


def controls(node, found):
    try:
        role = node.getRole()
    except Exception:  # a node that went away while we read the tree
        return
    # GTK 4 leaves hidden widgets out of the tree.
    if role in INTERACTIVE:
        found.append((node.getRoleName(), node.name or ""))
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            controls(child, found)


def main():
    program = sys.argv[1]
    desktop = pyatspi.Registry.getDesktop(0)
    apps = [desktop.getChildAtIndex(i) for i in range(desktop.childCount)]
    apps = [a for a in apps if a is not None and a.name == program]
    if not apps:
        print("a11y: no application called %r on the accessibility bus" % program)
        return 1
    found = []
    for app in apps:
        controls(app, found)
    problems = []
    seen = {}
    for role, name in found:
        print("a11y: %s %r" % (role, name))
        # A mnemonic's underscore read out with the label is the same
        # name twice ("Log _in Log in").
        words = name.replace("_", "").split()
        half = len(words) // 2
        if not name.strip():
            problems.append("a %s without a name" % role)
        elif len(words) % 2 == 0 and half and words[:half] == words[half:]:
            problems.append("the %s %r says its name twice" % (role, name))
        if name in seen:
            problems.append("two controls called %r" % name)
        seen[name] = role
    if not found:
        problems.append("no controls found")
    for p in problems:
        print("a11y problem: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
