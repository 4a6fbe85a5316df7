#!/usr/bin/env node
// Entry point. The only place the process exits (through oclif's handle/flush).
import { main } from '../dist/main.js';

await main(process.argv);
