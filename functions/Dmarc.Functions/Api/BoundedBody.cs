namespace Dmarc.Functions.Api;

/// <summary>
/// Reads a request body up to a limit whether it came with a Content-Length or chunked (a chunked
/// body announces no length, so the limit holds only if it is counted while reading).
/// </summary>
public static class BoundedBody
{
    /// <summary>The body as text (UTF-8 unless a byte order mark says otherwise), or null when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<string?> ReadTextAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        using var reader = new StreamReader(buffer);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
