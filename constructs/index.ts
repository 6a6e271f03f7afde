/**
 * The construct library's public API (package.json `exports`: dist/constructs/index.js): the
 * constructs, their props and the types those props use, and the functions that derive the names
 * another stack needs without a Terraform reference. docs/api.md lists it; everything else under
 * constructs/ is internal and may change.
 */

// Constructs with their props.
export { ApplicationKey, type ApplicationKeyProps } from './application-key';
export { AttachmentStore, type AttachmentStoreProps, type AttachmentReplicationDestination, type GlacierStorageClass } from './attachment-store';
export {
  BackupVault,
  type BackupVaultProps,
  type BackupVaultLockOptions,
  type BackupVaultRestoreTestingOptions,
  type ProtectedResourceType,
  type RestoreTestingAlgorithm,
  type VaultLockMode,
} from './backup-vault';
export { Budget, type BudgetProps, DEFAULT_BUDGET_THRESHOLDS_PERCENT } from './budget';
export { Cache, type CacheProps, type CacheEngine, type CacheKeyspace, type CacheConnection, type CacheAuthentication } from './cache';
export { DnsFailover, type DnsFailoverProps, type DnsGeoRouting, type DnsGeoZone, type DnsRegion, type DnsRegionRole, type DnsRouting } from './dns-failover';
export { EbsKey, type EbsKeyProps } from './ebs-key';
export { FaultInjection, type FaultInjectionProps, type FaultInjectionFleet, type AzOutageExperiment } from './fault-injection';
export {
  LoadBalancer,
  type LoadBalancerProps,
  type LoadBalancerAccessLogs,
  type LoadBalancerModule,
  type LoadBalancerOidcOptions,
  type LoadBalancerRulePriorities,
  type LoadBalancerTargetGroup,
  type LoadBalancerWafOptions,
  type DesyncMitigationMode,
  type ManagedRuleGroupName,
} from './load-balancer';
export { Monitoring, type MonitoringProps, type MonitoredDatabase, type MonitoredFleet, type MonitoredModule, type MonitoredSingleton, type MonitoredSingletonLease, type MonitoredWarmSpare } from './monitoring';
export { Network, type NetworkProps, type FlowLogTrafficType, type NatGatewayMode } from './network';
export { RegionalEndpoint, type RegionalEndpointProps } from './regional-endpoint';
export { RuntimeConfig, type RuntimeConfigProps } from './runtime-config';
export { SearchCluster, type SearchClusterProps, type SearchConnection } from './search-cluster';
export {
  ServiceFleet,
  type ServiceFleetProps,
  type SingletonReplacement,
  LAUNCH_HOOK_NAME,
  type RequestCountScaling,
  type BusinessHours,
  amazonLinux2023,
  type FleetImage,
  type AmiIdImage,
  type SsmParameterImage,
  type NameFilterImage,
  type CpuArchitecture,
  type AttachmentAccess,
  type SecretAccess,
} from './service-fleet';
export {
  ShardedDatabase,
  type ShardedDatabaseProps,
  type AuroraEngine,
  type ExternalShard,
  type GlobalDatabaseOptions,
  type ReaderAutoscaling,
  type ServerlessCapacity,
  type SlotMapDocument,
  type SlotMapShardEntry,
  type SlotRange,
} from './sharded-database';
export { SharedFileSystem, type SharedFileSystemProps, type FileSystemReplicaSource, type FileSystemThroughputMode, type FileSystemConnection } from './shared-file-system';

// Building blocks for constructs of your own: a key with its alias, a log group encrypted with it, a construct that is one key.
export {
  CustomerManagedKey,
  type CustomerManagedKeyProps,
  EncryptedLogGroup,
  type EncryptedLogGroupProps,
  PurposeKey,
  type PurposeKeyProps,
  type PurposeKeySpec,
  addressPinner,
  type AddressPinner,
  type OwnedResourceProps,
  type SharedServiceProps,
  type Tags,
} from './core';

// Names and conventions every stack derives the same way.
export { BACKUP_TAG_KEY, globalClusterIdentifier, LOG_RETENTION_DAYS, logicalId, physicalName, shardNumber, TAG_KEYS } from './core';
export { attachmentBucketName, attachmentKeyAliasArn, attachmentKeyAliasName, attachmentLogBucketName, s3BucketArn } from './attachment-store';
export { backupPlanName, backupVaultArn, backupVaultName } from './backup-vault';
export { regionalEndpointName } from './regional-endpoint';
export { moduleSecretArnPattern, moduleSecretName, SECRETS_PARAMETER } from './runtime-config';
export { contiguousSlotMap, writeForwardingSupported } from './sharded-database';
