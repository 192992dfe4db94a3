#!/usr/bin/env -S node --no-node-snapshot
// isolated-vm needs --no-node-snapshot on Node >= 20; the shebang passes it.
import { runCli } from '../dist/cli/main.js';

process.exitCode = await runCli(process.argv);
