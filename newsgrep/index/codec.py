"""newsgrep's Whoosh codec: the jieba-word postings in about a tenth of Whoosh 2.7's W3 size.

Whoosh's W3 codec keeps every term in a hash table (about 80 bytes a term) and pickles
every posting block with 4-byte float weights and 4-byte values, while most of our terms
are in one or two articles. This codec (Whoosh's documented extension point,
`whoosh.codec.base.Codec`) writes the same postings compactly (`word_postings.py`) and
never pickles them; columns, stored fields and segments stay W3's.
In: sorted postings from Whoosh's writer. Out: `.trm` and `.pst` files, read back as
Whoosh term infos and matchers with the same ids, weights, values and statistics.
"""
from __future__ import annotations

import struct
import zlib
from array import array

from whoosh.codec import base
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher
from whoosh.matching import ListMatcher
from whoosh.reading import TermInfo, TermNotFound
from whoosh.util.numeric import byte_to_length

from newsgrep.errors import IndexDamaged
from newsgrep.index.word_postings import (
    FIELD, FLOAT, INLINE_LIMIT, POSTS_MAGIC, TermTable, TermTableWriter, decode_postings,
    encode_postings, get_varint, get_varints, is_plain, length_bytes, put_varint,
    value_kind, write_blocks)

# What reading a garbled file raises inside this codec: reported as a damaged index.
DECODE_ERRORS = (ValueError, IndexError, KeyError, struct.error, zlib.error)


def checked(decode, *args):
    """`decode(*args)`, a garbled file reported as damage (Whoosh's own code raising is
    reported so by the command line; this module is not Whoosh's)."""
    try:
        return decode(*args)
    except DECODE_ERRORS as exc:
        raise damaged(exc) from None


def checked_items(items):
    """The items of a term-table iterator, a garbled block reported as damage."""
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except DECODE_ERRORS as exc:
            raise damaged(exc) from None
        yield item


def damaged(exc: Exception) -> IndexDamaged:
    return IndexDamaged(f"index is damaged (a Whoosh word file does not decode: "
                        f"{type(exc).__name__}); run `newsgrep index --rebuild`")


# Term infos -------------------------------------------------------------------------------

class PackedTermInfo(TermInfo):
    """A term's statistics, and its postings when inlined (lists of INLINE_LIMIT or
    fewer); else where its blocks start in .pst."""

    def __init__(self):
        TermInfo.__init__(self)
        self._offset = None
        self._inlined = None
        self._plain = True
        self._kind = None

    def is_inlined(self) -> bool:
        return self._inlined is not None

    def inlined_postings(self):
        return self._inlined

    def extent(self):
        return self._offset, None


def encode_term(ids, weights, values, lengths, kind, posts) -> bytes:
    """A term's info: a head (document frequency, raw or plain), the shortest and longest
    field length bytes, then the postings inline, or their place in `posts` (written
    there now) with the statistics a reader needs before reading them."""
    plain = is_plain(kind, weights, values)
    out = bytearray()
    put_varint(len(ids) << 1 | (not plain), out)
    out += length_bytes(lengths)
    if len(ids) <= INLINE_LIMIT:
        encode_postings(ids, weights, values, plain, 0, out)
        return bytes(out)
    for n in (posts.tell(), ids[0], ids[-1] - ids[0]):
        put_varint(n, out)
    if plain:
        put_varint(int(sum(weights)), out)
        put_varint(int(max(weights)), out)
    else:
        out += FLOAT.pack(sum(array("f", weights))) + FLOAT.pack(max(weights))  # as W3
    write_blocks(posts, ids, weights, values, lengths, plain)
    return bytes(out)


def decode_term(info: bytes, kind) -> PackedTermInfo:
    ti = PackedTermInfo()
    head, pos = get_varint(info, 0)
    ti._df, ti._plain, ti._kind = head >> 1, not head & 1, kind
    ti._minlength, ti._maxlength = byte_to_length(info[pos]), byte_to_length(info[pos + 1])
    pos += 2
    if ti._df <= INLINE_LIMIT:
        ids, weights, values = decode_postings(info, pos, ti._df, ti._plain, 0, kind)
        ti._inlined = (ids, weights, values)
        ti._weight, ti._maxweight = float(sum(weights)), max(weights)
        ti._minid, ti._maxid = ids[0], ids[-1]
        return ti
    (ti._offset, ti._minid, span), pos = get_varints(info, pos, 3)
    ti._maxid = ti._minid + span
    if ti._plain:
        (total, most), _ = get_varints(info, pos, 2)
        ti._weight, ti._maxweight = float(total), float(most)
    else:
        ti._weight, ti._maxweight = struct.unpack_from("<ff", info, pos)
    return ti


# Whoosh's side: writer, reader, matcher, codec ---------------------------------------

class Missing(TermNotFound, KeyError):
    """No such term: Whoosh's readers expect TermNotFound from some calls, KeyError from
    others."""


class PackedFieldWriter(base.FieldWriter):
    """Whoosh's field writer interface: a term's postings are gathered, then written."""

    def __init__(self, storage, segment):
        self._terms = TermTableWriter(segment.create_file(storage, W3Codec.TERMS_EXT))
        self._posts = segment.create_file(storage, W3Codec.POSTS_EXT)
        self._posts.write(POSTS_MAGIC)
        self.is_closed = False

    def start_field(self, fieldname, fieldobj):
        self._kind = value_kind(fieldobj.format)
        self._prefix = FIELD.pack(self._terms.field_number(fieldname, self._kind))

    def start_term(self, btext):
        self._key = self._prefix + btext
        self._ids, self._weights, self._values, self._lengths = [], [], [], []

    def add(self, docnum, weight, vbytes, length):
        self._ids.append(docnum)
        self._weights.append(weight)
        self._values.append(vbytes)
        self._lengths.append(length)

    def finish_term(self):
        self._terms.add(self._key, encode_term(self._ids, self._weights, self._values,
                                               self._lengths, self._kind, self._posts))

    def finish_field(self):
        pass

    def close(self):
        self._terms.close()
        self._posts.close()
        self.is_closed = True


class BlockMatcher(W3LeafMatcher):
    """W3's matcher (block skipping, lazy reads) over this codec's posting blocks."""

    def __init__(self, postfile, terminfo, format_, term=None, scorer=None):
        self._plain, self._kind = terminfo._plain, terminfo._kind
        super().__init__(postfile, terminfo._offset, None, format_, term=term, scorer=scorer)

    def _read_header(self):
        self._baseoffset = self._startoffset

    def _goto(self, position):
        checked(self._read_head, position)

    def _read_head(self, position):
        self._data = self._ids = self._weights = self._values = None
        self._i = 0
        self._gapbase = self._maxid or 0  # the last id of the block before, 0 at first
        head = self._postfile.get(position, 32)
        count, pos = get_varint(head, 0)
        self._blocklength, self._lastblock = count >> 1, bool(count & 1)
        gap, pos = get_varint(head, pos)
        self._maxid = self._gapbase + gap
        if self._plain:
            most, pos = get_varint(head, pos)
            self._maxweight = float(most)
        else:
            self._maxweight, pos = FLOAT.unpack_from(head, pos)[0], pos + 4
        self._minlength = byte_to_length(head[pos])
        self._maxlength = byte_to_length(head[pos + 1])
        size, pos = get_varint(head, pos + 2)
        self._compression = size & 1
        self._dataoffset = position + pos
        self._nextoffset = self._dataoffset + (size >> 1)

    def _read_data(self):
        checked(self._read_postings)

    def _read_postings(self):
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        if self._compression:
            data = zlib.decompress(data)
        self._ids, self._weights, self._values = decode_postings(
            data, 0, self._blocklength, self._plain, self._gapbase, self._kind)
        self._data = True

    def _read_ids(self):
        if self._data is None:
            self._read_data()

    _read_weights = _read_values = _read_ids


def make_matcher(postfile, terminfo, format_, term=None, scorer=None):
    if terminfo.is_inlined():
        ids, weights, values = terminfo.inlined_postings()
        return ListMatcher(ids, weights, values, format_, scorer=scorer, term=term,
                           terminfo=terminfo)
    return BlockMatcher(postfile, terminfo, format_, term=term, scorer=scorer)


class PackedTermsReader(base.TermsReader):
    """Whoosh's terms reader interface over the term table and the postings file."""

    def __init__(self, storage, segment):
        name = segment.make_filename(W3Codec.TERMS_EXT)
        tifile = storage.open_file(name)
        try:
            self._table = checked(TermTable, tifile.get(0, storage.file_length(name)))
        finally:
            tifile.close()
        self._fieldmap = self._table.fieldmap
        self._names = {FIELD.pack(n): name for name, n in self._fieldmap.items()}
        self._postfile = segment.open_file(storage, W3Codec.POSTS_EXT)
        if self._postfile.get(0, len(POSTS_MAGIC)) != POSTS_MAGIC:
            self._postfile.close()
            raise damaged(ValueError("no postings file of newsgrep's codec"))

    def _key(self, fieldname, tbytes) -> bytes:
        return FIELD.pack(self._fieldmap.get(fieldname, 65535)) + tbytes

    def _items(self, start: bytes):
        return checked_items(self._table.items_from(start))

    def _decoded(self, key: bytes):
        return self._names[key[:2]], key[2:]

    def _info(self, fieldname, tbytes) -> bytes:
        info = checked(self._table.get, self._key(fieldname, tbytes))
        if info is None:
            raise Missing(f"No term {fieldname}:{tbytes!r}")
        return info

    def _terminfo(self, fieldname, info: bytes) -> PackedTermInfo:
        return checked(decode_term, info, self._table.kinds[fieldname])

    def __contains__(self, term):
        return checked(self._table.get, self._key(*term)) is not None

    def indexed_field_names(self):
        return self._fieldmap.keys()

    def cursor(self, fieldname, fieldobj):
        return PackedCursor(self, fieldname, fieldobj)

    def terms(self):
        return (self._decoded(key) for key, _ in self._items(b""))

    def terms_from(self, fieldname, prefix):
        return (self._decoded(key) for key, _ in self._items(self._key(fieldname, prefix)))

    def items(self):
        return self.items_from(None, b"")

    def items_from(self, fieldname, prefix):
        start = self._key(fieldname, prefix) if fieldname is not None else b""
        for key, info in self._items(start):
            term = self._decoded(key)
            yield term, self._terminfo(term[0], info)

    def term_info(self, fieldname, tbytes):
        return self._terminfo(fieldname, self._info(fieldname, tbytes))

    def frequency(self, fieldname, tbytes):
        return self.term_info(fieldname, tbytes).weight()

    def doc_frequency(self, fieldname, tbytes):
        return get_varint(self._info(fieldname, tbytes), 0)[0] >> 1

    def matcher(self, fieldname, tbytes, format_, scorer=None):
        terminfo = self._terminfo(fieldname, self._info(fieldname, tbytes))
        return make_matcher(self._postfile, terminfo, format_, (fieldname, tbytes), scorer)

    def close(self):
        self._postfile.close()


class PackedCursor(base.FieldCursor):
    """A field's terms in order, for Whoosh's automata (fuzzy and regex terms)."""

    def __init__(self, reader: PackedTermsReader, fieldname, fieldobj):
        self._reader, self._fieldname, self._fieldobj = reader, fieldname, fieldobj
        self.first()

    def first(self):
        return self.find(b"")

    def find(self, term):
        if not isinstance(term, bytes):
            term = self._fieldobj.to_bytes(term)
        self._items = self._reader._items(self._reader._key(self._fieldname, term))
        return self.next()

    def next(self):
        self._text = self._info = None
        for key, info in self._items:
            if self._reader._decoded(key)[0] == self._fieldname:
                self._text, self._info = self._fieldobj.from_bytes(key[2:]), info
            break
        return self._text

    def text(self):
        return self._text

    def term_info(self):
        if self._info is None:
            return None
        return self._reader._terminfo(self._fieldname, self._info)

    def is_valid(self):
        return self._text is not None


class NewsgrepCodec(W3Codec):
    """W3 with compact word postings (.trm, .pst); no tunables: the layout is fixed by
    INDEX_FORMAT. Stores no term vectors (newsgrep's schema has none)."""

    def __init__(self):
        pass

    def field_writer(self, storage, segment):
        return PackedFieldWriter(storage, segment)

    def terms_reader(self, storage, segment):
        return PackedTermsReader(storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        raise NotImplementedError("newsgrep's Whoosh codec stores no term vectors")

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        return make_matcher(dbfile, terminfo, format_, term, scorer)
