/** An inbound loop the daemon starts and stops (VK Bots Long Poll, OK topic polling). */
export interface Poller {
  readonly name: string;
  /** Rejects when the platform refuses at once (bad token, wrong group): the daemon must not start. */
  start(): Promise<void>;
  /** False when the last polling attempts failed (for /healthz); the poller keeps retrying. */
  healthy(): boolean;
  /** Stops taking new events; resolves once what was received is queued or given up. */
  close(): Promise<void>;
}
