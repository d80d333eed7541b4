import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StageConfigError, stageConfigFromContext } from '../lib/config/stage.js';
import { composeRedress, redressAppContext } from '../lib/stacks/redress.js';
import { ensureConsoleBuilt } from '../web/tools/build.js';
import { distDir } from '../web/tools/paths.js';

/**
 * The CDK app: one stage per synth, chosen with context `stage` (cdk.json defaults to dev):
 *   npx cdk synth -c stage=prod -c alarmEmail=ops@shop.example
 * Stacks are environment-agnostic unless the CLI resolves an account and region. The web console
 * is built first when web/dist is missing or older than its sources (a clean clone synthesizes).
 */
const app = new App({ context: { ...redressAppContext } });

let config: ReturnType<typeof stageConfigFromContext>;
try {
  config = stageConfigFromContext(app.node);
} catch (error) {
  if (!(error instanceof StageConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
// Progress goes to stderr: `cdk synth` prints the template on stdout.
await ensureConsoleBuilt((message) => console.error(message));
composeRedress(app, config, {
  env: account && region ? { account, region } : undefined,
  consoleAssetPath: distDir,
});

// cdk-nag 3.x runs as a policy-validation plugin: unacknowledged findings fail the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
