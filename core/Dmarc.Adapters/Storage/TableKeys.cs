using System.Buffers.Text;
using System.Text;

namespace Dmarc.Adapters.Storage;

/// <summary>Rules for PartitionKey and RowKey values.</summary>
public static class TableKeys
{
    private const int MaxLength = 1024;

    /// <summary>False for values Table Storage refuses as keys ('/', '\', '#', '?', control characters).</summary>
    public static bool IsValid(string value) =>
        value.Length is > 0 and <= MaxLength
        && !value.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    /// <summary>Encodes any string (a blob name, say) as a valid key: URL-safe base64 of its UTF-8 bytes.</summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value));
    }
}
