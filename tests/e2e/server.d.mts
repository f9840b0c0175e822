import type { Server } from 'node:https';
export const SITES: Record<string, string>;
export function certificate(): { key: Buffer; cert: Buffer };
export function start(port?: number): Promise<Server>;
