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
# one folder per served module ($CONFIG_ROOT/<module>; the instance role may read only those).
# The server reads each module's database password itself from the secret whose ARN is in secrets.
install -d -m 0750 /etc/itsm
config() { aws ssm get-parameter --region "$REGION" --name "$CONFIG_ROOT/$1/$2" --query Parameter.Value --output text; }
for module in $MODULES; do
  install -d -m 0750 "/etc/itsm/$module"
  config "$module" database > "/etc/itsm/$module/database.json"
  config "$module" attachments > "/etc/itsm/$module/attachments.json"
  config "$module" secrets > "/etc/itsm/$module/secrets.json"
done
cat > /etc/itsm/server.env <<ENV
ITSM_MODULES=${MODULES}
ITSM_ROLE=${ROLE}
ITSM_ENVIRONMENT=${ENVIRONMENT}
AWS_REGION=${REGION}
ITSM_PORT=${PORT}
ITSM_CONFIG_DIR=/etc/itsm
ENV
chmod 0640 /etc/itsm/server.env

# ROLE is "server" for the scaled fleet (serves HTTP on PORT for every module in MODULES, health at
# /api/<module>/health), or the singleton part this instance runs (e.g. sla-timer).
cat > /etc/systemd/system/itsm-server.service <<UNIT
[Unit]
Description=ITSM ${FLEET} (${ROLE}: ${MODULES})
After=network-online.target
Wants=network-online.target

[Service]
EnvironmentFile=/etc/itsm/server.env
ExecStart=/opt/itsm/bin/itsm-server --modules ${MODULES// /,} --role ${ROLE} --port ${PORT}
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
systemctl enable --now itsm-server.service
