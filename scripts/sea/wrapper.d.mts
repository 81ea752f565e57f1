// Types of wrapper.mjs for the TypeScript tests.
export declare const BUNDLES: Record<'startup' | 'full', {source: string; cache: string}>
export declare const FILENAME: string
export declare function wrap(source: string): string
export declare function startupCanAnswer(argv: readonly string[], helpLoadsCommands: boolean): boolean
export declare const STARTUP_COMMANDS: readonly string[]
