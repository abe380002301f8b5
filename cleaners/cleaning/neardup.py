"""Near-duplicate bodies: a MinHash signature per record, and the bands that find candidates.

Wire copy republished by many outlets comes back lightly edited (another headline, a
dropped paragraph, an added credit line).  Each record carries a MinHash signature of its
body's word 3-grams (fixed seed, so the same text always gives the same signature); two
signatures agree in about the same share of places as the two bodies' sets of 3-grams
overlap (Jaccard similarity).  To find candidates without comparing a body with every
stored one, a signature is cut into bands (locality-sensitive hashing): bodies that share
any band are compared, and marked when they agree in at least the threshold's share of
places.

The signature is datasketch's ``MinHash(num_perm=128, seed=1)`` (its default "affine32"
scheme: SHA-1 of each shingle, MurmurHash3's 32-bit finalizer, then ``a * h + b`` modulo
2**32 per permutation), computed here on numpy alone: importing datasketch imports scipy
for its LSH classes, which cost each cleaning process about 42 MiB and 0.4 s to start.
``tests/test_neardup.py`` checks that the values equal datasketch's, which stays a test
dependency for that.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

NUM_PERM = 128
SHINGLE_WORDS = 3
SEED = 1
_WORDS = re.compile(r"\w+")
_BYTES = 4  # each hash value is below 2**32


def shingles(text: str) -> set[bytes]:
    """The body's casefolded word 3-grams (the words themselves when there are fewer).

    >>> sorted(shingles("Talks resumed in Doha today"))
    [b'in doha today', b'resumed in doha', b'talks resumed in']
    >>> shingles("Ceasefire")
    {b'ceasefire'}
    """
    words = _WORDS.findall(text.casefold())
    if len(words) < SHINGLE_WORDS:
        return {word.encode("utf-8") for word in words}
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def signature(text: str) -> str:
    """The MinHash signature of a body, as base64 text (``NUM_PERM`` values of 4 bytes).

    >>> len(signature("Envoys met in Geneva on Tuesday.")), signature("") == signature(" ")
    (684, True)
    """
    import numpy as np  # imported where signatures are made: the crawl process only reads them

    values = np.full(NUM_PERM, _MAX_HASH, dtype=np.uint32)
    hashes = [_sha1_32(shingle) for shingle in shingles(text)]  # a minimum: any order
    if hashes:
        a, b = _permutations()
        mixed = _fmix32(np.array(hashes, dtype=np.uint32).reshape(-1, 1))
        values = np.minimum(values, (mixed * a + b).min(axis=0))
    return base64.b64encode(values.astype("<u4").tobytes()).decode("ascii")


_MAX_HASH = (1 << 32) - 1


def _sha1_32(data: bytes) -> int:
    """The first four bytes of the shingle's SHA-1, little-endian (datasketch's sha1_hash32)."""
    return int.from_bytes(hashlib.sha1(data).digest()[:4], "little")


def _fmix32(hashes: NDArray[np.uint32]) -> NDArray[np.uint32]:
    """MurmurHash3's 32-bit finalizer: spreads the input hashes (wrapping multiplication)."""
    import numpy as np

    hashes = hashes ^ (hashes >> np.uint32(16))
    hashes = hashes * np.uint32(0x85EBCA6B)
    hashes = hashes ^ (hashes >> np.uint32(13))
    hashes = hashes * np.uint32(0xC2B2AE35)
    return hashes ^ (hashes >> np.uint32(16))


@cache
def _permutations() -> tuple[NDArray[np.uint32], NDArray[np.uint32]]:
    """The ``a`` (odd) and ``b`` of each permutation, drawn as datasketch draws them."""
    import numpy as np

    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def values_of(encoded: str) -> tuple[int, ...]:
    """The hash values of an encoded signature."""
    raw = base64.b64decode(encoded)
    return tuple(int.from_bytes(raw[i : i + _BYTES], "little") for i in range(0, len(raw), _BYTES))


def similarity(first: str, second: str) -> float:
    """Estimated Jaccard similarity of two bodies: the share of places their signatures agree.

    >>> similarity(signature("a b c d e f"), signature("a b c d e f"))
    1.0
    """
    a, b = values_of(first), values_of(second)
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def band_rows(threshold: float) -> int:
    """Rows per band for a similarity threshold: the most rows (fewest false candidates)
    whose S-curve midpoint ``(rows / NUM_PERM) ** (1 / rows)`` stays at least 0.15 below
    the threshold, so that near-duplicates are found with high probability.

    >>> band_rows(0.7), band_rows(0.5), band_rows(0.95)
    (4, 2, 8)
    """
    rows = 1
    for candidate in (1, 2, 4, 8, 16, 32):
        if (candidate / NUM_PERM) ** (1 / candidate) <= threshold - 0.15:
            rows = candidate
    return rows


def band_keys(encoded: str, threshold: float) -> list[str]:
    """The keys of a signature's bands: two bodies are candidates when any key is shared.

    >>> len(band_keys(signature("Envoys met in Geneva."), 0.7))
    32
    """
    values = values_of(encoded)
    rows = band_rows(threshold)
    keys = []
    for band, start in enumerate(range(0, len(values), rows)):
        chunk = b"".join(value.to_bytes(_BYTES, "little") for value in values[start : start + rows])
        keys.append(f"{band}:{hashlib.blake2b(chunk, digest_size=8).hexdigest()}")
    return keys
