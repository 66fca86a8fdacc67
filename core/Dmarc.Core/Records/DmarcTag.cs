namespace Dmarc.Core.Records;

/// <summary>One tag of a DMARC record, with its name as written and its value trimmed.</summary>
public sealed record DmarcTag(string Name, string Value)
{
    public bool Is(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{Name}={Value}";
}
