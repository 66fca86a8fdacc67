namespace Dmarc.Core.Domains;

/// <summary>Port: reads <c>_dmarc.&lt;domain&gt;</c> from public DNS (NS and TXT), bounded in time; failures come back as <see cref="DmarcDnsAnswer.Error"/>.</summary>
public interface IDmarcDnsLookup
{
    Task<DmarcDnsAnswer> LookupAsync(string domain, CancellationToken cancellationToken = default);
}

/// <summary>Port: the mode the owner chose for each Active domain.</summary>
public interface IDomainModes
{
    Task<DomainModeSetting?> GetAsync(string domain, CancellationToken cancellationToken = default);

    Task UpsertAsync(DomainModeSetting setting, CancellationToken cancellationToken = default);
}

/// <summary>
/// Port: the DMARC records the service serves for domains that delegate <c>_dmarc</c> to its name
/// servers: one zone <c>_dmarc.&lt;domain&gt;</c> per domain on those servers, holding one TXT record at its apex.
/// </summary>
public interface IDelegatedDmarcServer
{
    /// <summary>The TXT value served at <c>_dmarc.&lt;domain&gt;</c>, or null when the service serves none.</summary>
    Task<string?> GetAsync(string domain, CancellationToken cancellationToken = default);

    /// <summary>Creates the delegated zone if needed and serves the value as its only TXT record; throws <see cref="DelegationNotServedException"/> when the service cannot serve delegated names.</summary>
    Task ServeAsync(string domain, string value, CancellationToken cancellationToken = default);
}

/// <summary>The service has no name servers that serve delegated <c>_dmarc</c> names (the message says why).</summary>
public sealed class DelegationNotServedException(string message) : Exception(message);
