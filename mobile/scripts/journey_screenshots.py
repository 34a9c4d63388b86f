"""Copy the journey screenshots the browser tests took (mobile/test-artifacts/4*.png, written by
mobile/e2e/journeys.mjs, and "For you" from mobile/e2e/offline-workout.mjs) into docs/journeys/, at phone size (390 px wide) and no taller than
three screens, for docs/journeys.md. Run by `make journey-screenshots` after the e2e tests."""

import sys
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "mobile" / "test-artifacts"
TARGET = REPO / "docs" / "journeys"
WIDTH, MAX_HEIGHT = 390, 3 * 844


def main() -> int:
    shots = sorted(SOURCE.glob("4[0-9]-*.png")) + [p for p in [SOURCE / "12-for-you.png"] if p.exists()]
    if not shots:
        print(f"no journey screenshots in {SOURCE}: run the e2e tests first (make test)", file=sys.stderr)
        return 1
    TARGET.mkdir(exist_ok=True)
    for shot in shots:
        image = Image.open(shot)
        scaled = image.resize((WIDTH, round(image.height * WIDTH / image.width)), Image.LANCZOS)
        scaled.crop((0, 0, WIDTH, min(scaled.height, MAX_HEIGHT))).save(TARGET / shot.name, optimize=True)
        print(f"docs/journeys/{shot.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
