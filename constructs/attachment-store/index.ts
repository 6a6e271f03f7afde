export * from './attachment-store';
export type { GlacierStorageClass } from './lifecycle-plan';
export {
  attachmentBucketName,
  attachmentKeyAliasArn,
  attachmentKeyAliasName,
  attachmentLogBucketName,
  bucketNameProblem,
  s3BucketArn,
} from './naming';
