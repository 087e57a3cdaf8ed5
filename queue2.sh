#!/bin/bash
cd /tmp/h1
while pgrep -f "oracle/main.ts" >/dev/null; do sleep 10; done
npm run oracle -- --clusters examples/clusters/never-services.yaml --frames 1500 --seed 71 --out .oracle/hunt-nsvc71 > /tmp/h1/hunt6.log 2>&1
npm run oracle -- --clusters examples/clusters/mtu1400-crosssubnet.yaml --frames 1500 --seed 59 --scenarios replay --out .oracle/hunt-mtu59 > /tmp/h1/hunt7.log 2>&1
npm run oracle -- --clusters examples/clusters/veth-mtu-1500.yaml --frames 1500 --seed 61 --scenarios replay --out .oracle/hunt-veth61 > /tmp/h1/hunt8.log 2>&1
