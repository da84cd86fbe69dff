#!/usr/bin/env bash
# Writes sample inputs with the FFmpeg bundled in vidfleet (no system FFmpeg needed):
# a short clip for quick runs and a longer one that shows what several workers buy.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/media}"
mkdir -p "$out"
"$here/../vidfleet" sample "$out/sample-20s-720p.mp4" --seconds 20 --size 1280x720
"$here/../vidfleet" sample "$out/sample-120s-1080p.mp4" --seconds 120 --size 1920x1080
echo "samples in $out" >&2
