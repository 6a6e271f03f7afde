/** Shared fixtures of the Cache, SearchCluster and SharedFileSystem tests. */
import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { SharedServiceProps } from '../../constructs/core';

import { Json } from '../json';

export type { Json };

export const ACCOUNT = '123456789012';
export const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:prod-us-east-1-alarms';
export const OWN_KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/abcd1234-12ab-34cd-56ef-1234567890ab';
export const INCIDENT_SG = 'sg-0123456789abcdef0';
export const CATALOG_SG = 'sg-0123456789abcdef1';

/** The shared props every service test starts from: three zones, two clients, the alarm topic. */
export const BASE: SharedServiceProps = {
  name: 'prod-us-east-1',
  accountId: ACCOUNT,
  region: 'us-east-1',
  vpcId: 'vpc-0123456789abcdef0',
  isolatedSubnetIds: {
    'us-east-1b': 'subnet-0123456789abcdef1',
    'us-east-1a': 'subnet-0123456789abcdef0',
    'us-east-1c': 'subnet-0123456789abcdef2',
  },
  clientSecurityGroupIds: { incident: INCIDENT_SG, catalog: CATALOG_SG },
  alarmTopicArn: TOPIC_ARN,
};

/** Synthesizes what `build` creates in a fresh scope; returns the parsed Terraform JSON. */
export function synth(build: (scope: Construct) => void): Json {
  return JSON.parse(Testing.synthScope(build)) as Json;
}

/** The `resource.<type>` block (logical id → config), `{}` when absent. */
export function resources(json: Json, type: string): Record<string, Json> {
  return (json.resource?.[type] ?? {}) as Record<string, Json>;
}

/** One resource's config; fails the test when it is missing. */
export function resource(json: Json, type: string, id: string): Json {
  const config = resources(json, type)[id];
  if (config === undefined) throw new Error(`no ${type}.${id} in ${Object.keys(resources(json, type)).join(', ') || 'the stack'}`);
  return config;
}

/** All `<type>.<id>` addresses, sorted. */
export function addresses(json: Json): string[] {
  return Object.entries((json.resource ?? {}) as Record<string, Json>)
    .flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`))
    .sort();
}

/** The alarm names of every metric alarm. */
export function metricAlarmNames(json: Json): string[] {
  return Object.values(resources(json, 'aws_cloudwatch_metric_alarm')).map((a) => a.alarm_name as string).sort();
}
