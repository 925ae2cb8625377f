export {
  encodeOtlpRequest,
  fieldTag,
  otlpJsonRequest,
  otlpRequestMessage,
  type RequestSignal,
} from "./encode.js";
export { type OtlpSink, type OtlpSinkOptions, startOtlpSink } from "./sink.js";
export type { SinkStats } from "./store.js";
export type * from "./types.js";
export {
  attributeTypes,
  type FlatDataPoint,
  flattenDataPoints,
  type PlainObject,
  type PlainValue,
  plain,
  plainAttributes,
  pointValue,
  stringAttr,
} from "./values.js";
