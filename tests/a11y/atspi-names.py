#!/usr/bin/python3
"""atspi-names.py: do an application's controls each have one clean name?

What a screen reader says for a control is its accessible name. This walks
the AT-SPI tree of one running application and fails when an interactive
element it shows (push button, toggle button, check box, radio button,
switch, entry, editable text, password text, combo box, spin button, slider,
link, menu item):
  - has no name (GTK 4.8 reports a missing name as the widget's type name,
    "GtkImage", which counts as none),
  - has the same name as another interactive element in the same window,
  - has a name with a mnemonic mark '_' ("Log _in"),
  - or a name that repeats itself ("PIN PIN", "Log in Log in").
It also fails on a shown image without a name: a decorative image should
have the presentation role, a meaningful one a name.

Usage:
  atspi-names.py [--timeout SECONDS] [--dump] APPLICATION
APPLICATION is the name the application registers with AT-SPI (for GTK,
its program name: g_get_prgname()). The script waits up to --timeout
seconds (default 20) for it to appear. --dump prints the tree it checked.
Exit status: 0 all names are fine, 1 problems (listed one per line on
stdout), 2 the application or the accessibility bus is not there.

It needs python3-pyatspi and an AT-SPI bus: run the application and this
script in one D-Bus session (dbus-run-session), with the bus launcher
(/usr/libexec/at-spi-bus-launcher) running and without NO_AT_BRIDGE=1 in
the application's environment. The application's main loop must run while
the script asks (a test that calls it from inside the application spawns it
asynchronously and keeps iterating). Used by tests/lock/test-lock-ui.c for
the locked screen; works for any application (tests/bar/bar-dock.sh checks the time bar).
"""
import re
import sys
import time

import pyatspi

INTERACTIVE = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_ENTRY, pyatspi.ROLE_PASSWORD_TEXT,
    pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_SLIDER,
    pyatspi.ROLE_LINK, pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_CHECK_MENU_ITEM,
    pyatspi.ROLE_RADIO_MENU_ITEM,
}
# Newer AT-SPI has a switch role; GTK 4.8 reports a switch as a check box.
if hasattr(pyatspi, "ROLE_SWITCH"):
    INTERACTIVE.add(pyatspi.ROLE_SWITCH)
WINDOWS = {pyatspi.ROLE_FRAME, pyatspi.ROLE_WINDOW, pyatspi.ROLE_DIALOG, pyatspi.ROLE_ALERT}
# The toolkit's stand-in for "no name".
PLACEHOLDER = re.compile(r"^(Gtk|Adw|Gdk|Gsk)[A-Z][A-Za-z]*$")


def usage():
    print(__doc__.strip().split("\n\n")[2], file=sys.stderr)
    sys.exit(2)


def find_application(name, timeout):
    end = time.monotonic() + timeout
    while True:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            try:
                if app is not None and app.name == name:
                    return app
            except Exception:
                continue
        if time.monotonic() >= end:
            return None
        time.sleep(0.5)


def interactive(node, role, states):
    if role in INTERACTIVE:
        return True
    # An entry in GTK 4 is a "text" that can be edited; a label is not.
    return role == pyatspi.ROLE_TEXT and states.contains(pyatspi.STATE_EDITABLE)


def unnamed(name):
    return name.strip() == "" or PLACEHOLDER.match(name) is not None


def repeats_itself(name):
    words = name.replace("_", "").split()
    half = len(words) // 2
    return half > 0 and len(words) % 2 == 0 and words[:half] == words[half:]


def check(app, dump):
    problems = []
    names = {}  # window -> name -> count
    count = 0

    def walk(node, window, depth):
        nonlocal count
        try:
            role = node.getRole()
            states = node.getState()
            name = node.name or ""
        except Exception as e:  # an element that went away meanwhile
            problems.append(f"cannot read an element: {e}")
            return
        # A child of the application is a window whatever its role: GTK 4.8
        # reports a toplevel made after start-up as a visible "filler" that
        # is never marked showing.
        if role in WINDOWS or depth == 1:
            if not (states.contains(pyatspi.STATE_SHOWING) or
                    (depth == 1 and states.contains(pyatspi.STATE_VISIBLE))):
                return
            window = name or node.getRoleName()
        # GTK 4.8 marks only windows as showing; a hidden widget is not in
        # the tree, and one in a hidden part is not visible.
        elif role != pyatspi.ROLE_APPLICATION and not states.contains(pyatspi.STATE_VISIBLE):
            return
        if dump:
            print(f"{'  ' * depth}{node.getRoleName()}: {name!r}")
        where = f"{node.getRoleName()} in window {window!r}"
        if window is not None and interactive(node, role, states):
            count += 1
            if unnamed(name):
                problems.append(f"{where} has no name (it reads as {name!r})")
            else:
                if "_" in name:
                    problems.append(f"{where} has a mnemonic mark in its name: {name!r}")
                if repeats_itself(name):
                    problems.append(f"{where} repeats its name: {name!r}")
                names.setdefault(window, {}).setdefault(name, []).append(where)
        elif window is not None and role == pyatspi.ROLE_IMAGE and unnamed(name):
            problems.append(f"image in window {window!r} has no name and is not presentation "
                            f"(it reads as {name!r})")
        for i in range(node.childCount):
            child = node.getChildAtIndex(i)
            if child is not None:
                walk(child, window, depth + 1)

    walk(app, None, 0)
    for window, by_name in names.items():
        for name, elements in by_name.items():
            if len(elements) > 1:
                problems.append(f"{len(elements)} elements in window {window!r} share the "
                                f"name {name!r}: {', '.join(elements)}")
    return count, problems


def main(argv):
    timeout, dump, app_name = 20.0, False, None
    args = list(argv[1:])
    while args:
        a = args.pop(0)
        if a == "--timeout" and args:
            timeout = float(args.pop(0))
        elif a == "--dump":
            dump = True
        elif a.startswith("-") or app_name is not None:
            usage()
        else:
            app_name = a
    if app_name is None:
        usage()
    app = find_application(app_name, timeout)
    if app is None:
        print(f"atspi-names: no application {app_name!r} on the accessibility bus",
              file=sys.stderr)
        return 2
    count, problems = check(app, dump)
    if count == 0:
        seen = []
        for i in range(app.childCount):
            w = app.getChildAtIndex(i)
            if w is not None:
                states = [pyatspi.stateToString(x) for x in w.getState().getStates()]
                seen.append(f"{w.getRoleName()} {w.name!r} {states} ({w.childCount} children)")
        problems.append(f"{app_name} shows no interactive element at all; its windows: "
                        + ("; ".join(seen) or "none"))
    for p in problems:
        print(p)
    if not problems:
        print(f"atspi-names: {app_name}: {count} interactive elements, each named once")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
