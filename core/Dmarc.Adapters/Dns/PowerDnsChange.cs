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
    public static List<PdnsRrset> Replace(PdnsZone? current, RecordSet recordSet)
    {
        var type = recordSet.Type.ToUpperInvariant();
        var existing = Existing(current, recordSet.Name, type);
        var previousTxt = type == "TXT" ? (existing?.Records ?? []).Where(r => !r.Disabled).Select(r => PowerDnsText.TxtStrings(r.Content ?? "")).ToArray() : [];
        var records = recordSet.Values
            .Select(v => new PdnsRecord { Content = type == "TXT" ? PowerDnsText.QuoteTxt(Resplit(previousTxt, v)) : v })
            .ToList();
        records.AddRange(Disabled(existing).Where(d => records.All(r => r.Content != d.Content)));
        var rrset = new PdnsRrset { Name = PowerDnsText.Absolute(recordSet.Name), Type = type, Ttl = recordSet.Ttl, Changetype = "REPLACE", Records = records };
        return WithSerial(current, [rrset]);
    }

    /// <summary>Deletes the enabled records of a name and type; disabled ones stay.</summary>
    public static List<PdnsRrset> Delete(PdnsZone? current, string name, string type)
    {
        var existing = Existing(current, name, type.ToUpperInvariant());
        var disabled = Disabled(existing).ToList();
        var rrset = disabled.Count == 0
            ? new PdnsRrset { Name = PowerDnsText.Absolute(name), Type = type.ToUpperInvariant(), Changetype = "DELETE" }
            : new PdnsRrset { Name = PowerDnsText.Absolute(name), Type = type.ToUpperInvariant(), Ttl = existing!.Ttl, Changetype = "REPLACE", Records = disabled };
        return existing is null && current is not null ? [rrset] : WithSerial(current, [rrset]);
    }

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

    private static PdnsRrset? Existing(PdnsZone? current, string name, string type)
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
