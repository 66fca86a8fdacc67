using System.Globalization;

namespace Dmarc.Adapters.Storage;

/// <summary>
/// Bounds for string properties. A string property holds at most 64 KiB of UTF-16, 32,768
/// characters; Azure refuses somewhat below that once the entity's other bytes count, Azurite only
/// above it. Free text from outside (reasons that quote XML, org names, report ids, error details)
/// is cut at <see cref="MaxFreeTextChars"/> and ends in a marker that says how long it was; values
/// that must not be cut (record sets) are checked against <see cref="MaxPropertyChars"/> and refused
/// before the first write.
/// </summary>
public static class TableText
{
    /// <summary>The longest free text stored: long enough for any message a user reads.</summary>
    public const int MaxFreeTextChars = 8_000;

    /// <summary>The longest value stored whole in one string property, with room left for the entity's other properties.</summary>
    public const int MaxPropertyChars = 30_000;

    /// <summary>The text itself when it fits, else its start and " … [truncated: N characters]"; null stays null.</summary>
    public static string? Bound(string? text, int maxChars = MaxFreeTextChars)
    {
        if (text is null || text.Length <= maxChars)
        {
            return text;
        }

        var marker = string.Create(CultureInfo.InvariantCulture, $" … [truncated: {text.Length} characters]");
        var keep = maxChars - marker.Length;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return text[..keep] + marker;
    }

    /// <summary>Like <see cref="Bound(string?, int)"/> for text that is never null.</summary>
    public static string BoundRequired(string text, int maxChars = MaxFreeTextChars) => Bound(text, maxChars)!;
}
