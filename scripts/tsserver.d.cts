/** Types of scripts/tsserver.cjs. */
export interface Tsserver {
  request(command: string, args?: object): Promise<any>;
  close(): Promise<void>;
}
export function startTsserver(options: { tsserver: string; args?: string[]; cwd?: string }): Tsserver;
