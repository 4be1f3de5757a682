"""The bytes of newsgrep's Whoosh word postings: varints, posting lists, the term table.

Pure byte layouts, no Whoosh objects (`codec.py` wraps them as Whoosh's codec); the
layout is described in newsgrep/index/FORMAT.md and fixed by INDEX_FORMAT.
"""
from __future__ import annotations

import struct
import zlib
from array import array
from bisect import bisect_right
from itertools import accumulate

from whoosh import formats
from whoosh.util.numeric import length_to_byte

TERMS_MAGIC = b"NGT1"
POSTS_MAGIC = b"NGP1"
# Measured on a quarter of the benchmark corpus (92 files, 408k postings, 92k terms;
# W3 wrote 17.4 MB): inlining lists of up to 16 postings in the term table gave 1.53 MB
# (8: 1.59, 4: 1.68, 1: 1.96): the ~60% of terms in one or two articles cost a few bytes.
INLINE_LIMIT = 16
# Terms per term-table block: 32 compresses to 1.12 MB, 64 to 1.0, 16 to 1.32. A lookup
# inflates and splits one block (cached), so smaller blocks read faster; 32 balances.
TERMS_PER_BLOCK = 32
POSTINGS_PER_BLOCK = 128  # as W3: the unit a matcher skips by
# Posting blocks are zlib'd (level 1) only when that is smaller: it saved 17% of .pst.
POSTINGS_ZLIB_LEVEL = 1
TERMS_ZLIB_LEVEL = 6
FLOAT = struct.Struct("<f")
_TRAILER = struct.Struct("<Q4s")
FIELD = struct.Struct(">H")  # as W3: keys sort by field number, then term
_KIND = struct.Struct("<Bd")  # a field's value kind and boost


# Variable-length integers (7 bits a byte, low first) -----------------------------------

def put_varint(n: int, out: bytearray) -> None:
    while n > 0x7F:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)


def get_varint(buf, pos: int) -> tuple[int, int]:
    """The integer at `pos` and the position after it."""
    n = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        n |= (b & 0x7F) << shift
        if b < 0x80:
            return n, pos
        shift += 7


def get_varints(buf, pos: int, count: int) -> tuple[list[int], int]:
    out = []
    for _ in range(count):
        n, pos = get_varint(buf, pos)
        out.append(n)
    return out, pos


def all_varints(data) -> list[int]:
    """Every integer in `data`; a run of small numbers (the usual block) is its bytes."""
    if not data or max(data) < 0x80:
        return list(data)
    out, n, shift = [], 0, 0
    for b in data:
        n |= (b & 0x7F) << shift
        if b & 0x80:
            shift += 7
        else:
            out.append(n)
            n = shift = 0
    return out


# Postings: plain (whole weights, values the format derives) or raw --------------------

# What a field's postings hold beside their weights, recorded per field in the term table:
# nothing (Existence), their frequency, implied by weight / field boost (Frequency), or
# values of their own (any other format: such lists are stored raw).
NO_VALUES, FREQUENCIES, OWN_VALUES = 0, 1, 2


def value_kind(format_) -> tuple[int, float]:
    if format_.fixed_value_size() == 0:
        return NO_VALUES, 1.0
    if type(format_) is formats.Frequency:
        return FREQUENCIES, float(format_.field_boost or 1.0)
    return OWN_VALUES, 1.0


def derived_value(kind: tuple[int, float], weight: float) -> bytes | None:
    """The value Whoosh keeps beside `weight` when the field's kind implies it."""
    code, boost = kind
    if code == NO_VALUES:
        return b""
    frequency = int(weight / boost) if code == FREQUENCIES else -1
    return struct.pack("!I", frequency) if 0 <= frequency < 2 ** 32 else None


def is_plain(kind: tuple[int, float], weights, values) -> bool:
    """Whether a list can be stored as whole-number weights alone: every weight a whole
    number (frequencies times an integer boost) and every value implied by it."""
    return all(w == int(w) and 0 <= w < 2 ** 32 and derived_value(kind, w) == v
               for w, v in zip(weights, values))


def encode_postings(ids, weights, values, plain: bool, start: int, out: bytearray) -> None:
    """Ids as gaps from `start`, then weights (varints, or floats and values if raw)."""
    ids_part, last = bytearray(), start
    for i in ids:
        put_varint(i - last, ids_part)
        last = i
    put_varint(len(ids_part), out)
    out += ids_part
    if plain:
        for w in weights:
            put_varint(int(w), out)
        return
    for w, v in zip(weights, values):
        out += FLOAT.pack(w)
        put_varint(len(v), out)
        out += v


def decode_postings(data, pos: int, count: int, plain: bool, start: int, kind):
    """(ids, weights, values) as Whoosh's matchers hold them (values None when the
    format keeps none, as W3 reads them)."""
    size, pos = get_varint(data, pos)
    ids = list(accumulate(all_varints(data[pos:pos + size]), initial=start))[1:]
    pos += size
    if plain:
        whole = all_varints(data[pos:]) if count > 1 else [get_varint(data, pos)[0]]
        weights = array("f", whole)
        values = ([derived_value(kind, w) for w in weights]
                  if kind[0] != NO_VALUES else [None] * count)
        return ids, weights, values
    weights, values = array("f"), []
    for _ in range(count):
        weights.append(FLOAT.unpack_from(data, pos)[0])
        size, pos = get_varint(data, pos + 4)
        values.append(bytes(data[pos:pos + size]))
        pos += size
    return ids, weights, values


def length_bytes(lengths) -> bytes:
    """The shortest and longest field length (0 lengths left out, as Whoosh does), each
    as Whoosh's length byte."""
    present = [n for n in lengths if n]
    return bytes((length_to_byte(min(present)) if present else 0,
                  length_to_byte(max(present)) if present else 0))


# The term table (.trm) -------------------------------------------------------------------

class TermTableWriter:
    """Keys (2-byte field number, term bytes) in order, with their term infos, written in
    zlib'd blocks of TERMS_PER_BLOCK; an index of every block's first key at the end."""

    def __init__(self, dbfile):
        self._file = dbfile
        self._file.write(TERMS_MAGIC)
        self._keys: list[bytes] = []
        self._infos: list[bytes] = []
        self._blocks: list[tuple[bytes, int]] = []
        self.fieldmap: dict[str, int] = {}
        self.kinds: dict[str, tuple[int, float]] = {}

    def field_number(self, fieldname: str, kind: tuple[int, float]) -> int:
        self.kinds[fieldname] = kind
        return self.fieldmap.setdefault(fieldname, len(self.fieldmap))

    def add(self, key: bytes, info: bytes) -> None:
        self._keys.append(key)
        self._infos.append(info)
        if len(self._keys) == TERMS_PER_BLOCK:
            self._flush()

    def _flush(self) -> None:
        out, previous = bytearray(), b""
        put_varint(len(self._keys), out)
        for key in self._keys:  # front coded: the bytes shared with the key before
            shared = 0
            for a, b in zip(key, previous):
                if a != b:
                    break
                shared += 1
            put_varint(shared, out)
            put_varint(len(key) - shared, out)
            out += key[shared:]
            previous = key
        for info in self._infos:
            put_varint(len(info), out)
            out += info
        block = zlib.compress(bytes(out), TERMS_ZLIB_LEVEL)
        self._file.write(block)
        self._blocks.append((self._keys[0], len(block)))
        self._keys, self._infos = [], []

    def close(self) -> None:
        if self._keys:
            self._flush()
        index = bytearray()
        put_varint(len(self.fieldmap), index)
        for name in sorted(self.fieldmap, key=self.fieldmap.get):
            put_varint(len(name.encode()), index)
            index += name.encode() + _KIND.pack(*self.kinds[name])
        put_varint(len(self._blocks), index)
        for first, size in self._blocks:
            put_varint(size, index)
            put_varint(len(first), index)
            index += first
        at = self._file.tell()
        self._file.write(zlib.compress(bytes(index), TERMS_ZLIB_LEVEL))
        self._file.write(_TRAILER.pack(at, TERMS_MAGIC))
        self._file.close()


class TermTable:
    """The term table read whole: a lookup bisects the blocks' first keys, then inflates
    and splits that one block (kept for the next lookup)."""

    CACHED_BLOCKS = 4096

    def __init__(self, data: bytes):
        at, magic = _TRAILER.unpack_from(data, len(data) - _TRAILER.size)
        if data[:4] != TERMS_MAGIC or magic != TERMS_MAGIC:
            raise ValueError("not a newsgrep term table")
        index = zlib.decompress(data[at:len(data) - _TRAILER.size])
        count, pos = get_varint(index, 0)
        self.fieldmap, self.kinds = {}, {}
        for n in range(count):
            size, pos = get_varint(index, pos)
            name = index[pos:pos + size].decode()
            self.fieldmap[name], self.kinds[name] = n, _KIND.unpack_from(index, pos + size)
            pos += size + _KIND.size
        self._data, self._firsts, self._starts = data, [], [len(TERMS_MAGIC)]
        count, pos = get_varint(index, pos)
        for _ in range(count):
            size, pos = get_varint(index, pos)
            length, pos = get_varint(index, pos)
            self._firsts.append(index[pos:pos + length])
            self._starts.append(self._starts[-1] + size)
            pos += length
        self._cache: dict[int, tuple[list, list]] = {}

    def _block(self, j: int) -> tuple[list[bytes], list[bytes]]:
        data = zlib.decompress(self._data[self._starts[j]:self._starts[j + 1]])
        count, pos = get_varint(data, 0)
        keys, infos, key = [], [], b""
        for _ in range(count):
            shared, pos = get_varint(data, pos)
            size, pos = get_varint(data, pos)
            key = key[:shared] + data[pos:pos + size]
            keys.append(key)
            pos += size
        for _ in range(count):
            size, pos = get_varint(data, pos)
            infos.append(data[pos:pos + size])
            pos += size
        return keys, infos

    def _cached_block(self, j: int):
        found = self._cache.get(j)
        if found is None:
            if len(self._cache) >= self.CACHED_BLOCKS:
                self._cache.clear()
            found = self._cache[j] = self._block(j)
        return found

    def get(self, key: bytes) -> bytes | None:
        j = bisect_right(self._firsts, key) - 1
        if j < 0:
            return None
        keys, infos = self._cached_block(j)
        i = bisect_right(keys, key) - 1
        return infos[i] if i >= 0 and keys[i] == key else None

    def items_from(self, key: bytes = b""):
        """(key, info) of every key from `key` on, in order (blocks not cached)."""
        for j in range(max(bisect_right(self._firsts, key) - 1, 0), len(self._firsts)):
            for k, info in zip(*self._block(j)):
                if k >= key:
                    yield k, info


def write_blocks(posts, ids, weights, values, lengths, plain: bool) -> None:
    """Postings in blocks of POSTINGS_PER_BLOCK: a head (count and whether last, gap to
    the last id, greatest weight, length bytes, data size and whether zlib'd), data."""
    previous = 0
    for s in range(0, len(ids), POSTINGS_PER_BLOCK):
        e = s + POSTINGS_PER_BLOCK
        block_ids, block_weights = ids[s:e], weights[s:e]
        data = bytearray()
        encode_postings(block_ids, block_weights, values[s:e], plain, previous, data)
        packed = zlib.compress(bytes(data), POSTINGS_ZLIB_LEVEL)
        zipped = len(packed) < len(data)
        head = bytearray()
        put_varint(len(block_ids) << 1 | (e >= len(ids)), head)
        put_varint(block_ids[-1] - previous, head)
        if plain:
            put_varint(int(max(block_weights)), head)
        else:
            head += FLOAT.pack(max(block_weights))
        head += length_bytes(lengths[s:e])
        put_varint(len(packed if zipped else data) << 1 | zipped, head)
        posts.write(bytes(head) + bytes(packed if zipped else data))
        previous = block_ids[-1]
