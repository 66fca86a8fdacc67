using System.Globalization;
using Dmarc.Core.Dns;
using Dmarc.Core.Records;

namespace Dmarc.Adapters.Dns;

/// <summary>
/// Builds the record sets of one PATCH from the zone as it is now: disabled records an operator
/// left at the name are carried through, TXT keeps the character-strings an edit did not touch,
/// and when the zone has no SOA-EDIT-API (zones made with pdnsutil or a zone load before
/// PowerDNS 5.0) the SOA serial is raised in the same PATCH, so secondaries see the change.
/// </summary>
internal static class PowerDnsChange
{
    /// <summary>One PATCH that replaces every given record set (all or nothing), with the serial raised once.</summary>
    public static List<PdnsRrset> Replace(PdnsZone? current, IEnumerable<RecordSet> recordSets) =>
        WithSerial(current, [.. recordSets.Select(set => ReplaceOne(current, set))]);

    private static PdnsRrset ReplaceOne(PdnsZone? current, RecordSet recordSet)
    {
        var type = recordSet.Type.ToUpperInvariant();
        var existing = Existing(current, recordSet.Name, type);
        var previousTxt = type == "TXT" ? (existing?.Records ?? []).Where(r => !r.Disabled).Select(r => PowerDnsText.TxtStrings(r.Content ?? "")).ToArray() : [];
        var records = recordSet.Values
            .Select(v => new PdnsRecord { Content = type == "TXT" ? PowerDnsText.QuoteTxt(Resplit(previousTxt, v)) : v })
            .ToList();
        records.AddRange(Disabled(existing).Where(d => records.All(r => r.Content != d.Content)));
        return new PdnsRrset { Name = PowerDnsText.Absolute(recordSet.Name), Type = type, Ttl = recordSet.Ttl, Changetype = "REPLACE", Records = records };
    }

    /// <summary>Deletes the enabled records of a name and type; disabled ones stay. Null when there is nothing to delete.</summary>
    public static List<PdnsRrset>? Delete(PdnsZone? current, string name, string type)
    {
        var existing = Existing(current, name, type.ToUpperInvariant());
        if (existing is null || existing.Records?.All(r => r.Disabled) == true)
        {
            return null;
        }

        var disabled = Disabled(existing).ToList();
        var rrset = disabled.Count == 0
            ? new PdnsRrset { Name = PowerDnsText.Absolute(name), Type = type.ToUpperInvariant(), Changetype = "DELETE" }
            : new PdnsRrset { Name = PowerDnsText.Absolute(name), Type = type.ToUpperInvariant(), Ttl = existing.Ttl, Changetype = "REPLACE", Records = disabled };
        return WithSerial(current, [rrset]);
    }

    /// <summary>The serial in the zone's SOA record, if it has one that parses.</summary>
    public static uint? Serial(PdnsZone? zone)
    {
        var fields = zone?.Rrsets?.FirstOrDefault(r => r.Type == "SOA")?.Records?.FirstOrDefault(r => !r.Disabled)?.Content?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: 7 } && uint.TryParse(fields[2], CultureInfo.InvariantCulture, out var serial) ? serial : null;
    }

    /// <summary>
    /// True when a change is certain to move the serial: this service raises it, or PowerDNS does
    /// with an increasing SOA-EDIT-API (EPOCH and SOA-EDIT may give the same serial twice in a second).
    /// </summary>
    public static bool SerialMustMove(PdnsZone zone) =>
        !RaisesSerialItself(zone) || zone.SoaEditApi!.ToUpperInvariant() is "DEFAULT" or "INCREASE" or "SOA-EDIT-INCREASE";

    /// <summary>True when PowerDNS raises the serial on API changes (SOA-EDIT-API set and not OFF).</summary>
    public static bool RaisesSerialItself(PdnsZone zone) =>
        !string.IsNullOrEmpty(zone.SoaEditApi) && !string.Equals(zone.SoaEditApi, "OFF", StringComparison.OrdinalIgnoreCase);

    /// <summary>The SOA with its serial raised, added when the zone does not have PowerDNS raise it.</summary>
    private static List<PdnsRrset> WithSerial(PdnsZone? current, List<PdnsRrset> rrsets)
    {
        if (current is null || RaisesSerialItself(current))
        {
            return rrsets;
        }

        var soa = current.Rrsets?.FirstOrDefault(r => r.Type == "SOA");
        var record = soa?.Records?.FirstOrDefault(r => !r.Disabled);
        var fields = record?.Content?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (soa is null || fields is not { Length: 7 } || !uint.TryParse(fields[2], CultureInfo.InvariantCulture, out var serial))
        {
            return rrsets;
        }

        fields[2] = NextSerial(serial, DateTime.UtcNow).ToString(CultureInfo.InvariantCulture);
        rrsets.Add(new PdnsRrset { Name = soa.Name, Type = "SOA", Ttl = soa.Ttl, Changetype = "REPLACE", Records = [new PdnsRecord { Content = string.Join(' ', fields) }] });
        return rrsets;
    }

    /// <summary>Serial + 1, or today's YYYYMMDD00 when the zone uses the date form and today is later (RFC 1982 arithmetic wraps).</summary>
    internal static uint NextSerial(uint serial, DateTime today)
    {
        var dated = uint.Parse(today.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) * 100u;
        var usesDates = serial is >= 1970010100u and <= 2999123199u;
        return usesDates && dated > serial ? dated : unchecked(serial + 1);
    }

    internal static PdnsRrset? Existing(PdnsZone? current, string name, string type)
    {
        var absolute = PowerDnsText.Absolute(name);
        return current?.Rrsets?.FirstOrDefault(r => r.Type == type && string.Equals(r.Name, absolute, StringComparison.OrdinalIgnoreCase));
    }

    private static IEnumerable<PdnsRecord> Disabled(PdnsRrset? existing) =>
        (existing?.Records ?? []).Where(r => r.Disabled).Select(r => new PdnsRecord { Content = r.Content, Disabled = true });

    /// <summary>The new value split like the previous value it was edited from (the one sharing the longest start), or afresh.</summary>
    private static IReadOnlyList<string> Resplit(IReadOnlyList<IReadOnlyList<string>> previous, string value)
    {
        var closest = previous
            .Select(chunks => (Chunks: chunks, Shared: SharedStart(string.Concat(chunks), value)))
            .Where(p => p.Shared > 0)
            .OrderByDescending(p => p.Shared)
            .Select(p => p.Chunks)
            .FirstOrDefault();
        return closest is null ? TxtChunks.Split(value) : TxtChunks.Resplit(closest, value);
    }

    private static int SharedStart(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n])
        {
            n++;
        }

        return n;
    }
}
