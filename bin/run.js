#!/usr/bin/env node
// Entry point of the built CLI (dist/). The standalone binary uses src/sea-main.ts instead.
import {main} from '../dist/main.js'

await main(process.argv.slice(2), import.meta.url)
