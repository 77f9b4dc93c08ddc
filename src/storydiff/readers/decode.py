"""Turn raw bytes into text, refusing binary files and undecodable encodings."""

from __future__ import annotations

from ..errors import BinaryInputError, EncodingError, OversizedInputError

_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}


def check_size(size: int, max_bytes: int, name: str) -> None:
    if size > max_bytes:
        raise OversizedInputError(
            f"{name}: {size:,} bytes is over the {max_bytes:,}-byte limit; "
            "pass --max-bytes to raise it"
        )


def decode(data: bytes, name: str) -> str:
    """Decode ``data``: UTF-8 (with or without BOM) first, else the detected encoding."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise BinaryInputError(f"{name}: this is {what}, not an article; give text or HTML")
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise BinaryInputError(f"{name}: binary data, not an article; give text or HTML")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise EncodingError(
            f"{name}: cannot tell the character encoding; convert the file to UTF-8"
        )
    text = str(best)
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:8192]) // 50):
        raise BinaryInputError(f"{name}: binary data, not an article; give text or HTML")
    return text
