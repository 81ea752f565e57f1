#!/usr/bin/env -S node --import tsx
// Runs the TypeScript sources directly (development only).
import {main} from '../src/main.ts'

await main(process.argv.slice(2), import.meta.url, {development: true})
