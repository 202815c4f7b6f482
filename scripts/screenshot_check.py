#!/usr/bin/env python3
"""Checks a browser screenshot of the service report (docs/reports.md): the page is not blank and
each chart drew its marks in its own colour. Reads the PNG with the standard library only.
usage: screenshot_check.py SCREENSHOT.png"""
import struct
import sys
import zlib

# The chart colours of src/report/html.hpp, and how many pixels of each a drawn chart leaves at least.
COMPLIANCE = {"#2e7d32", "#ef8f00", "#c62828"}  # one of them per service bar
MARKS = {"#00897b": ("availability bars", 2000), "#1565c0": ("incident trend line", 300),
         "#6a1b9a": ("request trend line", 300)}


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        sys.exit(f"{path}: unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    width, height, bpp, rows = read_png(sys.argv[1])
    counts = {}
    for row in rows:
        for x in range(0, width * bpp, bpp):
            key = "#%02x%02x%02x" % (row[x], row[x + 1], row[x + 2])
            counts[key] = counts.get(key, 0) + 1
    total = width * height
    inked = total - counts.get("#ffffff", 0)
    problems = []
    if inked < total // 50:
        problems.append(f"the page is blank: {inked} of {total} pixels are not white")
    bars = sum(counts.get(c, 0) for c in COMPLIANCE)
    if bars < 2000:
        problems.append(f"compliance bars not drawn: {bars} pixels in {sorted(COMPLIANCE)}")
    for colour, (what, least) in MARKS.items():
        if counts.get(colour, 0) < least:
            problems.append(f"{what} not drawn: {counts.get(colour, 0)} pixels of {colour} (want {least})")
    print(f"screenshot {width}x{height}: {inked} pixels inked, compliance bars {bars}, " +
          ", ".join(f"{what} {counts.get(c, 0)}" for c, (what, _) in MARKS.items()))
    if problems:
        sys.exit("browser test FAILED: " + "; ".join(problems))
    print("browser test: the report renders and its charts are drawn")


main()
