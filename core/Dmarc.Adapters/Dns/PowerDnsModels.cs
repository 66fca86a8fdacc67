namespace Dmarc.Adapters.Dns;

// The PowerDNS HTTP API's zone, record set and record objects (names as the API writes them).

internal sealed class PdnsZone
{
    /// <summary>The zone's SOA-EDIT-API setting; empty when PowerDNS does not raise the serial on API changes.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("soa_edit_api")]
    public string? SoaEditApi { get; set; }

    /// <summary>True when PowerDNS rectifies the zone itself after each API change.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("api_rectify")]
    public bool ApiRectify { get; set; }

    /// <summary>NSEC3 narrow zones need no ordernames, so no rectify.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("nsec3narrow")]
    public bool Nsec3Narrow { get; set; }

    public string? Name { get; set; }

    public string? Kind { get; set; }

    public bool Dnssec { get; set; }

    public string? Account { get; set; }

    public List<string>? Nameservers { get; set; }

    public IReadOnlyList<string>? Masters { get; set; }

    public List<PdnsRrset>? Rrsets { get; set; }
}

internal sealed class PdnsRrset
{
    public string? Name { get; set; }

    public string? Type { get; set; }

    public int? Ttl { get; set; }

    public string? Changetype { get; set; }

    public List<PdnsRecord>? Records { get; set; }
}

internal sealed class PdnsRecord
{
    public string? Content { get; set; }

    public bool Disabled { get; set; }
}

internal sealed class PdnsMetadata
{
    public List<string>? Metadata { get; set; }
}

/// <summary>One answer of <c>GET /servers/{id}/search-data</c>; disabled records are included (unlike rrset_name reads in 4.7).</summary>
internal sealed class PdnsSearchResult
{
    [System.Text.Json.Serialization.JsonPropertyName("object_type")]
    public string? ObjectType { get; set; }

    /// <summary>The zone's name (its id, <c>zone_id</c>, escapes characters such as '/' as =2F).</summary>
    public string? Zone { get; set; }

    public string? Name { get; set; }

    public string? Type { get; set; }

    public string? Content { get; set; }

    public int? Ttl { get; set; }

    public bool Disabled { get; set; }
}
