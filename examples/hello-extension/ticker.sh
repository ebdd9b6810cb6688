#!/bin/sh
# A long-running VM command for the UI's streaming demo: prints its pid, then a tick every 200 ms.
echo "ticker pid $$"
i=1
while :; do
  echo "tick $i"
  i=$((i + 1))
  sleep 0.2
done
