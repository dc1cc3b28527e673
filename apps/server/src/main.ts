#!/usr/bin/env node
import { holdOptimizer } from "./startupOptimizer.js";
import { capYoungGeneration, DEFAULT_YOUNG_GENERATION_MIB } from "./youngGeneration.js";

// Start-up runs without the optimizing compiler; command.ts releases it once listening.
holdOptimizer();

// The `sanctuary` command (command.ts), loaded only once the young generation is capped:
// parsing and compiling the server's modules alone would double it twice, and a cap set
// later stops growth but does not shrink it. The operator's value (--young-generation)
// replaces this default once the options are read.
capYoungGeneration(DEFAULT_YOUNG_GENERATION_MIB);
await import("./command.js");
