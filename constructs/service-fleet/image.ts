/**
 * The machine image of a ServiceFleet and how Terraform finds it. Every form ends in an `aws_ami` data
 * source filtered by the declared architecture, so a plan fails ("no matching AMI") rather than booting an
 * image the instance type cannot run.
 */
import { CpuArchitecture, instanceArchitecture } from '../../foundation/instance-architecture';

export { instanceArchitecture };
export type { CpuArchitecture };

/** A fixed AMI id. */
export interface AmiIdImage {
  readonly amiId: string;
  readonly architecture: CpuArchitecture;
}

/** An SSM parameter holding the AMI id (public AL2023 / Bottlerocket parameters, or an image pipeline's output). */
export interface SsmParameterImage {
  readonly ssmParameterName: string;
  readonly architecture: CpuArchitecture;
}

/** The newest AMI whose name matches `nameFilter` among `owners`. */
export interface NameFilterImage {
  readonly nameFilter: string;
  readonly owners: readonly string[];
  readonly architecture: CpuArchitecture;
}

export type FleetImage = AmiIdImage | SsmParameterImage | NameFilterImage;

/** Amazon Linux 2023's public SSM parameter for an architecture. */
export function amazonLinux2023(architecture: CpuArchitecture): SsmParameterImage {
  return { ssmParameterName: `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architecture}`, architecture };
}

/** Problems of an image description, as messages with the fix. */
export function imageProblems(image: FleetImage): string[] {
  const problems: string[] = [];
  const forms = ['amiId' in image, 'ssmParameterName' in image, 'nameFilter' in image].filter(Boolean).length;
  if (forms !== 1) problems.push('image must give exactly one of amiId, ssmParameterName or nameFilter');
  if (image.architecture !== 'x86_64' && image.architecture !== 'arm64') problems.push(`image.architecture "${String(image.architecture)}" must be x86_64 or arm64`);
  if ('amiId' in image && !/^ami-[0-9a-f]{8}([0-9a-f]{9})?$/.test(image.amiId)) problems.push(`image.amiId "${image.amiId}" is not an AMI id (e.g. "ami-0123456789abcdef0")`);
  if ('ssmParameterName' in image && !/^\/[A-Za-z0-9_.\-/]+$/.test(image.ssmParameterName)) {
    problems.push(`image.ssmParameterName "${image.ssmParameterName}" is not an SSM parameter name (it starts with "/")`);
  }
  if ('nameFilter' in image && (image.owners.length === 0 || image.nameFilter.trim() === '')) problems.push('image.nameFilter needs a pattern and at least one owner');
  return problems;
}
