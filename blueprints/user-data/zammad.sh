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


# Warm spare (a production singleton; docs/application-contract.md, "Warm spares"): Auto Scaling may launch
# this instance into a warm pool, where it runs this script and is then stopped; it must not start its work
# there. The service's ExecStartPre (/usr/local/libexec/itsm/ready) waits until the target lifecycle state is
# InService, then completes the group's launch hook. A scaled fleet's or a relaunched instance is InService at once.
install -d -m 0755 /usr/local/libexec/itsm /var/lib/itsm
cat > /usr/local/libexec/itsm/lifecycle <<'LIFECYCLE'
imds() {
  local token
  token=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 300') &&
    curl -fsS -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1"
}
# The state Auto Scaling moves the instance to: InService, or Warmed:Stopped in a warm pool. Never guessed while
# IMDS does not answer (a warmed singleton must not start); InService only when IMDS keeps answering that this
# instance has no such item (it is not an Auto Scaling instance).
target_state() {
  local token state missing=0
  while true; do
    if token=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 300'); then
      state=$(curl -sS -w '\n%{http_code}' -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/autoscaling/target-lifecycle-state) || state=
      case "${state##*$'\n'}" in
        200) [ -n "${state%$'\n'*}" ] && { echo "${state%$'\n'*}"; return; } ;;
        404) missing=$((missing + 1)); [ "$missing" -ge 24 ] && { echo InService; return; } ;;
      esac
    fi
    sleep 5
  done
}
# Completes the launch hook of a warm-spare group (only those have one, and a warm pool).
complete_launch_hook() {
  [ -e /var/lib/itsm/warm-pool ] || return 0
  aws autoscaling complete-lifecycle-action --region "$(imds placement/region)" --lifecycle-hook-name launch-ready \
    --auto-scaling-group-name "$(imds tags/instance/aws:autoscaling:groupName)" --instance-id "$(imds instance-id)" \
    --lifecycle-action-result CONTINUE || echo "launch hook not completed; it continues after its heartbeat" >&2
}
LIFECYCLE
# Refreshing the configuration of a warm spare is not done here: /etc/zammad/env is written once (restart the
# unit after changing endpoints); the container is created now and started by systemd, never by Docker at boot.
cat > /usr/local/libexec/itsm/refresh-config <<'REFRESH'
#!/bin/bash
exit 0
REFRESH
chmod 0755 /usr/local/libexec/itsm/refresh-config
cat > /usr/local/libexec/itsm/ready <<'READY'
#!/bin/bash
# ExecStartPre of the service: wait until this instance is put in service, refresh the configuration (a warm
# spare may have been stopped for weeks), then let Auto Scaling finish the launch.
set -eu -o pipefail
. /usr/local/libexec/itsm/lifecycle
until [ "$(target_state)" = InService ]; do sleep 5; done
/usr/local/libexec/itsm/refresh-config
complete_launch_hook
rm -f /var/lib/itsm/warm-pool   # completed once; a later restart of the service has no hook to complete
READY
chmod 0755 /usr/local/libexec/itsm/ready
docker create --restart no --name zammad --network host --env-file /etc/zammad/env "$ZAMMAD_IMAGE" "$COMMAND"
cat > /etc/systemd/system/zammad.service <<UNIT
[Unit]
Description=Zammad ${MODULE} (${ROLE})
After=docker.service
Requires=docker.service

[Service]
ExecStartPre=/usr/local/libexec/itsm/ready
TimeoutStartSec=infinity
ExecStart=/usr/bin/docker start --attach zammad
ExecStop=/usr/bin/docker stop zammad
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
. /usr/local/libexec/itsm/lifecycle
if [[ "$(target_state)" == Warmed:* ]]; then
  touch /var/lib/itsm/warm-pool     # in the warm pool: start nothing; the unit starts when the spare is put in service
  systemctl enable zammad.service
  complete_launch_hook
else
  systemctl enable --now zammad.service
fi
