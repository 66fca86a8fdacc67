namespace Dmarc.Adapters.Storage;

/// <summary>Blob metadata values travel as HTTP header values: printable ASCII only, bounded length.</summary>
public static class BlobMetadata
{
    public const int MaxValueLength = 2000;

    public static string Value(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var safe = new string(text.Select(c => c is >= ' ' and <= '~' ? c : ' ').ToArray()).Trim();
        return safe.Length > MaxValueLength ? safe[..MaxValueLength] : safe;
    }
}
