#!/usr/bin/env node
// Thin launcher: the CLI returns its exit code instead of exiting, so output is flushed first.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
