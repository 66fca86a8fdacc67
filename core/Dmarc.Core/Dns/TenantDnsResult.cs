using Dmarc.Core.Validation;

namespace Dmarc.Core.Dns;

public enum DnsRefusalKind
{
    /// <summary>The name belongs to the service (its reporting zone): no account may have it.</summary>
    Forbidden,

    /// <summary>The name is taken: the zone exists, or it nests with another account's zone.</summary>
    Conflict,
}

/// <summary>Why a change to tenant DNS was refused, in words for the caller.</summary>
public sealed record DnsRefusal(DnsRefusalKind Kind, string Title, string Detail);

/// <summary>A change to an account's DNS: the value written, the input errors, or a refusal.</summary>
public sealed record TenantDnsResult<T>(T? Value, ValidationErrors? Errors = null, DnsRefusal? Refusal = null)
    where T : class;

public static class TenantDnsResult
{
    public static TenantDnsResult<T> Done<T>(T value)
        where T : class => new(value);

    public static TenantDnsResult<T> Invalid<T>(ValidationErrors errors)
        where T : class => new(null, errors);

    public static TenantDnsResult<T> Refused<T>(DnsRefusal refusal)
        where T : class => new(null, null, refusal);
}
