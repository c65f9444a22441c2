#!/usr/bin/env python3
"""A screen's side of the agent's control socket, for the shell tests.

netpontctl --agent covers status, login, logout and help; this covers what a
screen does besides: it takes back a help call (ControlHelpCancel) and it
listens to the ControlEvents the agent pushes (warnings). Frames are a 4-byte
big-endian length and one Envelope (proto/netpont.proto), read with a
minimal protobuf wire decoder: only the fields printed here are looked at.

  control-client.py SOCKET help-cancel LANGUAGE
      prints "help_call STATE" or "error CODE MESSAGE"
  control-client.py SOCKET login LOGIN PIN LANGUAGE
      logs a resident in as the greeter does, in the language it shows;
      prints "ok" or "error CODE MESSAGE"
  control-client.py SOCKET listen SECONDS
      prints one line per ControlEvent: "event WARNING" ("-" for none)
  control-client.py SOCKET booking -
      the PC's booking as the agent gives it (ControlStatusReply.booking,
      booked_from, course): "booking ID STARTS ENDS COURSE RESERVED_FOR"
      ("booking 0" for none), "booked_from N", "course NAME"
  control-client.py SOCKET kiosk -
      whether the PC is an information point (ControlStatusReply.kiosk_only):
      "kiosk_only true|false"
  control-client.py SOCKET directory-list QUERY CATEGORY LANGUAGE
      the directory as the screen gets it: "offline true|false", then one
      line per entry "entry ID CATEGORY TITLE"; or "error CODE MESSAGE"
  control-client.py SOCKET directory-used WHAT
      counts a use; prints "ok" or "error CODE MESSAGE"
  control-client.py SOCKET directory-print ENTRY_ID LANGUAGE
      prints a free slip; prints "ok" or "error CODE MESSAGE"
"""
import socket
import struct
import sys
import time

ENVELOPE_ID = 1
ENVELOPE_ERROR = 12
ENVELOPE_HELP_CALL = 54
ENVELOPE_CONTROL_EVENT = 175
ENVELOPE_CONTROL_LOGIN = 172
ENVELOPE_CONTROL_HELP_CANCEL = 177
ENVELOPE_CONTROL_STATUS = 170
ENVELOPE_CONTROL_STATUS_REPLY = 171
STATUS_BOOKING, STATUS_BOOKED_FROM, STATUS_COURSE = 200, 201, 202
STATUS_KIOSK_ONLY = 400
ENVELOPE_CONTROL_DIRECTORY_LIST = 400
ENVELOPE_CONTROL_DIRECTORY_LIST_REPLY = 401
ENVELOPE_CONTROL_DIRECTORY_USED = 402
ENVELOPE_CONTROL_DIRECTORY_PRINT = 403


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field_bytes(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def fields(data):
    """(number, value) pairs: ints for varints, bytes for the rest."""
    pos = 0
    while pos < len(data):
        key, pos = read_varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = read_varint(data, pos)
        elif wire == 2:
            length, pos = read_varint(data, pos)
            value, pos = data[pos:pos + length], pos + length
        elif wire == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            raise ValueError("unknown wire type %d" % wire)
        yield number, value


def read_varint(data, pos):
    value, shift = 0, 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def read_frame(sock):
    head = recv_exactly(sock, 4)
    return recv_exactly(sock, struct.unpack(">I", head)[0])


def recv_exactly(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError("the agent closed the connection")
        buf += chunk
    return buf


def request(sock, body_field, body):
    """Sends one request (id 7) and returns the reply's fields as a dict."""
    envelope = varint(ENVELOPE_ID << 3) + varint(7) + field_bytes(body_field, body)
    sock.sendall(struct.pack(">I", len(envelope)) + envelope)
    while True:
        envelope = dict(fields(read_frame(sock)))
        if envelope.get(ENVELOPE_ID) == 7:
            return envelope  # else an event


def print_error(envelope):
    error = dict(fields(envelope[ENVELOPE_ERROR]))
    print("error", error.get(1, 0), error.get(2, b"").decode())


def login(sock, who, pin, language):
    body = field_bytes(1, who.encode()) + field_bytes(2, pin.encode()) + field_bytes(3, language.encode())
    envelope = request(sock, ENVELOPE_CONTROL_LOGIN, body)
    if ENVELOPE_ERROR in envelope:
        print_error(envelope)
    else:
        print("ok")


def help_cancel(sock, language):
    envelope = request(sock, ENVELOPE_CONTROL_HELP_CANCEL, field_bytes(1, language.encode()))
    if ENVELOPE_HELP_CALL in envelope:
        call = dict(fields(envelope[ENVELOPE_HELP_CALL]))
        print("help_call", call.get(4, 0))
    elif ENVELOPE_ERROR in envelope:
        print_error(envelope)
    else:
        print("other")


def listen(sock, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        sock.settimeout(max(0.1, end - time.monotonic()))
        try:
            envelope = dict(fields(read_frame(sock)))
        except socket.timeout:
            break
        if ENVELOPE_CONTROL_EVENT in envelope:
            event = dict(fields(envelope[ENVELOPE_CONTROL_EVENT]))
            print("event", event.get(2, b"").decode() or "-", flush=True)


def booking(sock):
    envelope = request(sock, ENVELOPE_CONTROL_STATUS, b"")
    status = dict(fields(envelope.get(ENVELOPE_CONTROL_STATUS_REPLY, b"")))
    notice = dict(fields(status.get(STATUS_BOOKING, b"")))
    if notice.get(1, 0):
        print("booking", notice[1], notice.get(4, 0), notice.get(5, 0), notice.get(3, 0),
              notice.get(2, b"").decode())
    else:
        print("booking 0")
    print("booked_from", status.get(STATUS_BOOKED_FROM, 0))
    print("course", status.get(STATUS_COURSE, b"").decode())


def kiosk(sock):
    envelope = request(sock, ENVELOPE_CONTROL_STATUS, b"")
    status = dict(fields(envelope.get(ENVELOPE_CONTROL_STATUS_REPLY, b"")))
    print("kiosk_only", "true" if status.get(STATUS_KIOSK_ONLY, 0) else "false")


def directory_list(sock, query, category, language):
    body = field_bytes(1, query.encode()) + field_bytes(2, category.encode()) + field_bytes(3, language.encode())
    envelope = request(sock, ENVELOPE_CONTROL_DIRECTORY_LIST, body)
    if ENVELOPE_ERROR in envelope:
        print_error(envelope)
        return
    reply = envelope.get(ENVELOPE_CONTROL_DIRECTORY_LIST_REPLY, b"")
    offline = False
    entries = []
    for number, value in fields(reply):
        if number == 1:
            entries.append(dict(fields(value)))
        elif number == 2:
            offline = bool(value)
    print("offline", "true" if offline else "false")
    for e in entries:
        print("entry", e.get(1, 0), e.get(2, b"").decode(), e.get(3, b"").decode())


def ok_or_error(envelope):
    if ENVELOPE_ERROR in envelope:
        print_error(envelope)
    else:
        print("ok")


def main():
    path, command, argument = sys.argv[1], sys.argv[2], sys.argv[3]
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(20)
    sock.connect(path)
    if command == "help-cancel":
        help_cancel(sock, argument)
    elif command == "login":
        login(sock, argument, sys.argv[4], sys.argv[5])
    elif command == "booking":
        booking(sock)
    elif command == "kiosk":
        kiosk(sock)
    elif command == "directory-list":
        directory_list(sock, argument, sys.argv[4], sys.argv[5])
    elif command == "directory-used":
        ok_or_error(request(sock, ENVELOPE_CONTROL_DIRECTORY_USED, field_bytes(1, argument.encode())))
    elif command == "directory-print":
        body = varint(1 << 3) + varint(int(argument)) + field_bytes(2, sys.argv[4].encode())
        ok_or_error(request(sock, ENVELOPE_CONTROL_DIRECTORY_PRINT, body))
    elif command == "listen":
        listen(sock, float(argument))
    else:
        sys.exit("unknown command " + command)


if __name__ == "__main__":
    main()
