/** Which input field a plan error is about, so validation can point at it: the file kind and the field path. */
export interface PlanErrorLocation {
  readonly file: 'blueprint' | 'environment';
  readonly path: ReadonlyArray<string | number>;
}

/** Raised when the input cannot be planned (an unknown scenario, unreachable service levels, more shards than slots). */
export class PlanError extends Error {
  constructor(
    message: string,
    public readonly location?: PlanErrorLocation,
  ) {
    super(message);
    this.name = 'PlanError';
  }
}
