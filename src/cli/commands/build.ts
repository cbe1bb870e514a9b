import type { Command } from 'commander';

/** `ingest build [--out dir]`: the Lambda bundle and its deterministic zip (`npm run build`). */
export function registerBuild(program: Command): void {
  program
    .command('build')
    .description(
      'Bundle the Lambda handler into dist/lambda/index.mjs and a deterministic dist/lambda.zip',
    )
    .option('--out <dir>', 'output folder instead of dist/')
    .action(async (flags: { out?: string }) => {
      const { buildLambda, describeLambdaBuild } = await import('../../build/lambdaBundle.js');
      const built = await buildLambda(flags.out === undefined ? {} : { outDir: flags.out });
      process.stdout.write(describeLambdaBuild(built));
    });
}
