namespace Dmarc.Core.Records;

/// <summary>Why a TXT value is not a valid DMARC record, naming the tag at fault where there is one.</summary>
public sealed record DmarcRecordError(string Message, string? Tag = null)
{
    public override string ToString() => Tag is null ? Message : $"{Tag}: {Message}";
}
