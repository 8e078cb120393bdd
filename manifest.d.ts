// `typekiln/manifest`: the types of the route and socket manifests the transformer emits, for tools
// that read them (`app.manifests()`, `app.socketManifests()`). Types only; the package's runtime
// entry is `typekiln`. The package has no "exports" map (see README, Cold start).
export type * from "./dist/runtime/contract/manifest";
export type * from "./dist/runtime/contract/socket-manifest";
