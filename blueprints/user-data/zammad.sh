#!/bin/bash
# User data of the Zammad fleets (rendered per fleet by itsm-scale; see docs/application-contract.md).
# Amazon Linux 2023 (arm64) runs Zammad's official multi-architecture container image; {{role}} picks the
# process: the Rails server (module zammad), the websocket server (module websocket) or the scheduler.
set -euo pipefail

MODULE='{{module}}'
ROLE='{{role}}'
REGION='{{region}}'
CONFIG_PATH='{{configPath}}'
PORT='{{port}}'
LOG_GROUP='{{logGroup}}'
ZAMMAD_IMAGE='ghcr.io/zammad/zammad:6.5' # pin the release you run
SIGV4_PROXY_IMAGE='public.ecr.aws/aws-observability/aws-sigv4-proxy:1.7' # pin the release you verified

dnf install -y docker jq amazon-cloudwatch-agent
systemctl enable --now docker

# Container logs go to this fleet's own encrypted log group (the instance role may write nowhere else).
cat > /etc/docker/daemon.json <<DOCKER
{ "log-driver": "awslogs", "log-opts": { "awslogs-region": "${REGION}", "awslogs-group": "${LOG_GROUP}", "awslogs-create-group": "false" } }
DOCKER
systemctl restart docker

config() { aws ssm get-parameter --region "$REGION" --name "$CONFIG_PATH/$1" --query Parameter.Value --output text; }
DATABASE=$(config database)
ATTACHMENTS=$(config attachments)
SECRETS=$(config secrets)
if ! SERVICES=$(config services 2>/dev/null); then
  echo "no shared-service endpoints under $CONFIG_PATH/services (cache, search): deploy the stack with its shared services" >&2
  exit 1
fi
CREDENTIALS=$(aws secretsmanager get-secret-value --region "$REGION" --secret-id "$(jq -r .database <<<"$SECRETS")" --query SecretString --output text)

case "$MODULE/$ROLE" in
  zammad/server) COMMAND=zammad-railsserver ;;
  websocket/server) COMMAND=zammad-websocket ;;
  zammad/scheduler) COMMAND=zammad-scheduler ;;
  *) echo "no Zammad process for module $MODULE, role $ROLE" >&2; exit 1 ;;
esac

# OpenSearch through a local SigV4 signer (awslabs/aws-sigv4-proxy): Zammad's Elasticsearch client does not sign
# requests; the signer signs each as the domain's role, which this fleet may assume.
if jq -e .search <<<"$SERVICES" >/dev/null; then
  docker run --detach --restart always --name search-signer --network host "$SIGV4_PROXY_IMAGE" \
    --name es --region "$(jq -r .search.region <<<"$SERVICES")" --host "$(jq -r .search.endpoint <<<"$SERVICES")" \
    --role-arn "$(jq -r .search.signingRoleArn <<<"$SERVICES")" --port 127.0.0.1:9200
fi

install -d -m 0700 /etc/zammad
cat > /etc/zammad/env <<ENV
POSTGRESQL_HOST=$(jq -r '.shards[0].writerEndpoint' <<<"$DATABASE")
POSTGRESQL_PORT=$(jq -r .port <<<"$DATABASE")
POSTGRESQL_USER=$(jq -r .username <<<"$CREDENTIALS")
POSTGRESQL_PASS=$(jq -r .password <<<"$CREDENTIALS")
POSTGRESQL_DB=zammad
POSTGRESQL_OPTIONS=?sslmode=require
REDIS_URL=$(jq -r .cache.url <<<"$SERVICES") # rediss://<own user>:nopass@<endpoint>:6379: a password-less user (network authentication)
ELASTICSEARCH_HOST=127.0.0.1
ELASTICSEARCH_PORT=9200
ELASTICSEARCH_SCHEMA=http
S3_URL=s3://$(jq -r .bucket <<<"$ATTACHMENTS")/$(jq -r .prefix <<<"$ATTACHMENTS")?region=${REGION}
ZAMMAD_RAILSSERVER_PORT=${PORT}
ZAMMAD_WEBSOCKET_PORT=${PORT}
ENV

docker run --detach --restart always --name zammad --network host --env-file /etc/zammad/env "$ZAMMAD_IMAGE" "$COMMAND"
