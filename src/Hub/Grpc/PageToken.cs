using System.Text;

namespace Hub.Grpc;

/// <summary>
/// Offset paging: a token is the opaque, base64 form of the next offset and of the request's
/// filter, so a token used with other filters is refused rather than silently misread.
/// </summary>
public static class PageToken
{
    /// <summary>Default page size when the request gives 0.</summary>
    public const int DefaultSize = 50;

    /// <summary>Largest page size; larger requests are lowered to it.</summary>
    public const int MaxSize = 500;

    /// <summary>The effective page size, or a violation for a negative one.</summary>
    public static int Size(int requested, RequestChecks checks, string field = "page_size")
    {
        checks.Check(requested < 0, field, "must not be negative");
        return requested <= 0 ? DefaultSize : Math.Min(requested, MaxSize);
    }

    /// <summary>The offset a token stands for (0 for an empty token), or a violation.</summary>
    public static int Offset(string token, string filter, RequestChecks checks, string field = "page_token")
    {
        if (token.Length == 0)
            return 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && int.TryParse(text.AsSpan(0, bar), out var offset) && offset > 0 && text[(bar + 1)..] == filter)
                return offset;
        }
        catch (FormatException)
        {
        }
        checks.Check(true, field, "is not a page token of this listing (use next_page_token unchanged, with the same filters)");
        return 0;
    }

    /// <summary>The token of the next page, or empty when <paramref name="returned"/> shows this was the last one.</summary>
    public static string Next(int offset, int size, int returned, string filter) =>
        returned < size ? "" : Convert.ToBase64String(Encoding.UTF8.GetBytes($"{offset + returned}|{filter}"));
}
