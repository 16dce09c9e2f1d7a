using Hub.Contracts.V1;

namespace Hub.Grpc;

// Services whose capability has not landed yet. They are mapped so that reflection lists the
// whole hub.v1 contract; each RPC answers UNIMPLEMENTED with the reason from Roadmap.
// A class moves out of this file, and gains its overrides, when its issue is built.


// The hub never serves this one; it is mapped only so reflection offers its schema (see Roadmap).
internal sealed class AdapterSideDepartmentAdapterService : DepartmentAdapterService.DepartmentAdapterServiceBase;
