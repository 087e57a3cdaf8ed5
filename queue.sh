#!/bin/bash
cd /tmp/h1
while pgrep -f "hunt-jumbo37" >/dev/null; do sleep 10; done
npm run oracle -- --clusters examples/clusters/never-3node.yaml --frames 1500 --seed 41 --scenarios replay --out .oracle/hunt-never41 > /tmp/h1/hunt3.log 2>&1
npm run oracle -- --clusters examples/clusters/crosssubnet-3node.yaml --frames 1500 --seed 43 --scenarios replay --out .oracle/hunt-xs43 > /tmp/h1/hunt4.log 2>&1
npm run oracle -- --clusters examples/clusters/never-tor-3node.yaml --frames 1500 --seed 53 --scenarios replay --out .oracle/hunt-tor53 > /tmp/h1/hunt5.log 2>&1
