export function electronBinary(root?: string): { path: string; reason: null } | { path: null; reason: string };
