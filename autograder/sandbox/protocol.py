"""Messages between the grader and a kernel: length-prefixed JSON, size-capped.

Each message is a 4-byte big-endian length, then that many bytes of UTF-8
JSON encoding one object. JSON, not pickle: the grader must never run code
the student's process chose. A frame over MAX_MESSAGE_BYTES, or bytes that
are not one JSON object, raise ProtocolError instead of being trusted.
"""

from __future__ import annotations

import json
import struct

MAX_MESSAGE_BYTES = 16 * 2**20
_HEADER = struct.Struct(">I")


class ProtocolError(ValueError):
    """The other side sent something that is not a valid message."""


def encode(message: dict, default=None) -> bytes:
    """One frame for `message`; ProtocolError if it is larger than MAX_MESSAGE_BYTES.

    `default` is json.dumps's: what to write for values JSON has no type for (None: TypeError).
    """
    body = json.dumps(message, separators=(",", ":"), default=default).encode("ascii")
    if len(body) > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"message of {len(body):,} bytes is over the {MAX_MESSAGE_BYTES:,}-byte limit")
    return _HEADER.pack(len(body)) + body


def decode(body: bytes) -> dict:
    try:
        message = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ProtocolError(f"not JSON: {type(error).__name__}: {str(error)[:200]}") from None
    if not isinstance(message, dict):
        raise ProtocolError(f"a JSON {type(message).__name__}, not an object")
    return message


class FrameReader:
    """Turns received bytes into messages: feed() what arrives, next() each whole message."""

    def __init__(self, limit: int = MAX_MESSAGE_BYTES):
        self._buffer = bytearray()
        self._limit = limit

    def feed(self, data: bytes) -> None:
        self._buffer += data
        if len(self._buffer) >= _HEADER.size:
            (length,) = _HEADER.unpack_from(self._buffer)
            if length > self._limit:
                raise ProtocolError(f"a message of {length:,} bytes is over the {self._limit:,}-byte limit")

    def next(self) -> dict | None:
        """The next whole message, or None until more bytes arrive."""
        if len(self._buffer) < _HEADER.size:
            return None
        (length,) = _HEADER.unpack_from(self._buffer)
        end = _HEADER.size + length
        if len(self._buffer) < end:
            return None
        body = bytes(self._buffer[_HEADER.size:end])
        del self._buffer[:end]
        self.feed(b"")  # check the next frame's header too
        return decode(body)


def receive(sock, reader: FrameReader) -> dict | None:
    """Block until one whole message arrives on `sock` (child side); None at end of stream."""
    while True:
        message = reader.next()
        if message is not None:
            return message
        data = sock.recv(1 << 20)
        if not data:
            return None
        reader.feed(data)
