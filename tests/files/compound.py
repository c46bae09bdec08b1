"""Compound files (OLE2) as Word 97–2003, Excel 97–2003 and PowerPoint write them: a
header, one sector of the allocation table, one of the directory, and the streams named
in it, each at least 4096 bytes so that it lies in ordinary sectors."""

import struct

SECTOR = 512
FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5


def _entry(name: str, kind: int, *, left=NO_STREAM, right=NO_STREAM, child=NO_STREAM,
           start=END_OF_CHAIN, size=0) -> bytes:  # fmt: skip
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB3I", len(encoded), kind, 1, left, right, child)
        + b"\0" * 16  # class id
        + struct.pack("<I", 0)  # state bits
        + b"\0" * 16  # created, modified
        + struct.pack("<IQ", start, size)
    )


def compound_file(*streams: str, storages: tuple[str, ...] = ()) -> bytes:
    """A compound file holding the named streams (each 4096 bytes of text) and empty
    storages, all directly under the root."""
    names = [(name, STREAM) for name in streams] + [(name, STORAGE) for name in storages]
    # The directory is a tree ordered by length, then by name in upper case; a chain of
    # right siblings is such a tree.
    names.sort(key=lambda item: (len(item[0]), item[0].upper()))
    data, fat, entries = b"", [FAT_SECTOR, END_OF_CHAIN], []
    next_sector = 2
    for index, (name, kind) in enumerate(names, start=1):
        right = index + 1 if index < len(names) else NO_STREAM
        if kind == STREAM:
            content = (f"{name} " * 1000).encode()[:4096]
            count = len(content) // SECTOR
            fat += [next_sector + i + 1 for i in range(count - 1)] + [END_OF_CHAIN]
            entries.append(_entry(name, kind, right=right, start=next_sector, size=len(content)))
            data += content
            next_sector += count
        else:
            entries.append(_entry(name, kind, right=right))
    root = _entry("Root Entry", ROOT, child=1 if names else NO_STREAM)
    directory = b"".join([root, *entries])
    assert len(directory) <= SECTOR, "one directory sector holds four entries"
    directory = directory.ljust(SECTOR, b"\0")
    for offset in range(len(directory) // 128 - 1 - len(names)):
        start = (1 + len(names) + offset) * 128
        directory = directory[:start] + _entry("", 0) + directory[start + 128 :]
    fat_sector = struct.pack(f"<{SECTOR // 4}I", *fat, *[FREE] * (SECTOR // 4 - len(fat)))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
        + struct.pack("<109I", 0, *[FREE] * 108)
    )
    assert len(header) == SECTOR
    return header + fat_sector + directory + data
