#!/usr/bin/env -S node --no-node-snapshot
// isolated-vm needs --no-node-snapshot on Node >= 20; the shebang passes it.
import '../dist/cli/main.js';
