"""Print the API's OpenAPI document (sorted, stable) without a database.

Run from the repository root with the project's venv: `.venv/bin/python mobile/scripts/dump_openapi.py`.
The mobile client's types are generated from this output (see mobile/mobile.mk)."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from api.main import create_app  # noqa: E402
from pulse.settings import Settings  # noqa: E402

if __name__ == "__main__":
    # debug=True: building the schema needs no real secret; nothing is served.
    document = create_app(Settings(debug=True, database_url=None)).openapi()
    json.dump(document, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
