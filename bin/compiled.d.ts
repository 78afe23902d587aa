/** The compiled CLI under `root` when it is at least as new as every source, else null with the reason. */
export function compiledCli(root: string): { entry: string | null; reason: string | null };
