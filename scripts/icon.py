# Draws the extension's icon (client/icon.png, 128x128): a blue rounded square with a white "run" triangle over "{ }" bars; stdlib only.
import struct, sys, zlib

N = 128
def pixel(x, y):
    r = 22
    cx = min(max(x, r), N - 1 - r); cy = min(max(y, r), N - 1 - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return (0, 0, 0, 0)
    # A play triangle: left edge at x=46, tip at x=92, centred on y=64.
    if 46 <= x <= 92 and abs(y - 64) <= (92 - x) * 0.62:
        return (255, 255, 255, 255)
    # Braces as two bars on each side.
    if (24 <= x <= 30 or 98 <= x <= 104) and 34 <= y <= 94:
        return (255, 255, 255, 230)
    return (30, 111, 217, 255)

rows = b"".join(b"\0" + bytes(c for x in range(N) for c in pixel(x, y)) for y in range(N))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
open(sys.argv[1] if len(sys.argv) > 1 else "client/icon.png", "wb").write(png)
