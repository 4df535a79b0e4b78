#!/usr/bin/env bash
# Makes test/fixtures/demo-clip.mp4, the small real film the simulator serves in the `npm start`
# demo (so n8n's binary viewer plays something): 4 s of moving colour, 320x180, H.264, no audio,
# a few kB. Needs Debian's ffmpeg (apt-get install ffmpeg); the clip is committed, so only run
# this to change it.
set -euo pipefail
cd "$(dirname "$0")/.."
ffmpeg -loglevel error -y -f lavfi -i "gradients=size=320x180:rate=15:speed=0.05:seed=3" -t 4 \
  -c:v libx264 -preset veryslow -crf 36 -pix_fmt yuv420p -movflags +faststart -an test/fixtures/demo-clip.mp4
ls -l test/fixtures/demo-clip.mp4
