'use strict';
/**
 * The smallest useful cdktf app, for context in `npm run bench`: the same runtime (plain node),
 * deep-import style, provider and backend as the real app, a single resource, and only the two
 * provider classes it needs. The floor (floor.js) is this app loading every provider class the
 * real app imports.
 */
const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
const { S3Bucket } = require('@cdktf/provider-aws/lib/s3-bucket');
const { App, S3Backend, TerraformStack } = require('cdktf');

const app = new App();
const stack = new TerraformStack(app, 'floor');
new AwsProvider(stack, 'aws', { region: 'us-east-1' });
new S3Backend(stack, { bucket: 'floor-state', key: 'floor.tfstate', region: 'us-east-1', encrypt: true });
new S3Bucket(stack, 'bucket', { bucket: 'floor-bucket' });
app.synth();
