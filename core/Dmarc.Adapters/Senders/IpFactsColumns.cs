using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Senders;

namespace Dmarc.Adapters.Senders;

/// <summary>The columns of <see cref="IpFacts"/>, shared by the facts cache and the classification rows; every string is bounded.</summary>
internal static class IpFactsColumns
{
    public const int MaxIpChars = 100;
    private const int MaxNameChars = 255;

    public static void Write(TableEntity entity, IpFacts facts)
    {
        entity["ReverseDnsStatus"] = facts.ReverseDns.Status.ToString();
        entity["ReverseDns"] = TableText.Bound(facts.ReverseDns.Name, MaxNameChars);
        entity["Country"] = TableText.Bound(facts.Country, 8);
        entity["Asn"] = facts.Asn is { } asn ? (long)asn : null;
        entity["AsnOrganisation"] = TableText.Bound(facts.AsnOrganisation, 500);
        entity["CheckedAt"] = facts.CheckedAt;
    }

    public static IpFacts Read(string ip, TableEntity entity)
    {
        var status = Enum.TryParse<ReverseDnsStatus>(entity.GetString("ReverseDnsStatus"), out var s) ? s : ReverseDnsStatus.Failed;
        var asn = entity.GetInt64("Asn");
        return new IpFacts(
            ip,
            new ReverseDnsResult(status, entity.GetString("ReverseDns")),
            entity.GetString("Country"),
            asn is { } a ? (uint)a : null,
            entity.GetString("AsnOrganisation"),
            entity.GetDateTimeOffset("CheckedAt") ?? DateTimeOffset.MinValue);
    }
}
