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


# in a UTF-16 page, ASCII markup makes every other byte NUL: at least this share of them
UTF16_NUL_SHARE = 0.3
UTF16_SAMPLE = 4096


def decode_utf16_without_bom(body: bytes) -> str | None:
    """A UTF-16 body that has no BOM, told by where its NUL bytes fall (odd places:
    little-endian, even: big-endian); None for anything else.

    >>> decode_utf16_without_bom("<p>Женева</p>".encode("utf-16-le"))
    '<p>Женева</p>'
    >>> decode_utf16_without_bom("<p>Женева</p>".encode("utf-8")) is None
    True
    """
    sample = body[:UTF16_SAMPLE]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) < UTF16_NUL_SHARE * (len(sample) // 2) or len(sample) < 2:
        return None
    try:
        return body.decode("utf-16-le" if odd > even else "utf-16-be")
    except UnicodeDecodeError:
        return None


def charset_given(body: bytes, content_type: str | None) -> bool:
    """Whether a BOM or the HTTP charset decides how :func:`decode_html` decodes ``body``:
    then it decodes as w3lib's ``html_to_unicode`` does, and so as Scrapy's
    ``TextResponse.text`` does.

    >>> page = b"<p>x</p>"
    >>> charset_given(page, "text/html; charset=utf-8"), charset_given(page, "text/html")
    (True, False)
    """
    if read_bom(body)[0] is not None:
        return True
    return bool(content_type) and http_content_type_encoding(content_type) is not None


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode an HTML body: BOM, then HTTP charset, then UTF-16 told by its NUL bytes,
    then valid UTF-8 (with multibyte
    sequences), then the ``<meta>`` charset, then detection.

    Valid UTF-8 with multibyte sequences wins over a ``<meta>`` naming a legacy charset: a
    legacy text is hardly ever valid UTF-8 by chance, while a page re-saved as UTF-8 with
    its old declaration left in place (a stale charset) is common in archives.

    >>> decode_html('<meta charset="windows-1252"><p>caf\\xe9</p>'.encode("cp1252"))
    '<meta charset="windows-1252"><p>café</p>'
    >>> decode_html('<meta charset="gbk"><p>日内瓦会谈</p>'.encode("utf-8"))
    '<meta charset="gbk"><p>日内瓦会谈</p>'
    """
    if not charset_given(body, content_type):
        if (utf16 := decode_utf16_without_bom(body)) is not None:
            return utf16
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
