/** Writes a correct Flux mesh repository of n clusters (1..250) under dir, replacing it; returns the cluster names. */
export function generateMesh(root: string, dir: string, n: number): string[]
