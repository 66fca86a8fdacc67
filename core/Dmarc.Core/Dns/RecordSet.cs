namespace Dmarc.Core.Dns;

/// <summary>
/// The records of one type at one name. Names are absolute, lower case, without the trailing
/// dot. TXT values are the whole text (character-strings joined); adapters split them again.
/// A pool names the traffic pool or dynamic record set the records belong to, if any.
/// </summary>
public sealed record RecordSet(string Name, string Type, int Ttl, IReadOnlyList<string> Values, string? Pool = null)
{
    public const int DefaultTtl = 3600;

    public bool Is(string type) => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase);

    public bool Equals(RecordSet? other) =>
        other is not null && Name == other.Name && Is(other.Type) && Ttl == other.Ttl && Pool == other.Pool && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Name, Type.ToUpperInvariant(), Ttl, Pool, Values.Count);
}
