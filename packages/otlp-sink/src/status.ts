import { status as GrpcStatus } from "@grpc/grpc-js";

/**
 * One status vocabulary for both transports: HTTP statuses, mapped to gRPC codes the way the OTLP
 * specification pairs them (so an exporter sees the same retryable / non-retryable answer
 * whichever protocol it speaks).
 */

const HTTP_TO_GRPC: Readonly<Record<number, GrpcStatus>> = {
  400: GrpcStatus.INVALID_ARGUMENT,
  401: GrpcStatus.UNAUTHENTICATED,
  403: GrpcStatus.PERMISSION_DENIED,
  404: GrpcStatus.UNIMPLEMENTED,
  413: GrpcStatus.RESOURCE_EXHAUSTED,
  415: GrpcStatus.INVALID_ARGUMENT,
  429: GrpcStatus.RESOURCE_EXHAUSTED,
  500: GrpcStatus.INTERNAL,
  501: GrpcStatus.UNIMPLEMENTED,
  502: GrpcStatus.UNAVAILABLE,
  503: GrpcStatus.UNAVAILABLE,
  504: GrpcStatus.DEADLINE_EXCEEDED,
};

export function grpcCodeFor(httpStatus: number): GrpcStatus {
  return (
    HTTP_TO_GRPC[httpStatus] ?? (httpStatus >= 500 ? GrpcStatus.UNAVAILABLE : GrpcStatus.INVALID_ARGUMENT)
  );
}

/** An answer the sink gives instead of accepting a request. */
export class SinkRejection extends Error {
  constructor(
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
    this.name = "SinkRejection";
  }
}
