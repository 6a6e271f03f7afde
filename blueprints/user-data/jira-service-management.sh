#!/bin/bash
# User data of the Jira Service Management Data Center fleet (rendered by itsm-scale; see
# docs/application-contract.md). Amazon Linux 2023 (x86_64): installs Jira Service Management from
# Atlassian's installer, mounts the shared home (EFS), points Jira at its database and search, starts it
# as a cluster node and ships its logs with the CloudWatch agent.
set -euo pipefail

MODULE='{{module}}'
REGION='{{region}}'
CONFIG_PATH='{{configPath}}'
PORT='{{port}}'
LOG_GROUP='{{logGroup}}'
JSM_VERSION='10.3.12' # the Long Term Support release you license; check Atlassian's supported platforms
JIRA_HOME=/var/atlassian/application-data/jira
SHARED_HOME=/var/atlassian/application-data/jira-shared

SIGV4_PROXY_IMAGE='public.ecr.aws/aws-observability/aws-sigv4-proxy:1.7' # pin the release you verified

dnf install -y amazon-cloudwatch-agent amazon-efs-utils jq fontconfig docker
systemctl enable --now docker

config() { aws ssm get-parameter --region "$REGION" --name "$CONFIG_PATH/$1" --query Parameter.Value --output text; }
DATABASE=$(config database)
SECRETS=$(config secrets)
if ! SERVICES=$(config services 2>/dev/null); then
  echo "no shared-service endpoints under $CONFIG_PATH/services (shared home, search): deploy the stack with its shared services" >&2
  exit 1
fi
CREDENTIALS=$(aws secretsmanager get-secret-value --region "$REGION" --secret-id "$(jq -r .database <<<"$SECRETS")" --query SecretString --output text)

# The shared home on EFS through the module's access point (TLS, IAM).
install -d "$SHARED_HOME"
MOUNT_MODE=$(jq -r 'if .sharedFileSystem.readOnly then "ro" else "rw" end' <<<"$SERVICES") # a replica until failover
echo "$(jq -r .sharedFileSystem.fileSystemId <<<"$SERVICES"):/ $SHARED_HOME efs _netdev,tls,iam,${MOUNT_MODE},accesspoint=$(jq -r .sharedFileSystem.accessPointId <<<"$SERVICES") 0 0" >> /etc/fstab
mount "$SHARED_HOME"

# OpenSearch through a local SigV4 signer (awslabs/aws-sigv4-proxy): it signs every request as the domain's role,
# which this fleet may assume and whose only grant is HTTP calls to this domain; Jira talks plain HTTP to loopback.
docker run --detach --restart always --name search-signer --network host "$SIGV4_PROXY_IMAGE" \
  --name es --region "$(jq -r .search.region <<<"$SERVICES")" --host "$(jq -r .search.endpoint <<<"$SERVICES")" \
  --role-arn "$(jq -r .search.signingRoleArn <<<"$SERVICES")" --port 127.0.0.1:9200

# Jira Service Management, unattended (response varfile: Atlassian's silent install).
cd /tmp
curl --fail --silent --show-error --location -o jsm.bin \
  "https://product-downloads.atlassian.com/software/jira/downloads/atlassian-servicedesk-${JSM_VERSION}-x64.bin"
cat > response.varfile <<VARFILE
app.install.service\$Boolean=true
app.jiraHome=${JIRA_HOME}
sys.installationDir=/opt/atlassian/jira
launch.application\$Boolean=false
portChoice=custom
httpPort=${PORT}
VARFILE
sh jsm.bin -q -varfile response.varfile

# A cluster node: its own local home, the shared home on EFS, the database and OpenSearch from the runtime configuration.
NODE_ID=$(TOKEN=$(curl -sX PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60'); curl -s -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/instance-id)
cat > "$JIRA_HOME/cluster.properties" <<CLUSTER
jira.node.id=${NODE_ID}
jira.shared.home=${SHARED_HOME}
CLUSTER
cat > "$JIRA_HOME/dbconfig.xml" <<DBCONFIG
<?xml version="1.0" encoding="UTF-8"?>
<jira-database-config>
  <name>defaultDS</name>
  <delegator-name>default</delegator-name>
  <database-type>postgres72</database-type>
  <schema-name>public</schema-name>
  <jdbc-datasource>
    <url>jdbc:postgresql://$(jq -r '.shards[0].writerEndpoint' <<<"$DATABASE"):$(jq -r .port <<<"$DATABASE")/jira?sslmode=require</url>
    <driver-class>org.postgresql.Driver</driver-class>
    <username>$(jq -r .username <<<"$CREDENTIALS")</username>
    <password>$(jq -r .password <<<"$CREDENTIALS")</password>
    <pool-max-size>40</pool-max-size>
  </jdbc-datasource>
</jira-database-config>
DBCONFIG
chmod 0600 "$JIRA_HOME/dbconfig.xml"
cat >> "$JIRA_HOME/jira-config.properties" <<SEARCH
jira.search.platform=opensearch
opensearch.http.url=http://127.0.0.1:9200
SEARCH
chown -R jira: "$JIRA_HOME"

# Logs go to this fleet's own encrypted log group (the instance role may write nowhere else).
cat > /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json <<CWAGENT
{ "logs": { "logs_collected": { "files": { "collect_list": [
  { "file_path": "${JIRA_HOME}/log/atlassian-jira.log", "log_group_name": "${LOG_GROUP}", "log_stream_name": "{instance_id}/${MODULE}" },
  { "file_path": "/var/log/cloud-init-output.log", "log_group_name": "${LOG_GROUP}", "log_stream_name": "{instance_id}/cloud-init" }
] } } } }
CWAGENT
/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s \
  -c file:/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json

systemctl enable --now jira
