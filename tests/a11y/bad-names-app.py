#!/usr/bin/python3
"""bad-names-app.py: a GTK 4 window with every naming mistake atspi-names.py
must find, for its self-test (test-atspi-names.sh): a mnemonic button read
as "Log _in Log in", an entry named twice ("PIN PIN"), an unnamed image, a
switch with no name, and two buttons with one name. Runs until killed."""
import gi

gi.require_version("Gtk", "4.0")
from gi.repository import GLib, Gtk  # noqa: E402


def build(app):
    win = Gtk.ApplicationWindow(application=app, title="Bad names")
    box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL)
    win.set_child(box)
    box.append(Gtk.Button(label="Log _in", use_underline=True))
    label = Gtk.Label(label="_PIN", use_underline=True)
    entry = Gtk.Entry()
    label.set_mnemonic_widget(entry)
    entry.update_property([Gtk.AccessibleProperty.LABEL], ["PIN"])
    box.append(label)
    box.append(entry)
    box.append(Gtk.Image.new_from_icon_name("dialog-information"))
    box.append(Gtk.Switch())
    box.append(Gtk.Button(label="Help"))
    box.append(Gtk.Button(label="Help"))
    win.present()


app = Gtk.Application(application_id="hu.netpont.BadNames")
app.connect("activate", build)
GLib.set_prgname("bad-names-app")
app.run(None)
