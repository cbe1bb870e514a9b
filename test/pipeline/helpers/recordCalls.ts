import type { AwsCall, IamService } from '../../../src/aws/iamActions.js';

/** The part of an AWS SDK v3 client the recorder needs. */
interface ClientWithStack {
  middlewareStack: {
    add(
      middleware: (
        next: (args: { input: object }) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: { input: object }) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * Records every call a client sends, as the code built it (the `initialize` step sees the
 * command's input before the SDK adds anything): service, operation and input parameters.
 */
export function recordCalls<T extends ClientWithStack>(
  client: T,
  service: IamService,
  calls: AwsCall[],
): T {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push({
        service,
        operation: String(context.commandName).replace(/Command$/, ''),
        input: { ...(args.input as Record<string, unknown>) },
      });
      return next(args);
    },
    { step: 'initialize', name: 'recordIamCalls' },
  );
  return client;
}
