/**
 * The example server's port from `PORT`: 3000 when it is unset or empty (an empty variable is a
 * common leftover in container and CI environments, and `Number("")` would be 0, a random port).
 */
export const DEFAULT_PORT = 3000;

export function portSetting(text: string | undefined): number {
  if (text === undefined || text.trim() === "") return DEFAULT_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`PORT must be a port number from 0 to 65535 (0 picks a free one), not "${text}"`);
  }
  return port;
}
