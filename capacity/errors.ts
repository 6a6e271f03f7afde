/** Raised when the input cannot be planned (an unknown scenario, unreachable service levels, more shards than slots). */
export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}
