/** Every rule of the pack, in the order RULES.md lists them. Add a rule: one file named after its id, then a line here. */
import { PolicyRule } from '../types';
import { CompositeAlarmActs } from './ITSM-ALM-001';
import { MetricAlarmActs } from './ITSM-ALM-002';
import { BackupVaultLocked } from './ITSM-BAK-001';
import { DataInBackupPlan } from './ITSM-BAK-002';
import { RdsBackupRetention } from './ITSM-BAK-003';
import { RdsFinalSnapshot } from './ITSM-BAK-004';
import { RdsCopyTagsToSnapshot } from './ITSM-BAK-005';
import { RdsDeletionProtection } from './ITSM-DEL-001';
import { LoadBalancerDeletionProtection } from './ITSM-DEL-002';
import { StatefulPreventDestroy } from './ITSM-DEL-003';
import { ImdsV2Required } from './ITSM-EC2-001';
import { CacheEncryptedAtRest } from './ITSM-ECA-001';
import { CacheTlsRequired } from './ITSM-ECA-002';
import { CacheMultiAz } from './ITSM-ECA-003';
import { CacheSnapshots } from './ITSM-ECA-004';
import { CacheAuthentication } from './ITSM-ECA-005';
import { CacheUsersAuthenticate } from './ITSM-ECA-006';
import { FileSystemEncrypted } from './ITSM-EFS-001';
import { FileSystemTlsOnly } from './ITSM-EFS-002';
import { FileSystemMultiAz } from './ITSM-EFS-003';
import { RdsStorageEncrypted } from './ITSM-ENC-001';
import { S3BucketEncrypted } from './ITSM-ENC-002';
import { EbsEncrypted } from './ITSM-ENC-003';
import { LogGroupEncrypted } from './ITSM-ENC-004';
import { SnsTopicEncrypted } from './ITSM-ENC-005';
import { BackupVaultEncrypted } from './ITSM-ENC-006';
import { KmsKeyRotation } from './ITSM-ENC-007';
import { AsgMultiAz } from './ITSM-HA-001';
import { LoadBalancerMultiAz } from './ITSM-HA-002';
import { EnvironmentBudget } from './ITSM-CST-001';
import { NoAdminWildcards } from './ITSM-IAM-001';
import { NoUnconditionedPublicPrincipal } from './ITSM-IAM-002';
import { IamCatalogueConformance } from './ITSM-IAM-003';
import { AlbAccessLogs } from './ITSM-LOG-001';
import { VpcFlowLogs } from './ITSM-LOG-002';
import { WafLogging } from './ITSM-LOG-003';
import { RdsLogExports } from './ITSM-LOG-004';
import { CreateBeforeDestroyUnnamed } from './ITSM-NAM-001';
import { NamesWithinLimits } from './ITSM-NAM-002';
import { SearchEncrypted } from './ITSM-OSS-001';
import { SearchHttpsOnly } from './ITSM-OSS-002';
import { SearchFineGrainedAccess } from './ITSM-OSS-003';
import { SearchInVpc } from './ITSM-OSS-004';
import { SearchMultiAz } from './ITSM-OSS-005';
import { SearchLogs } from './ITSM-OSS-006';
import { S3PublicAccessBlocked } from './ITSM-PUB-001';
import { SubnetNoPublicIp } from './ITSM-PUB-002';
import { InstanceNoPublicIp } from './ITSM-PUB-003';
import { RdsNotPublic } from './ITSM-PUB-004';
import { NoOpenIngress } from './ITSM-PUB-005';
import { TaggingPolicy } from './ITSM-TAG-001';
import { FleetTagging } from './ITSM-TAG-002';
import { S3DenyInsecureTransport } from './ITSM-TLS-001';
import { ListenerModernTls } from './ITSM-TLS-002';
import { HttpListenerRedirects } from './ITSM-TLS-003';
import { RdsForceTls } from './ITSM-TLS-004';

export const RULES: readonly PolicyRule[] = [
  // Encryption at rest
  RdsStorageEncrypted,
  S3BucketEncrypted,
  EbsEncrypted,
  LogGroupEncrypted,
  SnsTopicEncrypted,
  BackupVaultEncrypted,
  KmsKeyRotation,
  // Encryption in transit
  S3DenyInsecureTransport,
  ListenerModernTls,
  HttpListenerRedirects,
  RdsForceTls,
  // Public exposure
  S3PublicAccessBlocked,
  SubnetNoPublicIp,
  InstanceNoPublicIp,
  RdsNotPublic,
  NoOpenIngress,
  // Logging
  AlbAccessLogs,
  VpcFlowLogs,
  WafLogging,
  RdsLogExports,
  // Backups and immutability
  BackupVaultLocked,
  DataInBackupPlan,
  RdsBackupRetention,
  RdsFinalSnapshot,
  RdsCopyTagsToSnapshot,
  // Deletion protection
  RdsDeletionProtection,
  LoadBalancerDeletionProtection,
  StatefulPreventDestroy,
  // Names and replacement
  CreateBeforeDestroyUnnamed,
  NamesWithinLimits,
  // Instance metadata
  ImdsV2Required,
  // Least-privilege IAM
  NoAdminWildcards,
  NoUnconditionedPublicPrincipal,
  IamCatalogueConformance,
  // Tagging
  TaggingPolicy,
  FleetTagging,
  // Availability
  AsgMultiAz,
  LoadBalancerMultiAz,
  // Cost
  EnvironmentBudget,
  // Shared services: cache, search cluster, shared file system
  CacheEncryptedAtRest,
  CacheTlsRequired,
  CacheMultiAz,
  CacheSnapshots,
  CacheAuthentication,
  CacheUsersAuthenticate,
  SearchEncrypted,
  SearchHttpsOnly,
  SearchFineGrainedAccess,
  SearchInVpc,
  SearchMultiAz,
  SearchLogs,
  FileSystemEncrypted,
  FileSystemTlsOnly,
  FileSystemMultiAz,
  // Alarms that act
  CompositeAlarmActs,
  MetricAlarmActs,
];

/** The ids of {@link RULES}, kept in foundation/ so the environment schema can check suppressions without loading the pack. */
export { RULE_IDS } from '../../foundation/rule-ids';
