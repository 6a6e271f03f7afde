/**
 * The floor for `npm run bench`: the smallest useful cdktf app with the same runner, the same
 * deep-import style, provider and backend as the real one, and a single resource.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { App, S3Backend, TerraformStack } from 'cdktf';

const app = new App();
const stack = new TerraformStack(app, 'floor');
new AwsProvider(stack, 'aws', { region: 'us-east-1' });
new S3Backend(stack, { bucket: 'floor-state', key: 'floor.tfstate', region: 'us-east-1', encrypt: true });
new S3Bucket(stack, 'bucket', { bucket: 'floor-bucket' });
app.synth();
