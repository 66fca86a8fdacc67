namespace Dmarc.Functions.LocalRunner;

/// <summary>A blob trigger path such as <c>inbound/{name}</c>: a container, a literal prefix and one name parameter.</summary>
public sealed record BlobPath(string Container, string Prefix, string Parameter)
{
    public static BlobPath Parse(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var open = path.IndexOf('{', StringComparison.Ordinal);
        if (slash <= 0 || open < slash || !path.EndsWith('}') || path.IndexOf('{', open + 1) >= 0)
        {
            throw new FormatException($"Blob trigger path '{path}' must look like 'container/prefix{{name}}'.");
        }

        return new BlobPath(path[..slash], path[(slash + 1)..open], path[(open + 1)..^1]);
    }

    /// <summary>The value of the name parameter for a blob, e.g. the blob name without the prefix.</summary>
    public string ParameterValue(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        return blobName[Prefix.Length..];
    }
}
