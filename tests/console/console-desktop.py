#!/usr/bin/python3
"""console-desktop.py: netpont-console driven as a user would, over AT-SPI.

The running console is found on the accessibility bus; a field is typed into
by clicking it and typing keys (xdotool), a button or menu item pressed by
its action, and what the window shows is read back from its accessible tree,
as a screen reader would. Used by console-desktop.sh.

Usage:
  console-desktop.py WINDOW_ID sign-in SERVER USER PASSWORD
      fills the sign-in form, presses Sign in, waits for the signed-in
      window (its Sign out button showing)
  console-desktop.py WINDOW_ID signed-in
      waits for the signed-in window (its Sign out button showing)
  console-desktop.py WINDOW_ID fields
      prints the sign-in form as shown: server=..., user=...,
      password-length=N
  console-desktop.py WINDOW_ID about NAME VERSION [MENU ITEM]
      opens the main menu (the button named MENU, "Main Menu" unless
      given), chooses its About item (ITEM, "About Netpont Console"), and
      waits for a second window of the console showing NAME and VERSION
  console-desktop.py WINDOW_ID bookings
      opens the Bookings page (Ctrl+8) and checks that its controls are named for
      a screen reader (Earlier, Today, Later, Day, Week, New booking…, an
      empty slot "PC-01, HH:MM, free"); New booking… opens the form with
      its "Login or name" field, and Cancel closes it
WINDOW_ID is the console's X window (xdotool), where the clicks go.
Exit status: 0 done, 1 what was expected did not show (said why), 2 usage,
or the console is not on the bus.
"""
import re
import subprocess
import sys
import time

import pyatspi

APP = "netpont-console"
TIMEOUT_S = 20


def fail(text):
    print("console-desktop.py: " + text, file=sys.stderr)
    sys.exit(1)


def find_application():
    end = time.monotonic() + TIMEOUT_S
    while time.monotonic() < end:
        for app in pyatspi.Registry.getDesktop(0):
            try:
                if app is not None and app.name == APP:
                    return app
            except Exception:
                continue
        time.sleep(0.3)
    print("console-desktop.py: %s is not on the accessibility bus" % APP, file=sys.stderr)
    sys.exit(2)


def walk(node):
    yield node
    for child in node:
        if child is not None:
            yield from walk(child)


def showing(node):
    # GTK 4.8 marks only windows as showing; a widget that is hidden is not
    # in the tree or not visible.
    states = node.getState()
    return states.contains(pyatspi.STATE_SHOWING) or states.contains(pyatspi.STATE_VISIBLE)


def can_act(node):
    return "Action" in node.get_interfaces() and node.queryAction().nActions > 0


def find(root, role, name, timeout=TIMEOUT_S, acting=False):
    """The first shown node of the role with the name (with an action to do
    if acting), waiting for it."""
    return find_named(root, (role,), lambda shown: shown == name, timeout, acting)


def find_named(root, roles, test, timeout=TIMEOUT_S, acting=False):
    """The first shown node of one of roles whose name passes test (with an
    action to do if acting), waiting for it."""
    end = time.monotonic() + timeout
    while True:
        for node in walk(root):
            try:
                if (node.getRoleName() in roles and test(node.name or "") and showing(node)
                        and (not acting or can_act(node))):
                    return node
            except Exception:
                continue
        if time.monotonic() >= end:
            return None
        time.sleep(0.2)


def text_of(node):
    text = node.queryText()
    # GTK 4.8 answers getText(0, -1) with nothing: ask for the whole length.
    return text.getText(0, text.characterCount)


def type_into(window_id, field, value):
    """Clicks the field where it is on screen, replaces its text by typing."""
    box = field.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    subprocess.run(["xdotool", "mousemove", "--window", window_id,
                    str(box.x + box.width // 2), str(box.y + box.height // 2), "click", "1"],
                   check=True)
    time.sleep(0.2)
    subprocess.run(["xdotool", "key", "--clearmodifiers", "ctrl+a", "BackSpace"], check=True)
    subprocess.run(["xdotool", "type", "--delay", "15", value], check=True)
    end = time.monotonic() + 5
    while time.monotonic() < end:
        shown = text_of(field)
        # A password field shows bullets: its length is what can be checked.
        if shown == value or (field.name == "Password" and len(shown) == len(value)):
            return
        time.sleep(0.1)
    fail("typed %r into %r, it shows %r" % (value, field.name, text_of(field)))


def press(node):
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("click", "activate", "press"):
            action.doAction(i)
            return
    action.doAction(0)


def sign_in(app, window_id, server, user, password):
    for name, value in (("Server (address:port)", server), ("User name", user),
                        ("Password", password)):
        field = find(app, "text", name)
        if field is None:
            fail("no %r field on the sign-in page" % name)
        type_into(window_id, field, value)
    button = find(app, "push button", "Sign in", acting=True)
    if button is None:
        fail("no Sign in button")
    press(button)
    signed_in(app)
    print("signed in as %s at %s" % (user, server))


def signed_in(app):
    if find(app, "push button", "Sign out") is None:
        fail("still not signed in after %d s" % TIMEOUT_S)


def fields(app):
    values = {}
    for key, name in (("server", "Server (address:port)"), ("user", "User name"),
                      ("password", "Password")):
        field = find(app, "text", name)
        if field is None:
            fail("no %r field on the sign-in page" % name)
        values[key] = text_of(field)
    print("server=%s" % values["server"])
    print("user=%s" % values["user"])
    print("password-length=%d" % len(values["password"]))


def windows(app):
    return [w for w in app if w is not None and showing(w)]


def about(app, name, version, menu_name="Main Menu", item_name="About Netpont Console"):
    before = len(windows(app))
    # GTK 4.8 shows a menu button as a button holding the toggle that acts.
    menu = find(app, "push button", menu_name, acting=True)
    if menu is None:
        fail("no %r button in the header bar" % menu_name)
    press(menu)
    item = find(app, "menu item", item_name, acting=True)
    if item is None:
        fail("the main menu has no %r item" % item_name)
    press(item)
    end = time.monotonic() + TIMEOUT_S
    while len(windows(app)) <= before and time.monotonic() < end:
        time.sleep(0.2)
    new = windows(app)[before:]
    if not new:
        fail("no About window appeared")
    window = new[-1]
    title = find(window, "label", name, timeout=5)
    shown_version = None
    for node in walk(window):
        try:
            if node.name == version and showing(node):
                shown_version = node
                break
        except Exception:
            continue
    if title is None:
        fail("the About window does not show %r" % name)
    if shown_version is None:
        fail("the About window does not show the version %r" % version)
    print("about window: %s %r showing %r (%s) and %r (%s)" % (
        window.getRoleName(), window.name, title.name, title.getRoleName(),
        shown_version.name, shown_version.getRoleName()))


def named_nodes(root):
    """What a failure says was there: the roles and names of the buttons."""
    seen = []
    for node in walk(root):
        try:
            if node.name and "button" in node.getRoleName() or node.getRoleName() == "page tab":
                seen.append("%s %r" % (node.getRoleName(), node.name))
        except Exception:
            continue
    return ", ".join(seen[:60])


def bookings(app):
    # The view switcher's buttons are page tabs (AdwViewSwitcher).
    buttons = ("page tab", "push button", "toggle button", "radio button")
    page = find_named(app, buttons, lambda name: name == "Bookings")
    if page is None:
        fail("the switcher offers no Bookings page; shown: %s" % named_nodes(app))
    # Ctrl+8 shows the page, as the keyboard shortcuts window says.
    subprocess.run(["xdotool", "key", "--clearmodifiers", "ctrl+8"], check=True)
    time.sleep(1)
    for role, name in (("push button", "Earlier"), ("push button", "Today"),
                       ("push button", "Later"), ("toggle button", "Day"),
                       ("toggle button", "Week"), ("push button", "New booking…")):
        if find_named(app, (role,) + buttons, lambda n, name=name: n == name) is None:
            fail("the Bookings page has no control named %r; shown: %s" %
                 (name, named_nodes(app)))
    slot = find_named(app, ("push button",),
                      lambda name: re.match(r"^PC-01, \d\d:\d\d, free$", name) is not None)
    if slot is None:
        fail("the day view has no empty slot named like 'PC-01, 10:30, free'; shown: %s" %
             named_nodes(app))
    press(find(app, "push button", "New booking…", acting=True))
    field = find(app, "text", "Login or name")
    if field is None:
        fail("New booking… opened no form with a 'Login or name' field; windows: %s" %
             ", ".join("%s %r %s" % (w.getRoleName(), w.name, showing(w)) for w in app
                       if w is not None))
    form = field
    while form.parent is not None and form.parent.getRoleName() != "application":
        form = form.parent
    cancel = find(form, "push button", "Cancel", timeout=5, acting=True)
    if cancel is None:
        fail("the booking form has no Cancel button")
    title, slot_name = form.name, slot.name
    press(cancel)

    def form_open():
        return any(w is not None and w.name == title for w in app)

    end = time.monotonic() + TIMEOUT_S
    while form_open() and time.monotonic() < end:
        time.sleep(0.2)
    if form_open():
        fail("Cancel left the booking form open")
    print("bookings page: its controls named, the slot %r, the form %r with its fields" %
          (slot_name, title))


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    window_id, command, args = argv[1], argv[2], argv[3:]
    app = find_application()
    if command == "sign-in" and len(args) == 3:
        sign_in(app, window_id, *args)
    elif command == "signed-in" and not args:
        signed_in(app)
    elif command == "fields" and not args:
        fields(app)
    elif command == "about" and len(args) in (2, 4):
        about(app, *args)
    elif command == "bookings" and not args:
        bookings(app)
    else:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
