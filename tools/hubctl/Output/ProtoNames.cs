using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace Hub.Ctl.Output;

/// <summary>Protobuf enum values as the contract spells them, without the enum's prefix: <c>DECISION_CONFLICT</c> → <c>CONFLICT</c>.</summary>
public static class ProtoNames
{
    private static readonly ConcurrentDictionary<Enum, string> Cache = new();

    /// <summary>The value's name in the .proto file minus the prefix shared with the enum's zero value, e.g. <c>DIFFERENT</c>.</summary>
    public static string Of<T>(T value) where T : struct, Enum => Cache.GetOrAdd(value, v =>
    {
        var name = OriginalName(v);
        var zero = OriginalName((T)Enum.ToObject(typeof(T), 0));
        // The zero value is PREFIX_UNSPECIFIED; every other value starts with the same PREFIX_.
        var prefix = zero.EndsWith("UNSPECIFIED", StringComparison.Ordinal) ? zero[..^"UNSPECIFIED".Length] : "";
        return prefix.Length > 0 && name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
    });

    // A number the generated enum does not know (a newer hub) has no field: show the number.
    private static string OriginalName(Enum value) =>
        value.GetType().GetField(value.ToString(), BindingFlags.Public | BindingFlags.Static)
            ?.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? Convert.ToInt32(value).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
