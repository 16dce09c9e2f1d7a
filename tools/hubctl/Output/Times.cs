using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Hub.Ctl.Output;

/// <summary>Timestamps as people read them: ISO 8601 in the local time zone, with its offset.</summary>
public static class Times
{
    /// <summary>For example <c>2025-03-04T10:22:31+08:00</c>; empty when the hub sent no time.</summary>
    public static string Local(Timestamp? time) => time is null
        ? ""
        : TimeZoneInfo.ConvertTime(time.ToDateTimeOffset(), TimeZoneInfo.Local)
            .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
