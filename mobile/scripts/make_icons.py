"""Draw the app icons (a pulse line on a dark square) as PNGs with the standard library only.

Run once from mobile/: `python3 scripts/make_icons.py`; the PNGs are committed."""

import struct
import zlib
from pathlib import Path

BACKGROUND = (15, 23, 42)
LINE = (45, 212, 191)
# The pulse line, in units of the icon's width.
POINTS = [(0.12, 0.55), (0.34, 0.55), (0.42, 0.33), (0.52, 0.74), (0.60, 0.45), (0.66, 0.55), (0.88, 0.55)]


def distance_to_segment(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5


def draw(size: int, safe_zone: float) -> bytes:
    # A maskable icon keeps its drawing inside the central 80 % (the "safe zone").
    points = [(0.5 + (x - 0.5) * safe_zone, 0.5 + (y - 0.5) * safe_zone) for x, y in POINTS]
    half_width = 0.045 * safe_zone
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            px, py = (x + 0.5) / size, (y + 0.5) / size
            d = min(distance_to_segment(px, py, *a, *b) for a, b in zip(points, points[1:]))
            cover = max(0.0, min(1.0, (half_width - d) * size + 0.5))
            row += bytes(round(bg + (fg - bg) * cover) for bg, fg in zip(BACKGROUND, LINE))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "public" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    (out / "icon-192.png").write_bytes(draw(192, 1.0))
    (out / "icon-512.png").write_bytes(draw(512, 1.0))
    (out / "icon-maskable-512.png").write_bytes(draw(512, 0.8))
    (out / "apple-touch-icon.png").write_bytes(draw(180, 0.9))
