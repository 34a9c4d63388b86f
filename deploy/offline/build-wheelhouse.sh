#!/usr/bin/env bash
# Every Python package the image installs, as wheels in deploy/wheels/, made with the host's pip
# (its configuration finds PyTorch's CPU wheel on this disk) for builds where pip inside a
# container cannot reach an index. Run from the repository root; VENV=.venv by default.
set -euo pipefail
cd "$(dirname "$0")/../.."
pip="${VENV:-.venv}/bin/pip"
mkdir -p deploy/wheels
"$pip" wheel --quiet --wheel-dir deploy/wheels . "setuptools>=68" wheel
# What Debian's Python 3.11.2 (the offline base) needs beyond a newer host 3.11: redis asks for it below 3.11.3.
"$pip" wheel --quiet --wheel-dir deploy/wheels "async-timeout>=4.0.3"
# The project itself is installed from its source in the image, never from a wheel made here.
rm -f deploy/wheels/pulse_fitness-*.whl
rm -rf build
echo "wheelhouse: $(ls deploy/wheels | wc -l) wheels, $(du -sh deploy/wheels | cut -f1) in deploy/wheels"
