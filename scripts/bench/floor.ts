/**
 * The floor of `npm run bench`, as the Foundation issue defines it: "a one-resource cdktf app
 * using the same deep imports" as the real app. It imports every provider class the app imports
 * (test/bench/floor.test.ts keeps this list equal to the `@cdktf/provider-aws/lib/...` imports
 * under constructs/ and stacks/), then synthesizes the one-resource app of minimal-floor.ts with
 * the same runner. The ratio against it is what the app does beyond loading cdktf and its
 * provider bindings.
 */
import '@cdktf/provider-aws/lib/appautoscaling-policy';
import '@cdktf/provider-aws/lib/appautoscaling-target';
import '@cdktf/provider-aws/lib/autoscaling-group';
import '@cdktf/provider-aws/lib/autoscaling-policy';
import '@cdktf/provider-aws/lib/autoscaling-schedule';
import '@cdktf/provider-aws/lib/backup-plan';
import '@cdktf/provider-aws/lib/backup-restore-testing-plan';
import '@cdktf/provider-aws/lib/backup-restore-testing-selection';
import '@cdktf/provider-aws/lib/backup-selection';
import '@cdktf/provider-aws/lib/backup-vault';
import '@cdktf/provider-aws/lib/backup-vault-lock-configuration';
import '@cdktf/provider-aws/lib/backup-vault-notifications';
import '@cdktf/provider-aws/lib/backup-vault-policy';
import '@cdktf/provider-aws/lib/cloudwatch-composite-alarm';
import '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import '@cdktf/provider-aws/lib/cloudwatch-log-group';
import '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import '@cdktf/provider-aws/lib/data-aws-efs-file-system';
import '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import '@cdktf/provider-aws/lib/db-subnet-group';
import '@cdktf/provider-aws/lib/default-security-group';
import '@cdktf/provider-aws/lib/efs-access-point';
import '@cdktf/provider-aws/lib/efs-file-system';
import '@cdktf/provider-aws/lib/efs-file-system-policy';
import '@cdktf/provider-aws/lib/efs-mount-target';
import '@cdktf/provider-aws/lib/efs-replication-configuration';
import '@cdktf/provider-aws/lib/eip';
import '@cdktf/provider-aws/lib/elasticache-replication-group';
import '@cdktf/provider-aws/lib/elasticache-subnet-group';
import '@cdktf/provider-aws/lib/elasticache-user';
import '@cdktf/provider-aws/lib/elasticache-user-group';
import '@cdktf/provider-aws/lib/fis-experiment-template';
import '@cdktf/provider-aws/lib/flow-log';
import '@cdktf/provider-aws/lib/iam-instance-profile';
import '@cdktf/provider-aws/lib/iam-role';
import '@cdktf/provider-aws/lib/iam-role-policy';
import '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import '@cdktf/provider-aws/lib/internet-gateway';
import '@cdktf/provider-aws/lib/kms-alias';
import '@cdktf/provider-aws/lib/kms-key';
import '@cdktf/provider-aws/lib/launch-template';
import '@cdktf/provider-aws/lib/lb';
import '@cdktf/provider-aws/lib/lb-listener';
import '@cdktf/provider-aws/lib/lb-listener-rule';
import '@cdktf/provider-aws/lib/lb-target-group';
import '@cdktf/provider-aws/lib/nat-gateway';
import '@cdktf/provider-aws/lib/opensearch-domain';
import '@cdktf/provider-aws/lib/provider';
import '@cdktf/provider-aws/lib/rds-cluster';
import '@cdktf/provider-aws/lib/rds-cluster-instance';
import '@cdktf/provider-aws/lib/rds-cluster-parameter-group';
import '@cdktf/provider-aws/lib/rds-global-cluster';
import '@cdktf/provider-aws/lib/route';
import '@cdktf/provider-aws/lib/route-table';
import '@cdktf/provider-aws/lib/route-table-association';
import '@cdktf/provider-aws/lib/route53-health-check';
import '@cdktf/provider-aws/lib/route53-record';
import '@cdktf/provider-aws/lib/s3-bucket';
import '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import '@cdktf/provider-aws/lib/s3-bucket-logging';
import '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import '@cdktf/provider-aws/lib/s3-bucket-policy';
import '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import '@cdktf/provider-aws/lib/s3-bucket-versioning';
import '@cdktf/provider-aws/lib/security-group';
import '@cdktf/provider-aws/lib/sns-topic';
import '@cdktf/provider-aws/lib/sns-topic-policy';
import '@cdktf/provider-aws/lib/ssm-parameter';
import '@cdktf/provider-aws/lib/subnet';
import '@cdktf/provider-aws/lib/vpc';
import '@cdktf/provider-aws/lib/vpc-endpoint';
import '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import '@cdktf/provider-aws/lib/wafv2-web-acl';
import '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import './minimal-floor';
