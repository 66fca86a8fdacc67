using Azure;

namespace Dmarc.Adapters.Storage;

/// <summary>
/// Reads a query to a full page. The Table service may answer with fewer rows than asked, or
/// none, plus a continuation (after 1,000 rows, five seconds of work, or at a partition
/// boundary); Azurite always fills its pages. Each list therefore asks again from the
/// continuation, for the rows still missing, until it has the page size or there is no continuation.
/// </summary>
public static class TablePages
{
    /// <summary>Up to <paramref name="pageSize"/> rows from <paramref name="continuation"/> on, and where the next page starts (null at the end).</summary>
    public static async Task<(IReadOnlyList<T> Rows, string? Next)> ReadAsync<T>(
        Func<int, AsyncPageable<T>> query, int pageSize, string? continuation, CancellationToken cancellationToken = default)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var rows = new List<T>(Math.Min(pageSize, 1000));
        var next = continuation;
        do
        {
            var missing = Math.Min(pageSize - rows.Count, 1000);
            Page<T>? page = null;
            await foreach (var answer in query(missing).AsPages(next, missing).WithCancellation(cancellationToken))
            {
                page = answer;
                break;
            }

            if (page is null)
            {
                return (rows, null);
            }

            rows.AddRange(page.Values);
            next = page.ContinuationToken;
        }
        while (next is not null && rows.Count < pageSize);

        return (rows, next);
    }

    /// <summary>The first <paramref name="max"/> rows of a query, across however many pages the service answers with.</summary>
    public static async Task<IReadOnlyList<T>> FirstAsync<T>(AsyncPageable<T> query, int max, CancellationToken cancellationToken = default)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = new List<T>();
        if (max <= 0)
        {
            return rows;
        }

        await foreach (var row in query.WithCancellation(cancellationToken))
        {
            rows.Add(row);
            if (rows.Count >= max)
            {
                break;
            }
        }

        return rows;
    }
}
