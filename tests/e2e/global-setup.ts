// Starts the HTTPS fixture server once for the whole run.
import { start } from './server.mjs';

export const FIXTURE_PORT = 8443;

export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await start(FIXTURE_PORT);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
