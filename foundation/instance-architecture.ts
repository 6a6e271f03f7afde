/**
 * CPU architectures of EC2 instance types, shared by the model (blueprint validation) and the
 * constructs (ServiceFleet's own checks). Imports nothing.
 */

/** CPU architecture as EC2 names it in AMIs and instance types. */
export type CpuArchitecture = 'x86_64' | 'arm64';

/**
 * The architecture of an instance type: Graviton families (letters, a generation digit, then `g`:
 * t4g, m7g, c7gn, r8g, im4gn, is4gen, x2gd, hpc7g, g5g) and the first-generation `a1` are arm64;
 * every other family is x86_64.
 */
export function instanceArchitecture(instanceType: string): CpuArchitecture {
  const family = instanceType.split('.')[0] ?? instanceType;
  return family === 'a1' || /^[a-z]+\d+g/.test(family) ? 'arm64' : 'x86_64';
}
