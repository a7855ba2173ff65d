// Node-side type-checking follows imports into src/providers, whose stream code uses this workerd
// global. Node never runs that code; the Worker gets the real declaration from worker-configuration.d.ts.
declare class IdentityTransformStream extends TransformStream<ArrayBuffer | ArrayBufferView, Uint8Array> {}
