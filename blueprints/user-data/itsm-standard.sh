#!/bin/bash
# User data of the itsm-standard fleets (rendered per fleet by itsm-scale; see docs/application-contract.md).
# The image comes from your image pipeline: Amazon Linux 2023 with the ITSM server installed in /opt/itsm
# (bin/itsm-server). This script installs the CloudWatch agent, reads the runtime configuration of each
# module the fleet serves from SSM Parameter Store, installs the systemd service and starts both.
set -euo pipefail

FLEET='{{module}}'       # the module, or "shared" on the fleet small modules share
MODULES='{{modules}}'    # the modules this fleet serves: the module itself, or the shared fleet's members
ROLE='{{role}}'
ENVIRONMENT='{{environment}}'
REGION='{{region}}'
CONFIG_ROOT='{{configRoot}}'
PORT='{{port}}'
LOG_GROUP='{{logGroup}}'
# Singleton parts this fleet runs under a lease (empty when none) and the lease's length in seconds
# (docs/application-contract.md, "Singleton parts under a lease"): every instance runs them, only the holder works.
SINGLETON_PARTS='{{singletonParts}}'
SINGLETON_LEASE_SECONDS='{{singletonLeaseSeconds}}'

dnf install -y amazon-cloudwatch-agent

# Logs go to this fleet's own encrypted log group; the instance role may write nowhere else.
install -d -m 0755 /var/log/itsm
cat > /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json <<CWAGENT
{
  "agent": { "run_as_user": "root" },
  "logs": {
    "logs_collected": {
      "files": {
        "collect_list": [
          { "file_path": "/var/log/itsm/*.log", "log_group_name": "${LOG_GROUP}", "log_stream_name": "{instance_id}/itsm", "retention_in_days": -1 },
          { "file_path": "/var/log/cloud-init-output.log", "log_group_name": "${LOG_GROUP}", "log_stream_name": "{instance_id}/cloud-init", "retention_in_days": -1 }
        ]
      }
    }
  }
}
CWAGENT
/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s \
  -c file:/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json

# Runtime configuration: non-secret values only (endpoints, slot map, bucket and prefix, secret ARNs),
# one folder per served module ($CONFIG_ROOT/<module>; the instance role may read only those). The server
# reads each module's database password itself from the secret whose ARN is in secrets. Read now and again
# each time the service starts (refresh-config), so a warm spare never starts on a stale slot map.
install -d -m 0750 /etc/itsm
install -d -m 0755 /usr/local/libexec/itsm
cat > /usr/local/libexec/itsm/refresh-config <<REFRESH
#!/bin/bash
set -eu -o pipefail
config() { aws ssm get-parameter --region "${REGION}" --name "${CONFIG_ROOT}/\$1/\$2" --query Parameter.Value --output text; }
for module in ${MODULES}; do
  install -d -m 0750 "/etc/itsm/\$module"
  config "\$module" database > "/etc/itsm/\$module/database.json"
  config "\$module" attachments > "/etc/itsm/\$module/attachments.json"
  config "\$module" secrets > "/etc/itsm/\$module/secrets.json"
done
REFRESH
chmod 0755 /usr/local/libexec/itsm/refresh-config
/usr/local/libexec/itsm/refresh-config
cat > /etc/itsm/server.env <<ENV
ITSM_MODULES=${MODULES}
ITSM_ROLE=${ROLE}
ITSM_ENVIRONMENT=${ENVIRONMENT}
AWS_REGION=${REGION}
ITSM_PORT=${PORT}
ITSM_CONFIG_DIR=/etc/itsm
ITSM_SINGLETON_PARTS=${SINGLETON_PARTS}
ITSM_SINGLETON_LEASE_SECONDS=${SINGLETON_LEASE_SECONDS}
ITSM_SINGLETON_LEASE_METRIC_NAMESPACE=itsm-scale/${ENVIRONMENT}
ENV
chmod 0640 /etc/itsm/server.env

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

# ROLE is "server" for the scaled fleet (serves HTTP on PORT for every module in MODULES, health at
# /api/<module>/health), or the singleton part this instance runs (e.g. sla-timer). With SINGLETON_PARTS the
# server also runs each listed part (<module>-<part>) under a lease of SINGLETON_LEASE_SECONDS in the part's
# module database: it renews every third of it, fences each unit of work with the lease's version, and while it
# holds a lease publishes SingletonLeaseHeld (dimension Part) to itsm-scale/<environment> every 30 s.
cat > /etc/systemd/system/itsm-server.service <<UNIT
[Unit]
Description=ITSM ${FLEET} (${ROLE}: ${MODULES})
After=network-online.target
Wants=network-online.target

[Service]
EnvironmentFile=/etc/itsm/server.env
# As root ("+"): waits for InService, refreshes /etc/itsm, completes the launch hook; no time limit in a warm pool.
ExecStartPre=+/usr/local/libexec/itsm/ready
TimeoutStartSec=infinity
ExecStart=/opt/itsm/bin/itsm-server --modules ${MODULES// /,} --role ${ROLE} --port ${PORT}${SINGLETON_PARTS:+ --singleton-parts ${SINGLETON_PARTS// /,} --singleton-lease-seconds ${SINGLETON_LEASE_SECONDS}}
StandardOutput=append:/var/log/itsm/server.log
StandardError=append:/var/log/itsm/server.log
Restart=always
RestartSec=5
User=itsm
NoNewPrivileges=true

[Install]
WantedBy=multi-user.target
UNIT
id itsm >/dev/null 2>&1 || useradd --system --home-dir /opt/itsm --shell /sbin/nologin itsm
chown itsm /var/log/itsm
systemctl daemon-reload
. /usr/local/libexec/itsm/lifecycle
if [[ "$(target_state)" == Warmed:* ]]; then
  # In the warm pool: set up, but start nothing. The service starts at the next boot, when the spare is put in
  # service, and waits there for InService; completing the hook now lets Auto Scaling stop the instance.
  touch /var/lib/itsm/warm-pool
  systemctl enable itsm-server.service
  complete_launch_hook
else
  systemctl enable --now itsm-server.service
fi
