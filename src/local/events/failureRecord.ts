/** An error as the Node.js Lambda runtime reports it. */
export interface FunctionError {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

/** Lambda's on-failure destination record for an asynchronous invocation (AWS shape). */
export interface OnFailureRecord {
  version: '1.0';
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: 'RetriesExhausted' | 'EventAgeExceeded';
    approximateInvokeCount: number;
  };
  requestPayload: unknown;
  responseContext: {
    statusCode: 200;
    executedVersion: '$LATEST';
    functionError: 'Unhandled';
  };
  responsePayload: FunctionError;
}

/** Builds the on-failure record Lambda sends after the last retry failed. */
export function createOnFailureRecord(input: {
  requestId: string;
  functionArn: string;
  invokeCount: number;
  payload: unknown;
  error: FunctionError;
  timestamp?: Date;
}): OnFailureRecord {
  return {
    version: '1.0',
    timestamp: (input.timestamp ?? new Date()).toISOString(),
    requestContext: {
      requestId: input.requestId,
      functionArn: `${input.functionArn}:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: input.invokeCount,
    },
    requestPayload: input.payload,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: input.error,
  };
}
