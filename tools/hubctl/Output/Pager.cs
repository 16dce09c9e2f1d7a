namespace Hub.Ctl.Output;

/// <summary>Collects items from a paged list RPC (page_token / next_page_token).</summary>
public static class Pager
{
    /// <summary>
    /// Fetches the first page, or every page when <paramref name="all"/> is set. <c>HasMore</c> is
    /// true when pages were left unread.
    /// </summary>
    public static async Task<(List<T> Items, bool HasMore)> CollectAsync<T>(
        Func<string, Task<(IEnumerable<T> Items, string NextPageToken)>> fetchPage, bool all)
    {
        var items = new List<T>();
        var token = "";
        do
        {
            var (page, next) = await fetchPage(token);
            items.AddRange(page);
            token = next;
        }
        while (all && token.Length > 0);
        return (items, token.Length > 0);
    }
}
