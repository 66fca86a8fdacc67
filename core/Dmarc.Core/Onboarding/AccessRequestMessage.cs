namespace Dmarc.Core.Onboarding;

/// <summary>The free text a requester sends to the owners: bounded, plain lines, no control or bidirectional-override characters.</summary>
public static class AccessRequestMessage
{
    public const int MaxLength = 1000;

    /// <summary>The message with line breaks normalised to '\n' and trimmed; null and why when it cannot be sent.</summary>
    public static string? Normalize(string? message, out string? error)
    {
        var text = (message ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        error = text.Length > MaxLength
            ? $"The message must be at most {MaxLength} characters."
            : text.Any(IsForbidden)
                ? "The message must be plain text without control characters."
                : null;
        return error is null ? text : null;
    }

    private static bool IsForbidden(char c) =>
        (char.IsControl(c) && c != '\n')
        || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';
}
