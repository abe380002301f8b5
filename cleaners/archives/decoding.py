"""Raw bytes to text: HTML by BOM, HTTP charset, valid UTF-8, declared charset, then detection."""

from __future__ import annotations

from charset_normalizer import from_bytes
from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
    read_bom,
)


def _utf8_multibyte(body: bytes) -> bool:
    """Whether ``body`` is valid UTF-8 with at least one multibyte sequence.

    >>> _utf8_multibyte("café".encode()), _utf8_multibyte(b"cafe"), _utf8_multibyte(b"caf\\xe9")
    (True, False, False)
    """
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode an HTML body: BOM, then HTTP charset, then valid UTF-8 (with multibyte
    sequences), then the ``<meta>`` charset, then detection.

    Valid UTF-8 with multibyte sequences wins over a ``<meta>`` naming a legacy charset: a
    legacy text is hardly ever valid UTF-8 by chance, while a page re-saved as UTF-8 with
    its old declaration left in place (a stale charset) is common in archives.

    >>> decode_html('<meta charset="windows-1252"><p>caf\\xe9</p>'.encode("cp1252"))
    '<meta charset="windows-1252"><p>café</p>'
    >>> decode_html('<meta charset="gbk"><p>日内瓦会谈</p>'.encode("utf-8"))
    '<meta charset="gbk"><p>日内瓦会谈</p>'
    """
    bom, _ = read_bom(body)
    header = http_content_type_encoding(content_type) if content_type else None
    if bom is None and header is None:
        if _utf8_multibyte(body):
            return body.decode("utf-8")
        declared = html_body_declared_encoding(body)
        if declared is None and not body.isascii():
            guess = from_bytes(body).best()
            if guess is not None:
                return str(guess)
    return _w3lib_decode(body, content_type)


def _w3lib_decode(body: bytes, content_type: str | None) -> str:
    """BOM, HTTP charset, ``<meta>`` charset, then w3lib's own fallback (UTF-8)."""
    _, text = html_to_unicode(content_type, body)
    return text


def decode_text(body: bytes) -> str:
    """Decode a text dump: UTF-8 (with or without BOM), else Windows-1252.

    >>> decode_text(b"caf\\xc3\\xa9"), decode_text(b"caf\\xe9")
    ('café', 'café')
    """
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")
