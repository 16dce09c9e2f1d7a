using System.Reflection;
using Google.Protobuf.Reflection;
using Hub.Contracts.V1;

namespace Hub.Tests.Security;

/// <summary>Every RPC of the hub.v1 contracts, read from the generated descriptors (so RPCs added later are included).</summary>
public static class ContractMethods
{
    /// <summary>All methods of all services in the contracts assembly, by full name (<c>hub.v1.Service/Method</c>).</summary>
    public static IReadOnlyDictionary<string, MethodDescriptor> All { get; } = Load();

    private static Dictionary<string, MethodDescriptor> Load() =>
        typeof(AuditService).Assembly.GetTypes()
            .Where(t => t.Namespace == "Hub.Contracts.V1" && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => (FileDescriptor)t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!)
            .SelectMany(f => f.Services)
            .SelectMany(s => s.Methods)
            .ToDictionary(m => $"{m.Service.FullName}/{m.Name}", StringComparer.Ordinal);
}
